package io.meshwork.core.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.OptionalInt;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

/** {@code domain.name}, {@code @v<major>}, {@code @<data version>} and both. */
class ProductRefTest {
  @Test
  void majorsAndDataVersions() {
    ProductId id = ProductId.parse("hr.employees");
    assertThat(ProductRef.parse("hr.employees")).isEqualTo(new ProductRef(id, OptionalInt.empty(), OptionalLong.empty()));
    assertThat(ProductRef.parse("hr.employees@v2")).isEqualTo(new ProductRef(id, OptionalInt.of(2), OptionalLong.empty()));
    assertThat(ProductRef.parse("hr.employees@5")).isEqualTo(new ProductRef(id, OptionalInt.empty(), OptionalLong.of(5)));
    assertThat(ProductRef.parse("hr.employees@v2@5")).isEqualTo(new ProductRef(id, OptionalInt.of(2), OptionalLong.of(5)));
    assertThat(ProductRef.parse("hr.employees@v2@5")).hasToString("hr.employees@v2@5");
  }

  @Test
  void anythingElseIsRefused() {
    assertThatThrownBy(() -> ProductRef.parse("hr.employees@latest")).hasMessageContaining("is not a product reference");
    assertThatThrownBy(() -> ProductRef.parse("hr.employees@v0")).hasMessageContaining("majors start at v1");
    assertThatThrownBy(() -> ProductRef.parse("hr.employees@5@v2")).hasMessageContaining("is not a product reference");
  }
}

package io.meshwork.quality;

import io.meshwork.core.model.ConstraintSpec;
import io.meshwork.core.model.DataProduct;
import io.meshwork.core.model.Owner;
import io.meshwork.core.model.ProductId;
import io.meshwork.core.model.SemVer;
import io.meshwork.core.model.SourceLocation;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Builds contract records directly, without the HOCON loader. */
final class TestProducts {
  private TestProducts() {}

  static DataProduct product(List<String> primaryKey, ConstraintSpec... constraints) {
    return DataProduct.builder(new ProductId("sales", "orders"), new SemVer(1, 0, 0))
        .description("Orders")
        .owner(new Owner("sales", null))
        .sql("select 1")
        .primaryKey(primaryKey)
        .constraints(List.of(constraints))
        .file(Path.of("sales.orders.conf"))
        .sha256("0".repeat(64))
        .build();
  }

  static DataProduct product(ConstraintSpec... constraints) {
    return product(List.of("order_id"), constraints);
  }

  /** An error-level constraint; {@code params} alternate key, value. */
  static ConstraintSpec error(String check, List<String> columns, Object... params) {
    return spec(check, columns, ConstraintSpec.ERROR, null, params);
  }

  static ConstraintSpec warning(String check, List<String> columns, Object... params) {
    return spec(check, columns, ConstraintSpec.WARNING, null, params);
  }

  static ConstraintSpec spec(String check, List<String> columns, String level, String name, Object... params) {
    Map<String, Object> map = new LinkedHashMap<>();
    for (int i = 0; i < params.length; i += 2) {
      map.put((String) params[i], params[i + 1]);
    }
    return new ConstraintSpec(check, columns, map, level, name, new SourceLocation("sales.orders.conf", 10));
  }
}

package io.meshwork.quality.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class NumbersTest {
  @Test
  void wholeCountsHaveNoDecimalsAndGroupThousands() {
    assertThat(Numbers.format(0, true)).isEqualTo("0");
    assertThat(Numbers.format(48211, true)).isEqualTo("48,211");
    assertThat(Numbers.format(2.5, true)).isEqualTo("2.5");
  }

  @Test
  void otherValuesHaveOneToFourDecimals() {
    assertThat(Numbers.format(1, false)).isEqualTo("1.0");
    assertThat(Numbers.format(0.8, false)).isEqualTo("0.8");
    assertThat(Numbers.format(0.97125, false)).isEqualTo("0.9713");
    assertThat(Numbers.format(-5, false)).isEqualTo("-5.0");
    assertThat(Numbers.format(1234.5, false)).isEqualTo("1,234.5");
  }

  @Test
  void aValueIsShownInFullWhenRoundingWouldHideTheViolation() {
    assertThat(Numbers.observed(0.99996, false, 1.0, null)).isEqualTo("0.99996");
    assertThat(Numbers.observed(100.00001, false, null, 100.0)).isEqualTo("100.00001");
    assertThat(Numbers.observed(0.99996, false, 0.5, null)).isEqualTo("1.0");
  }

  @Test
  void thresholdsAndRows() {
    assertThat(Numbers.threshold(1.0, 1.0, false)).isEqualTo("== 1.0");
    assertThat(Numbers.threshold(1.0, null, true)).isEqualTo(">= 1");
    assertThat(Numbers.threshold(null, 100.0, false)).isEqualTo("<= 100.0");
    assertThat(Numbers.threshold(1.0, 1000.0, true)).isEqualTo("between 1 and 1,000");
    assertThat(Numbers.rows(1)).isEqualTo("1 row");
    assertThat(Numbers.rows(48211)).isEqualTo("48,211 rows");
  }
}

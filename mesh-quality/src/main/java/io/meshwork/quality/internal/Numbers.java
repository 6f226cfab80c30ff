package io.meshwork.quality.internal;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.text.DecimalFormat;
import java.text.DecimalFormatSymbols;
import java.util.Locale;

/**
 * How numbers read in quality messages, one rule for the whole module:
 *
 * <ul>
 *   <li>counts (rows, row-count, distinct-count, max-length) that are whole: no decimals,
 *       {@code ,} between thousands: {@code 0}, {@code 48,211};
 *   <li>every other value (fractions such as completeness, column minimum/maximum/mean/sum/stddev,
 *       and their thresholds): at least one and at most four decimals, rounded half-up, {@code ,}
 *       between thousands: {@code 1.0}, {@code 0.8}, {@code 0.9713}, {@code -5.0}, {@code 1,234.5};
 *   <li>when four decimals would hide why a value fails (0.99996 rounds to the threshold 1.0), the
 *       full value is shown: {@code 0.99996}.
 * </ul>
 */
public final class Numbers {
  private Numbers() {}

  public static String format(double value, boolean count) {
    if (Double.isNaN(value) || Double.isInfinite(value)) {
      return Double.toString(value);
    }
    if (count && value == Math.rint(value)) {
      return pattern("#,##0").format(value);
    }
    DecimalFormat f = pattern("#,##0.0###");
    f.setRoundingMode(RoundingMode.HALF_UP);
    // Round the shortest decimal that names the double (0.97125), not its binary expansion
    // (0.971249999...), so the rounding is the one a reader would do.
    return f.format(BigDecimal.valueOf(value));
  }

  /** {@link #format}, unless rounding would make a violating value look like its bound. */
  public static String observed(double value, boolean count, Double min, Double max) {
    String text = format(value, count);
    boolean hidesMin = min != null && value < min && text.equals(format(min, count));
    boolean hidesMax = max != null && value > max && text.equals(format(max, count));
    return hidesMin || hidesMax ? BigDecimal.valueOf(value).toPlainString() : text;
  }

  /** {@code 1 row}, {@code 48,211 rows}. */
  public static String rows(long rows) {
    return pattern("#,##0").format(rows) + (rows == 1 ? " row" : " rows");
  }

  /** {@code == 1.0}, {@code >= 1}, {@code <= 100.0}, {@code between 1 and 100}. */
  public static String threshold(Double min, Double max, boolean count) {
    if (min != null && max != null) {
      return min.equals(max)
          ? "== " + format(min, count)
          : "between " + format(min, count) + " and " + format(max, count);
    }
    return min != null ? ">= " + format(min, count) : "<= " + format(max, count);
  }

  private static DecimalFormat pattern(String pattern) {
    return new DecimalFormat(pattern, DecimalFormatSymbols.getInstance(Locale.ROOT));
  }
}

package io.meshwork.core.spi;

import io.meshwork.core.model.InputVersion;
import java.util.Objects;

/**
 * One input column that an output column (or the whole output) depends on.
 *
 * @param input the input as the run reports it ({@link RunOutcome#inputs()})
 * @param field the input column's name
 * @param use how the output depends on it: a {@linkplain Use#direct() direct} use gives the value,
 *     an indirect one decides which rows or which value
 * @param masking whether the value is masked on the way (hashed), so the original is not kept
 */
public record ColumnSource(InputVersion input, String field, Use use, boolean masking) {
  public ColumnSource {
    Objects.requireNonNull(input, "input");
    Objects.requireNonNull(field, "field");
    Objects.requireNonNull(use, "use");
  }

  /** How an output depends on an input column (OpenLineage's transformation subtypes). */
  public enum Use {
    /** The value as it was, under any name. */
    IDENTITY,
    /** The value computed from it row by row ({@code amount * 2}, {@code CAST}, {@code upper}). */
    TRANSFORMATION,
    /** The value aggregated over rows ({@code SUM(amount)}, {@code COUNT(x)}). */
    AGGREGATION,
    /** A join condition. */
    JOIN,
    /** A grouping key. */
    GROUP_BY,
    /** A filter condition ({@code WHERE}, {@code HAVING}). */
    FILTER,
    /** A sort key. */
    SORT,
    /** A window's partition or order. */
    WINDOW,
    /** The condition of a {@code CASE WHEN} / {@code IF} choosing the value. */
    CONDITIONAL;

    /** True for IDENTITY, TRANSFORMATION and AGGREGATION: the output's value comes from the column. */
    public boolean direct() {
      return this == IDENTITY || this == TRANSFORMATION || this == AGGREGATION;
    }
  }
}

package io.meshwork.core.contract;

import io.meshwork.core.model.ConstraintSpec;
import io.meshwork.core.model.SourceLocation;
import java.util.List;
import java.util.Locale;

/**
 * One difference between two versions of a contract, as {@link ContractDiff} classifies it from
 * the side of the people who read the product.
 *
 * @param kind what changed: {@code column-removed}, {@code column-renamed}, {@code column-added},
 *     {@code type-changed}, {@code type-widened}, {@code nullable-to-required}, {@code
 *     required-to-nullable}, {@code description-changed}, {@code classification-changed}, {@code
 *     primary-key-changed}, {@code constraint-added}, {@code constraint-removed}, {@code
 *     constraint-tightened}, {@code constraint-loosened}, {@code constraint-changed}, {@code
 *     readers-changed}, {@code sla-changed}, {@code product-changed}, {@code contract-added},
 *     {@code contract-deleted}
 * @param impact consumer-breaking, tightening or compatible
 * @param description the change in words: {@code column 'amount' type changed from decimal(12,2) to int}
 * @param location where the change is declared in the newer contract (for something removed: where it was)
 * @param columns the columns of the older contract the change concerns (empty: the product as a whole)
 * @param rule for a tightening, the rule the data already published must now meet (a constraint of
 *     the newer contract, or {@code complete(c)} for a column made required); null otherwise
 */
public record ContractChange(String kind, Impact impact, String description, SourceLocation location, List<String> columns, ConstraintSpec rule) {
  /** What a change means for the product's readers. */
  public enum Impact {
    /** A reader may break or silently lose a guarantee: needs a major version bump. */
    CONSUMER_BREAKING,
    /** A stronger guarantee: breaks no reader, but the data already published must meet it. */
    TIGHTENING,
    /** Neither. */
    COMPATIBLE;

    /** As printed and in JSON: {@code consumer-breaking}, {@code tightening}, {@code compatible}. */
    public String label() {
      return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }
  }

  public ContractChange {
    columns = columns == null ? List.of() : List.copyOf(columns);
  }

  /** A change with no columns and no rule. */
  public ContractChange(String kind, Impact impact, String description, SourceLocation location) {
    this(kind, impact, description, location, List.of(), null);
  }

  /** Whether the change needs a major version bump. */
  public boolean breaking() {
    return impact == Impact.CONSUMER_BREAKING;
  }
}

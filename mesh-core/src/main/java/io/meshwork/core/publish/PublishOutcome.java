package io.meshwork.core.publish;

/**
 * What became of verified rows: the label is what the metrics history records as a run's
 * {@code outcome}.
 */
public enum PublishOutcome {
  /** The rows passed the gate and were committed as a new data version. */
  PUBLISHED("published"),
  /** The gate refused the rows; nothing was committed. */
  REFUSED("refused"),
  /** The rows passed the gate but another writer committed first; nothing was committed. */
  CONFLICT("conflict");

  private final String label;

  PublishOutcome(String label) {
    this.label = label;
  }

  /** {@code published}, {@code refused} or {@code conflict}. */
  public String label() {
    return label;
  }

  /** The outcome with this label, or null. */
  public static PublishOutcome of(String label) {
    for (PublishOutcome o : values()) {
      if (o.label.equals(label)) {
        return o;
      }
    }
    return null;
  }
}

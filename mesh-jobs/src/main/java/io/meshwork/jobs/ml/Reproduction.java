package io.meshwork.jobs.ml;

import java.util.List;

/**
 * The result of rebuilding a model version's training set from the exact versions its manifest
 * names.
 *
 * @param expected rows and checksum recorded when the model was trained
 * @param actual rows and checksum of the rebuilt training set
 * @param versionsRead every feature-set and product version re-read ({@code name@version})
 */
public record Reproduction(String model, long version, ContentChecksum expected, ContentChecksum actual, List<String> versionsRead) {
  public Reproduction {
    versionsRead = List.copyOf(versionsRead);
  }

  /** True when the rebuilt training set has the same rows and checksum. */
  public boolean identical() {
    return expected.equals(actual);
  }
}

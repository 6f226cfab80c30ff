package io.meshwork.core.contract.internal;

import java.util.Collection;
import java.util.Optional;

/** "Did you mean" hints: the closest known word by edit distance, when it is close enough. */
public final class Suggestions {
  private Suggestions() {}

  /**
   * The candidate closest to {@code word} (case-insensitive Levenshtein distance), if it is at
   * most about a third of the word away; ties go to the earlier candidate.
   */
  public static Optional<String> closest(String word, Collection<String> candidates) {
    if (word == null || word.isEmpty()) {
      return Optional.empty();
    }
    int limit = Math.max(1, Math.min(3, word.length() / 3 + 1));
    String best = null;
    int bestDistance = Integer.MAX_VALUE;
    for (String candidate : candidates) {
      int d = distance(word.toLowerCase(java.util.Locale.ROOT), candidate.toLowerCase(java.util.Locale.ROOT));
      if (d < bestDistance) {
        best = candidate;
        bestDistance = d;
      }
    }
    return bestDistance <= limit ? Optional.of(best) : Optional.empty();
  }

  /** {@code " (did you mean 'x'?)"}, or otherwise {@code " (<noun>: a, b, c)"}. */
  public static String hint(String word, Collection<String> candidates, String noun) {
    return closest(word, candidates)
        .map(s -> " (did you mean '" + s + "'?)")
        .orElse(" (" + noun + ": " + String.join(", ", candidates) + ")");
  }

  static int distance(String a, String b) {
    int[] previous = new int[b.length() + 1];
    int[] current = new int[b.length() + 1];
    for (int j = 0; j <= b.length(); j++) {
      previous[j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      current[0] = i;
      for (int j = 1; j <= b.length(); j++) {
        int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
        current[j] = Math.min(Math.min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + cost);
      }
      int[] t = previous;
      previous = current;
      current = t;
    }
    return previous[b.length()];
  }
}

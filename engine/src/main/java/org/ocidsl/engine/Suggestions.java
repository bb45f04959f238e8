package org.ocidsl.engine;

import java.util.Collection;
import java.util.Locale;
import java.util.Optional;

/**
 * The name a user probably meant when they wrote one that does not exist: {@code imgae} for
 * {@code image}, {@code ociContaner} for {@code ociContainer}.
 */
public final class Suggestions {
  private Suggestions() {}

  /**
   * The candidate closest to {@code written}, when it is close enough to be a slip of the keys:
   * at most one edit (a letter added, dropped, changed, or two swapped) per three letters,
   * ignoring case. Of two equally close candidates, the first wins.
   */
  public static Optional<String> closest(String written, Collection<String> candidates) {
    String best = null;
    int bestDistance = Integer.MAX_VALUE;
    for (String candidate : candidates) {
      int distance = distance(written.toLowerCase(Locale.ROOT), candidate.toLowerCase(Locale.ROOT));
      if (distance < bestDistance && !candidate.equals(written)) {
        best = candidate;
        bestDistance = distance;
      }
    }
    return bestDistance <= Math.max(1, written.length() / 3) ? Optional.of(best) : Optional.empty();
  }

  /** {@code message} followed by {@code ; did you mean 'NAME'?} when {@link #closest} finds one. */
  public static String didYouMean(String message, String written, Collection<String> candidates) {
    return closest(written, candidates).map(c -> message + "; did you mean '" + c + "'?").orElse(message);
  }

  /** The optimal string alignment distance: Levenshtein's, with a swap of neighbours as one edit. */
  static int distance(String a, String b) {
    int[][] d = new int[a.length() + 1][b.length() + 1];
    for (int i = 0; i <= a.length(); i++) {
      d[i][0] = i;
    }
    for (int j = 0; j <= b.length(); j++) {
      d[0][j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      for (int j = 1; j <= b.length(); j++) {
        int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
        d[i][j] = Math.min(Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1), d[i - 1][j - 1] + cost);
        if (i > 1 && j > 1 && a.charAt(i - 1) == b.charAt(j - 2) && a.charAt(i - 2) == b.charAt(j - 1)) {
          d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
        }
      }
    }
    return d[a.length()][b.length()];
  }
}

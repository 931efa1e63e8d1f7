package dev.ferry.transforms.read;

import java.io.Serializable;

/**
 * An inclusive range of an integer split key, or the whole table when the table has no key to split
 * on. One range is read by one worker with one query.
 */
public record KeyRange(long from, long to, boolean wholeTable) implements Serializable {

  public static KeyRange whole() {
    return new KeyRange(0, 0, true);
  }

  /**
   * Splits {@code [min, max]} into about {@code rows / rowsPerSplit} ranges of equal key width.
   * Gaps in the key make some ranges smaller; they never make a range miss a key.
   */
  public static java.util.List<KeyRange> split(long min, long max, long rows, long rowsPerSplit) {
    long parts = Math.max(1, Math.min(rows / Math.max(1, rowsPerSplit) + 1, 10_000));
    java.util.List<KeyRange> ranges = new java.util.ArrayList<>();
    java.math.BigInteger lo = java.math.BigInteger.valueOf(min);
    java.math.BigInteger width =
        java.math.BigInteger.valueOf(max).subtract(lo).add(java.math.BigInteger.ONE);
    java.math.BigInteger step =
        width
            .add(java.math.BigInteger.valueOf(parts - 1))
            .divide(java.math.BigInteger.valueOf(parts));
    for (java.math.BigInteger start = lo;
        start.compareTo(java.math.BigInteger.valueOf(max)) <= 0;
        start = start.add(step)) {
      java.math.BigInteger end = start.add(step).subtract(java.math.BigInteger.ONE);
      if (end.compareTo(java.math.BigInteger.valueOf(max)) > 0) {
        end = java.math.BigInteger.valueOf(max);
      }
      ranges.add(new KeyRange(start.longValueExact(), end.longValueExact(), false));
    }
    return ranges;
  }
}

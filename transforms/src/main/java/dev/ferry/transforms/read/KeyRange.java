package dev.ferry.transforms.read;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.Serializable;
import org.apache.beam.sdk.coders.AtomicCoder;
import org.apache.beam.sdk.coders.BooleanCoder;
import org.apache.beam.sdk.coders.Coder;
import org.apache.beam.sdk.coders.VarLongCoder;

/**
 * An inclusive range of an integer split key, or the whole table when the table has no key to split
 * on. One range is read by one worker with one query.
 */
public record KeyRange(long from, long to, boolean wholeTable) implements Serializable {

  /** A deterministic coder, so ranges can key a grouping (digests of both sides by range). */
  public static final Coder<KeyRange> CODER = new KeyRangeCoder();

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

  private static final class KeyRangeCoder extends AtomicCoder<KeyRange> {
    private static final VarLongCoder LONG = VarLongCoder.of();
    private static final BooleanCoder FLAG = BooleanCoder.of();

    @Override
    public void encode(KeyRange r, OutputStream out) throws IOException {
      LONG.encode(r.from(), out);
      LONG.encode(r.to(), out);
      FLAG.encode(r.wholeTable(), out);
    }

    @Override
    public KeyRange decode(InputStream in) throws IOException {
      return new KeyRange(LONG.decode(in), LONG.decode(in), FLAG.decode(in));
    }

    @Override
    public void verifyDeterministic() {}
  }
}

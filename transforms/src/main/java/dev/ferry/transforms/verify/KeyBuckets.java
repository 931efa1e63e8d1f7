package dev.ferry.transforms.verify;

import dev.ferry.transforms.read.KeyRange;
import java.io.Serializable;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * How each chunk of an integer key space splits into {@link Bucket}s of consecutive keys, about
 * {@value Bucket#ROWS} rows each: the first read of both sides digests every bucket on the way, so
 * a differing chunk's differing buckets are known without reading it again, and each is then read
 * back on its own key sub-range alone.
 *
 * <p>Bucket {@code b} of a chunk planned as {@code [from, to]} holds the keys {@code [from + b·w,
 * from + (b+1)·w - 1]}, with {@code w} the planned width over the bucket count. The first and last
 * buckets reach out to the chunk's own ends, so keys outside the plan (an extra target row below
 * the source's minimum, in the chunk opened down to {@link Long#MIN_VALUE}) still have a bucket,
 * and {@link #index} and {@link #range} always agree.
 */
public final class KeyBuckets implements Serializable {
  private static final long serialVersionUID = 1L;

  private static final BigInteger LONG_MAX = BigInteger.valueOf(Long.MAX_VALUE);

  private final Map<KeyRange, Layout> layouts;

  private KeyBuckets(Map<KeyRange, Layout> layouts) {
    this.layouts = layouts;
  }

  /** One chunk's layout: keys from {@code base} in {@code count} buckets {@code width} wide. */
  private record Layout(KeyRange chunk, long base, long width, int count) implements Serializable {}

  /**
   * The buckets of {@code chunks} (as compared, e.g. {@link DigestRanges#covering}), planned as
   * {@code planned} (the same ranges in the same order, before any was opened), for chunks of about
   * {@code chunkRows} rows.
   */
  public static KeyBuckets of(List<KeyRange> planned, List<KeyRange> chunks, long chunkRows) {
    if (planned.size() != chunks.size()) {
      throw new IllegalArgumentException(
          "planned and compared chunks differ in number: " + planned.size() + ", " + chunks.size());
    }
    int perChunk = Bucket.count(chunkRows);
    Map<KeyRange, Layout> layouts = new HashMap<>();
    for (int i = 0; i < chunks.size(); i++) {
      KeyRange p = planned.get(i);
      if (p.wholeTable() || chunks.get(i).wholeTable()) {
        throw new IllegalArgumentException("a whole-table chunk has no key to bucket on");
      }
      BigInteger width =
          BigInteger.valueOf(p.to()).subtract(BigInteger.valueOf(p.from())).add(BigInteger.ONE);
      BigInteger bucketWidth = ceilDiv(width, BigInteger.valueOf(perChunk)).min(LONG_MAX);
      // as many buckets as that width needs, so no bucket starts past the chunk's end
      int count = ceilDiv(width, bucketWidth).intValueExact();
      layouts.put(
          chunks.get(i), new Layout(chunks.get(i), p.from(), bucketWidth.longValueExact(), count));
    }
    return new KeyBuckets(layouts);
  }

  /** The number of buckets of {@code chunk}. */
  public int count(KeyRange chunk) {
    return layout(chunk).count();
  }

  /** The bucket of {@code key} in {@code chunk}. */
  public int index(KeyRange chunk, long key) {
    Layout l = layout(chunk);
    if (key < l.base()) {
      return 0;
    }
    // key - base as an unsigned number: exact for any key at or above base; and base + b * width
    // below wraps past Long.MAX_VALUE only where the true sum is a long again
    long bucket = Long.divideUnsigned(key - l.base(), l.width());
    return (int) Math.min(bucket, l.count() - 1);
  }

  /** The keys of {@code bucket}: what a read of it alone asks for. */
  public KeyRange range(Bucket bucket) {
    Layout l = layout(bucket.chunk());
    int b = bucket.index();
    if (b < 0 || b >= l.count()) {
      throw new IllegalArgumentException("no bucket " + b + " in chunk " + bucket.chunk());
    }
    long from = b == 0 ? l.chunk().from() : l.base() + b * l.width();
    long to = b == l.count() - 1 ? l.chunk().to() : l.base() + (b + 1) * l.width() - 1;
    return new KeyRange(from, to, false);
  }

  /** Every bucket of {@code chunk}, in key order. */
  public List<Bucket> all(KeyRange chunk) {
    List<Bucket> all = new ArrayList<>();
    for (int b = 0; b < count(chunk); b++) {
      all.add(new Bucket(chunk, b));
    }
    return all;
  }

  private static BigInteger ceilDiv(BigInteger a, BigInteger b) {
    BigInteger[] q = a.divideAndRemainder(b);
    return q[1].signum() == 0 ? q[0] : q[0].add(BigInteger.ONE);
  }

  private Layout layout(KeyRange chunk) {
    Layout l = layouts.get(chunk);
    if (l == null) {
      throw new IllegalArgumentException("not a chunk of this table: " + chunk);
    }
    return l;
  }
}

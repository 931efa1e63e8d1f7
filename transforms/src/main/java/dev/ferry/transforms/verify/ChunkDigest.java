package dev.ferry.transforms.verify;

import dev.ferry.schemas.inventory.Column;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.Serializable;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.List;
import org.apache.beam.sdk.coders.AtomicCoder;
import org.apache.beam.sdk.coders.BigEndianLongCoder;
import org.apache.beam.sdk.coders.Coder;
import org.apache.beam.sdk.coders.VarLongCoder;
import org.apache.beam.sdk.values.Row;

/**
 * What one chunk of a table holds, in 32 bytes: its row count, the rows its reader could not
 * convert, and an order-independent digest of its rows. Two chunks with equal digests hold the same
 * multiset of rows (up to a 2<sup>-128</sup>-ish chance per comparison).
 *
 * <pre>{@code
 * ChunkDigest.Builder chunk = ChunkDigest.builder(table.columns());
 * reader.read(range, chunk::add, failure -> chunk.addFailed());
 * ChunkDigest digest = chunk.build();
 * }</pre>
 *
 * <p>Each row's {@link CanonicalRow} bytes are hashed with SHA-256, truncated to 128 bits, and the
 * hashes are <b>added</b> modulo 2<sup>128</sup>: order does not matter, and unlike XOR a row twice
 * is not a row never, so a duplicated row changes the digest as well as the count. Digests of
 * disjoint chunks add up ({@link #plus}) to the digest of their union.
 *
 * @param rows rows read and digested
 * @param failed rows the reader could not convert (its dead letters): counted, not digested
 * @param sumHigh the high 64 bits of the sum of row hashes
 * @param sumLow the low 64 bits of the sum of row hashes
 */
public record ChunkDigest(long rows, long failed, long sumHigh, long sumLow)
    implements Serializable {

  /** The digest of a chunk with no rows. */
  public static final ChunkDigest EMPTY = new ChunkDigest(0, 0, 0, 0);

  public static final Coder<ChunkDigest> CODER = new ChunkDigestCoder();

  public static Builder builder(List<Column> columns) {
    return new Builder(CanonicalRow.of(columns), 0);
  }

  /**
   * A builder that also sums each of {@code buckets} parts of the chunk apart ({@link
   * Builder#add(Row, int)}), from the same row hashes.
   */
  public static Builder builder(List<Column> columns, int buckets) {
    if (buckets < 1) {
      throw new IllegalArgumentException("buckets must be at least 1, was " + buckets);
    }
    return new Builder(CanonicalRow.of(columns), buckets);
  }

  /** The digest of this chunk and a disjoint one together. */
  public ChunkDigest plus(ChunkDigest other) {
    long low = sumLow + other.sumLow;
    long carry = Long.compareUnsigned(low, sumLow) < 0 ? 1 : 0;
    return new ChunkDigest(
        rows + other.rows, failed + other.failed, sumHigh + other.sumHigh + carry, low);
  }

  /** The 128-bit sum as 32 hex digits, for reports. */
  public String hex() {
    return String.format("%016x%016x", sumHigh, sumLow);
  }

  /** Adds rows one at a time in constant memory; not thread-safe. */
  public static final class Builder {
    private final CanonicalRow canonical;
    private final MessageDigest sha256;
    private long rows;
    private long failed;
    private long high;
    private long low;
    private final long[] bucketRows;
    private final long[] bucketHigh;
    private final long[] bucketLow;

    private Builder(CanonicalRow canonical, int buckets) {
      this.canonical = canonical;
      this.bucketRows = new long[buckets];
      this.bucketHigh = new long[buckets];
      this.bucketLow = new long[buckets];
      try {
        this.sha256 = MessageDigest.getInstance("SHA-256");
      } catch (NoSuchAlgorithmException e) {
        throw new IllegalStateException("every Java runtime has SHA-256", e);
      }
    }

    public Builder add(Row row) {
      long[] hash = hash(row);
      long sum = low + hash[1];
      high += hash[0] + (Long.compareUnsigned(sum, low) < 0 ? 1 : 0);
      low = sum;
      rows++;
      return this;
    }

    /** Adds {@code row} to the chunk and to its {@code bucket}, hashing it once. */
    public Builder add(Row row, int bucket) {
      long[] hash = hash(row);
      long sum = low + hash[1];
      high += hash[0] + (Long.compareUnsigned(sum, low) < 0 ? 1 : 0);
      low = sum;
      rows++;
      long part = bucketLow[bucket] + hash[1];
      bucketHigh[bucket] += hash[0] + (Long.compareUnsigned(part, bucketLow[bucket]) < 0 ? 1 : 0);
      bucketLow[bucket] = part;
      bucketRows[bucket]++;
      return this;
    }

    /** The row's SHA-256 truncated to 128 bits: high and low halves. */
    private long[] hash(Row row) {
      canonical.write(row);
      sha256.update(canonical.buffer(), 0, canonical.length());
      byte[] hash = sha256.digest();
      long h = 0;
      long l = 0;
      for (int i = 0; i < 8; i++) {
        h = (h << 8) | (hash[i] & 0xff);
        l = (l << 8) | (hash[i + 8] & 0xff);
      }
      return new long[] {h, l};
    }

    /** The digest of {@code row} alone, leaving this builder's totals as they are. */
    public ChunkDigest of(Row row) {
      long[] hash = hash(row);
      return new ChunkDigest(1, 0, hash[0], hash[1]);
    }

    /** Counts a row the reader could not convert. */
    public Builder addFailed() {
      failed++;
      return this;
    }

    public ChunkDigest build() {
      return new ChunkDigest(rows, failed, high, low);
    }

    /**
     * The digest of each bucket, in order ({@link #EMPTY} for one no row went to). Failed rows
     * belong to no bucket: they count in the chunk's digest only.
     */
    public List<ChunkDigest> buckets() {
      List<ChunkDigest> parts = new ArrayList<>(bucketRows.length);
      for (int b = 0; b < bucketRows.length; b++) {
        parts.add(new ChunkDigest(bucketRows[b], 0, bucketHigh[b], bucketLow[b]));
      }
      return parts;
    }
  }

  private static final class ChunkDigestCoder extends AtomicCoder<ChunkDigest> {
    private static final VarLongCoder COUNT = VarLongCoder.of();
    private static final BigEndianLongCoder BITS = BigEndianLongCoder.of();

    @Override
    public void encode(ChunkDigest d, OutputStream out) throws IOException {
      COUNT.encode(d.rows(), out);
      COUNT.encode(d.failed(), out);
      BITS.encode(d.sumHigh(), out);
      BITS.encode(d.sumLow(), out);
    }

    @Override
    public ChunkDigest decode(InputStream in) throws IOException {
      return new ChunkDigest(COUNT.decode(in), COUNT.decode(in), BITS.decode(in), BITS.decode(in));
    }

    @Override
    public void verifyDeterministic() {}
  }
}

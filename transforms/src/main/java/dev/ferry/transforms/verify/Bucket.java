package dev.ferry.transforms.verify;

import dev.ferry.transforms.read.KeyRange;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.Serializable;
import org.apache.beam.sdk.coders.AtomicCoder;
import org.apache.beam.sdk.coders.Coder;
import org.apache.beam.sdk.coders.VarIntCoder;

/**
 * One of the buckets a differing chunk is split into for its drill-down, by a hash of each row's
 * key: both sides put a key in the same bucket, so comparing the buckets' digests narrows a
 * difference to about {@value #ROWS} rows before any row is held in memory.
 *
 * @param chunk the differing chunk
 * @param index the bucket, from 0 to the chunk's bucket count
 */
public record Bucket(KeyRange chunk, int index) implements Serializable {

  /** About this many rows per bucket. */
  public static final int ROWS = 1_000;

  /** At most this many buckets per chunk: the digests a reader holds, 32 bytes each. */
  public static final int MAX = 100_000;

  public static final Coder<Bucket> CODER = new BucketCoder();

  /** The bucket count for a chunk of {@code rows} rows (the larger side's). */
  public static int count(long rows) {
    return (int) Math.max(1, Math.min(MAX, (rows + ROWS - 1) / ROWS));
  }

  /** The bucket of a row whose join key has canonical bytes {@code key}, among {@code buckets}. */
  public static int index(byte[] key, int buckets) {
    long h = 0xcbf29ce484222325L; // FNV-1a, then a finalizer so low bits spread
    for (byte b : key) {
      h = (h ^ (b & 0xff)) * 0x100000001b3L;
    }
    h ^= h >>> 33;
    h *= 0xff51afd7ed558ccdL;
    h ^= h >>> 33;
    return (int) Long.remainderUnsigned(h, buckets);
  }

  private static final class BucketCoder extends AtomicCoder<Bucket> {
    private static final VarIntCoder INT = VarIntCoder.of();

    @Override
    public void encode(Bucket b, OutputStream out) throws IOException {
      KeyRange.CODER.encode(b.chunk(), out);
      INT.encode(b.index(), out);
    }

    @Override
    public Bucket decode(InputStream in) throws IOException {
      return new Bucket(KeyRange.CODER.decode(in), INT.decode(in));
    }

    @Override
    public void verifyDeterministic() {}
  }
}

package dev.ferry.transforms.verify;

import dev.ferry.transforms.read.KeyRange;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.Serializable;
import org.apache.beam.sdk.coders.AtomicCoder;
import org.apache.beam.sdk.coders.Coder;

/**
 * One key range's digests on both sides of a migration. A range a side did not digest has {@link
 * ChunkDigest#EMPTY} there (and so differs unless the other side is empty too).
 *
 * <p>The source's failed rows are the load's dead letters: rows it rejected on purpose, which the
 * target must not hold. The target's failed rows are rows ferry cannot read back there: a
 * difference.
 */
public record ChunkComparison(KeyRange range, ChunkDigest source, ChunkDigest target)
    implements Serializable {

  public static final Coder<ChunkComparison> CODER = new ChunkComparisonCoder();

  /**
   * Whether the target holds exactly the rows the source's digest took, each as many times, and
   * nothing it cannot read.
   */
  public boolean equal() {
    return source.rows() == target.rows()
        && source.sumHigh() == target.sumHigh()
        && source.sumLow() == target.sumLow()
        && target.failed() == 0;
  }

  /** Target rows minus source rows: negative when rows are missing, positive when extra. */
  public long rowDifference() {
    return target.rows() - source.rows();
  }

  private static final class ChunkComparisonCoder extends AtomicCoder<ChunkComparison> {
    @Override
    public void encode(ChunkComparison c, OutputStream out) throws IOException {
      KeyRange.CODER.encode(c.range(), out);
      ChunkDigest.CODER.encode(c.source(), out);
      ChunkDigest.CODER.encode(c.target(), out);
    }

    @Override
    public ChunkComparison decode(InputStream in) throws IOException {
      return new ChunkComparison(
          KeyRange.CODER.decode(in), ChunkDigest.CODER.decode(in), ChunkDigest.CODER.decode(in));
    }

    @Override
    public void verifyDeterministic() {}
  }
}

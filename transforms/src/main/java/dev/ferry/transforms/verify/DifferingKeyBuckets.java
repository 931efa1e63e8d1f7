package dev.ferry.transforms.verify;

import dev.ferry.transforms.read.KeyRange;
import java.util.Arrays;
import java.util.List;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.join.CoGbkResult;
import org.apache.beam.sdk.transforms.join.CoGroupByKey;
import org.apache.beam.sdk.transforms.join.KeyedPCollectionTuple;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollectionTuple;
import org.apache.beam.sdk.values.TupleTag;
import org.apache.beam.sdk.values.TupleTagList;

/**
 * The buckets that differ inside each differing chunk, from the bucket digests both sides took on
 * their first read ({@link DigestRanges#inBuckets}): a drill-down then reads only those buckets'
 * key sub-ranges, never the whole chunk again. The bucket digests of equal chunks are dropped here.
 *
 * <p>The buckets come out in two sets by their rows, as the digests count them: {@link #SMALL}
 * ones, held in memory by {@link DiffKeyBuckets}, and {@link #LARGE} ones, joined through {@link
 * DiffRows}' groups.
 *
 * <p>A chunk that differs while all its buckets agree differed by rows the target could not read
 * alone; those are counted already and need no rows.
 */
public final class DifferingKeyBuckets extends PTransform<PCollectionTuple, PCollectionTuple> {
  private static final long serialVersionUID = 1L;

  /** The differing chunks, as {@link DifferingChunks} passes them on. */
  public static final TupleTag<KV<KeyRange, Integer>> CHUNKS = new TupleTag<>() {};

  public static final TupleTag<KV<KeyRange, List<ChunkDigest>>> SOURCE = new TupleTag<>() {};
  public static final TupleTag<KV<KeyRange, List<ChunkDigest>>> TARGET = new TupleTag<>() {};

  /** Differing buckets of at most the held rows on either side. */
  public static final TupleTag<Bucket> SMALL = new TupleTag<>() {};

  /** Differing buckets with more rows on a side. */
  public static final TupleTag<Bucket> LARGE = new TupleTag<>() {};

  private final long heldRows;

  private DifferingKeyBuckets(long heldRows) {
    this.heldRows = heldRows;
  }

  /** Small buckets are those {@link DiffKeyBuckets} holds: {@value DiffKeyBuckets#HELD_ROWS}. */
  public static DifferingKeyBuckets compared() {
    return heldUpTo(DiffKeyBuckets.HELD_ROWS);
  }

  /** Small buckets are those of at most {@code rows} rows on either side. */
  public static DifferingKeyBuckets heldUpTo(long rows) {
    return new DifferingKeyBuckets(rows);
  }

  @Override
  public PCollectionTuple expand(PCollectionTuple input) {
    TupleTag<Integer> chunk = new TupleTag<>() {};
    TupleTag<List<ChunkDigest>> source = new TupleTag<>() {};
    TupleTag<List<ChunkDigest>> target = new TupleTag<>() {};
    PCollectionTuple buckets =
        KeyedPCollectionTuple.of(chunk, input.get(CHUNKS))
            .and(source, input.get(SOURCE))
            .and(target, input.get(TARGET))
            .apply("Group by chunk", CoGroupByKey.create())
            .apply(
                "Differing buckets",
                ParDo.of(new DifferFn(chunk, source, target, heldRows))
                    .withOutputTags(SMALL, TupleTagList.of(LARGE)));
    buckets.get(SMALL).setCoder(Bucket.CODER);
    buckets.get(LARGE).setCoder(Bucket.CODER);
    return buckets;
  }

  static final class DifferFn extends DoFn<KV<KeyRange, CoGbkResult>, Bucket> {
    private static final long serialVersionUID = 1L;
    private final TupleTag<Integer> chunk;
    private final TupleTag<List<ChunkDigest>> source;
    private final TupleTag<List<ChunkDigest>> target;
    private final long heldRows;

    DifferFn(
        TupleTag<Integer> chunk,
        TupleTag<List<ChunkDigest>> source,
        TupleTag<List<ChunkDigest>> target,
        long heldRows) {
      this.chunk = chunk;
      this.source = source;
      this.target = target;
      this.heldRows = heldRows;
    }

    @ProcessElement
    public void process(@Element KV<KeyRange, CoGbkResult> grouped, MultiOutputReceiver out) {
      CoGbkResult g = grouped.getValue();
      if (!g.getAll(chunk).iterator().hasNext()) {
        return; // an equal chunk
      }
      ChunkDigest[] s = summed(g.getAll(source));
      ChunkDigest[] t = summed(g.getAll(target));
      for (int b = 0; b < Math.max(s.length, t.length); b++) {
        ChunkDigest left = b < s.length ? s[b] : ChunkDigest.EMPTY;
        ChunkDigest right = b < t.length ? t[b] : ChunkDigest.EMPTY;
        if (!new ChunkComparison(grouped.getKey(), left, right).equal()) {
          boolean small = rows(left) <= heldRows && rows(right) <= heldRows;
          out.get(small ? SMALL : LARGE).output(new Bucket(grouped.getKey(), b));
        }
      }
    }

    /** The rows a side's reader met in a bucket, the ones it could not convert included. */
    private static long rows(ChunkDigest d) {
      return d.rows() + d.failed();
    }

    /** A side's bucket digests of one chunk, summed bucket by bucket if it read the chunk twice. */
    private static ChunkDigest[] summed(Iterable<List<ChunkDigest>> reads) {
      ChunkDigest[] total = new ChunkDigest[0];
      for (List<ChunkDigest> read : reads) {
        if (total.length < read.size()) {
          ChunkDigest[] wider = new ChunkDigest[read.size()];
          Arrays.fill(wider, ChunkDigest.EMPTY);
          System.arraycopy(total, 0, wider, 0, total.length);
          total = wider;
        }
        for (int b = 0; b < read.size(); b++) {
          total[b] = total[b].plus(read.get(b));
        }
      }
      return total;
    }
  }
}

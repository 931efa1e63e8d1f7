package dev.ferry.transforms.verify;

import dev.ferry.transforms.read.KeyRange;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.join.CoGbkResult;
import org.apache.beam.sdk.transforms.join.CoGroupByKey;
import org.apache.beam.sdk.transforms.join.KeyedPCollectionTuple;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionTuple;
import org.apache.beam.sdk.values.TupleTag;

/**
 * Pairs the chunk digests of a source and its target by key range: one {@link ChunkComparison} per
 * range either side digested, equal or not, so a drill-down can re-read only the differing ranges.
 *
 * <pre>{@code
 * PCollection<ChunkComparison> chunks =
 *     PCollectionTuple.of(CompareChunks.SOURCE, src.get(DigestRanges.DIGESTS))
 *         .and(CompareChunks.TARGET, dst.get(DigestRanges.DIGESTS))
 *         .apply("CompareChunks", CompareChunks.byRange());
 * }</pre>
 *
 * <p>A range digested more than once on a side (overlapping plans) counts as the sum of its
 * digests, never as the last one.
 */
public final class CompareChunks
    extends PTransform<PCollectionTuple, PCollection<ChunkComparison>> {
  private static final long serialVersionUID = 1L;

  public static final TupleTag<KV<KeyRange, ChunkDigest>> SOURCE = new TupleTag<>() {};
  public static final TupleTag<KV<KeyRange, ChunkDigest>> TARGET = new TupleTag<>() {};

  private CompareChunks() {}

  public static CompareChunks byRange() {
    return new CompareChunks();
  }

  @Override
  public PCollection<ChunkComparison> expand(PCollectionTuple digests) {
    TupleTag<ChunkDigest> source = new TupleTag<>() {};
    TupleTag<ChunkDigest> target = new TupleTag<>() {};
    return KeyedPCollectionTuple.of(source, digests.get(SOURCE))
        .and(target, digests.get(TARGET))
        .apply("Group by range", CoGroupByKey.create())
        .apply("Compare", ParDo.of(new CompareFn(source, target)))
        .setCoder(ChunkComparison.CODER);
  }

  /** Sums each side's digests of one range and pairs them. */
  static final class CompareFn extends DoFn<KV<KeyRange, CoGbkResult>, ChunkComparison> {
    private static final long serialVersionUID = 1L;

    private final TupleTag<ChunkDigest> source;
    private final TupleTag<ChunkDigest> target;

    CompareFn(TupleTag<ChunkDigest> source, TupleTag<ChunkDigest> target) {
      this.source = source;
      this.target = target;
    }

    @ProcessElement
    public void process(
        @Element KV<KeyRange, CoGbkResult> range, OutputReceiver<ChunkComparison> out) {
      out.output(
          new ChunkComparison(
              range.getKey(),
              sum(range.getValue().getAll(source)),
              sum(range.getValue().getAll(target))));
    }

    private static ChunkDigest sum(Iterable<ChunkDigest> digests) {
      ChunkDigest total = ChunkDigest.EMPTY;
      for (ChunkDigest d : digests) {
        total = total.plus(d);
      }
      return total;
    }
  }
}

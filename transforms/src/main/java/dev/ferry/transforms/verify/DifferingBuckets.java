package dev.ferry.transforms.verify;

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
 * Pairs both sides' bucket digests of the differing chunks and keeps the buckets that differ: the
 * only rows a drill-down then reads into memory. A bucket one side lacks is empty there.
 */
public final class DifferingBuckets extends PTransform<PCollectionTuple, PCollection<Bucket>> {
  private static final long serialVersionUID = 1L;

  public static final TupleTag<KV<Bucket, ChunkDigest>> SOURCE = new TupleTag<>() {};
  public static final TupleTag<KV<Bucket, ChunkDigest>> TARGET = new TupleTag<>() {};

  private DifferingBuckets() {}

  public static DifferingBuckets compared() {
    return new DifferingBuckets();
  }

  @Override
  public PCollection<Bucket> expand(PCollectionTuple digests) {
    TupleTag<ChunkDigest> source = new TupleTag<>() {};
    TupleTag<ChunkDigest> target = new TupleTag<>() {};
    return KeyedPCollectionTuple.of(source, digests.get(SOURCE))
        .and(target, digests.get(TARGET))
        .apply("Group by bucket", CoGroupByKey.create())
        .apply("Differing", ParDo.of(new DifferFn(source, target)))
        .setCoder(Bucket.CODER);
  }

  static final class DifferFn extends DoFn<KV<Bucket, CoGbkResult>, Bucket> {
    private static final long serialVersionUID = 1L;
    private final TupleTag<ChunkDigest> source;
    private final TupleTag<ChunkDigest> target;

    DifferFn(TupleTag<ChunkDigest> source, TupleTag<ChunkDigest> target) {
      this.source = source;
      this.target = target;
    }

    @ProcessElement
    public void process(@Element KV<Bucket, CoGbkResult> bucket, OutputReceiver<Bucket> out) {
      ChunkDigest s = new DigestRows.Sum().apply(bucket.getValue().getAll(source));
      ChunkDigest t = new DigestRows.Sum().apply(bucket.getValue().getAll(target));
      if (!new ChunkComparison(bucket.getKey().chunk(), s, t).equal()) {
        out.output(bucket.getKey());
      }
    }
  }
}

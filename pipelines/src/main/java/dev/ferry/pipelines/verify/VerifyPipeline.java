package dev.ferry.pipelines.verify;

import dev.ferry.transforms.read.KeyRange;
import dev.ferry.transforms.verify.ChunkDigest;
import dev.ferry.transforms.verify.CompareChunks;
import dev.ferry.transforms.verify.CountPostgresOrphans;
import dev.ferry.transforms.verify.DiffRows;
import dev.ferry.transforms.verify.DifferingChunks;
import dev.ferry.transforms.verify.DigestRanges;
import dev.ferry.transforms.verify.ReadRowImages;
import dev.ferry.transforms.verify.ReportDiffs;
import dev.ferry.transforms.verify.RowImage;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.coders.KvCoder;
import org.apache.beam.sdk.options.PipelineOptions;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.transforms.MapElements;
import org.apache.beam.sdk.transforms.SimpleFunction;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionTuple;

/**
 * The verify job: per table, both sides digested in chunks of the key space, the digests compared
 * chunk by chunk, the differing chunks re-read on both sides and joined by key to name each
 * missing, extra or changed row; then the target's orphans per foreign key. Every step streams: a
 * chunk is read by one worker holding 32 bytes of digest, and only differing chunks are read twice.
 *
 * <pre>{@code
 * VerifyPlan plan = VerifyPlan.of(JobPlan.of(job), VerifyPlan.Options.DEFAULT);
 * PipelineResult result = VerifyPipeline.build(plan, options).run();
 * VerifyReport report = VerifyReport.read(plan, result);
 * }</pre>
 */
public final class VerifyPipeline {

  private static final KvCoder<KeyRange, ChunkDigest> DIGESTS =
      KvCoder.of(KeyRange.CODER, ChunkDigest.CODER);

  private VerifyPipeline() {}

  public static Pipeline build(VerifyPlan plan, PipelineOptions options) {
    Pipeline pipeline = Pipeline.create(options);
    expandInto(pipeline, plan);
    return pipeline;
  }

  /** Adds the verify steps to {@code pipeline} (a TestPipeline in tests). */
  public static void expandInto(Pipeline pipeline, VerifyPlan plan) {
    for (TablePair pair : plan.tables()) {
      compare(pipeline, pair, plan.sample());
    }
    // Without a foreign key the transform would apply nothing, and a composite with no inner
    // transforms is a primitive the direct runner has no translator for.
    if (plan.orphanTarget() != null && !plan.orphans().isEmpty()) {
      pipeline.apply(
          "Orphans", CountPostgresOrphans.in(plan.orphanTarget(), plan.orphans(), plan.sample()));
    }
  }

  private static void compare(Pipeline pipeline, TablePair pair, int sample) {
    String name = pair.name();
    PCollection<KV<KeyRange, ChunkDigest>> source =
        pipeline
            .apply(
                "Digest " + name,
                DigestRanges.of(pair.source(), pair.sourceRanges()).through(pair.steps()))
            .get(DigestRanges.DIGESTS);
    PCollection<KV<KeyRange, ChunkDigest>> target =
        pair.target() == null
            ? pipeline.apply("No target " + name, Create.empty(DIGESTS))
            : pipeline
                .apply(
                    "Digest target " + name,
                    DigestRanges.of(pair.target(), pair.targetRanges())
                        .countedAs(name + " (target)"))
                .get(DigestRanges.DIGESTS);
    if (!pair.aligned()) {
      source = source.apply("Whole " + name, wholeTable()).setCoder(DIGESTS);
      target = target.apply("Whole target " + name, wholeTable()).setCoder(DIGESTS);
    }
    PCollection<KeyRange> differing =
        PCollectionTuple.of(CompareChunks.SOURCE, source)
            .and(CompareChunks.TARGET, target)
            .apply("Compare " + name, CompareChunks.byRange())
            .apply("Count " + name, DifferingChunks.of(name));
    if (pair.target() == null) {
      return; // nothing to drill into: the report names the problem
    }
    PCollection<KV<byte[], RowImage>> sourceRows =
        differing.apply(
            "Source rows " + name,
            ReadRowImages.of(pair.source(), pair.sourceRanges(), pair.key()).through(pair.steps()));
    PCollection<KV<byte[], RowImage>> targetRows =
        differing.apply(
            "Target rows " + name,
            ReadRowImages.of(pair.target(), pair.targetRanges(), pair.key()));
    PCollectionTuple.of(DiffRows.SOURCE, sourceRows)
        .and(DiffRows.TARGET, targetRows)
        .apply("Diff " + name, DiffRows.naming(pair.columnNames()))
        .apply("Report " + name, ReportDiffs.of(name, sample));
  }

  /** Every digest under the one whole-table chunk: for sides read on different ranges. */
  private static MapElements<KV<KeyRange, ChunkDigest>, KV<KeyRange, ChunkDigest>> wholeTable() {
    return MapElements.via(
        new SimpleFunction<KV<KeyRange, ChunkDigest>, KV<KeyRange, ChunkDigest>>() {
          @Override
          public KV<KeyRange, ChunkDigest> apply(KV<KeyRange, ChunkDigest> d) {
            return KV.of(KeyRange.whole(), d.getValue());
          }
        });
  }
}

package dev.ferry.pipelines.verify;

import dev.ferry.pipelines.plan.CollectionPlan;
import dev.ferry.transforms.read.KeyRange;
import dev.ferry.transforms.verify.Bucket;
import dev.ferry.transforms.verify.ChunkDigest;
import dev.ferry.transforms.verify.CompareChunks;
import dev.ferry.transforms.verify.CountOrphans;
import dev.ferry.transforms.verify.CountPostgresOrphans;
import dev.ferry.transforms.verify.DiffKeyBuckets;
import dev.ferry.transforms.verify.DiffRows;
import dev.ferry.transforms.verify.DifferingBuckets;
import dev.ferry.transforms.verify.DifferingChunks;
import dev.ferry.transforms.verify.DifferingKeyBuckets;
import dev.ferry.transforms.verify.DigestBuckets;
import dev.ferry.transforms.verify.DigestRanges;
import dev.ferry.transforms.verify.DigestRows;
import dev.ferry.transforms.verify.ForeignKeyJoin;
import dev.ferry.transforms.verify.ImageRows;
import dev.ferry.transforms.verify.ReadBucketRows;
import dev.ferry.transforms.verify.ReadRowImages;
import dev.ferry.transforms.verify.ReportDiffs;
import dev.ferry.transforms.verify.RowDiff;
import dev.ferry.transforms.verify.RowImage;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.coders.KvCoder;
import org.apache.beam.sdk.coders.VarIntCoder;
import org.apache.beam.sdk.options.PipelineOptions;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.Flatten;
import org.apache.beam.sdk.transforms.MapElements;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.SimpleFunction;
import org.apache.beam.sdk.transforms.View;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionList;
import org.apache.beam.sdk.values.PCollectionTuple;
import org.apache.beam.sdk.values.PCollectionView;
import org.apache.beam.sdk.values.Row;

/**
 * The verify job: per table, both sides digested in chunks of the key space, the digests compared
 * chunk by chunk, the differing chunks drilled into to name each missing, extra or changed row;
 * then the target's orphans per foreign key. Where chunks are integer key ranges, the first read
 * also digests each chunk's buckets of about a thousand consecutive keys, and a drill-down reads
 * only the differing buckets' keys again, both sides of a bucket by one worker that joins them;
 * elsewhere a differing chunk is re-digested per key-hash bucket and read once more for the rows of
 * the differing buckets, joined by key through a shuffle. Every step streams: a chunk is read by
 * one worker holding its digests, and only differing parts are read again.
 *
 * <pre>{@code
 * VerifyPlan plan = VerifyPlan.of(JobPlan.of(job), VerifyPlan.Options.DEFAULT);
 * PipelineResult result = VerifyPipeline.build(plan, options).run();
 * VerifyReport report = VerifyReport.read(plan, result, seconds);
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
    Map<String, CollectionSource> collections = new HashMap<>();
    for (CollectionPlan c : plan.job().collections()) {
      collections.put(c.collection(), CollectionSource.of(pipeline, plan.job(), c));
    }
    for (TablePair pair : plan.tables()) {
      compare(pipeline, pair, collections.get(pair.collection()), plan.sample());
    }
    if (plan.orphanTarget() != null && !plan.orphans().isEmpty()) {
      pipeline.apply(
          "Orphans", CountPostgresOrphans.in(plan.orphanTarget(), plan.orphans(), plan.sample()));
    }
    for (ForeignKeyJoin join : plan.joins()) {
      pipeline.apply(
          "Orphans " + join.table() + " " + join.name(), CountOrphans.of(join, plan.sample()));
    }
  }

  /**
   * Compares one table.
   *
   * @param documents the source of the table's collection, or null for a table source
   */
  private static void compare(
      Pipeline pipeline, TablePair pair, CollectionSource documents, int sample) {
    String name = pair.name();
    PCollection<KV<KeyRange, ChunkDigest>> source;
    PCollection<Row> grouped = null; // the source's rows, when not read range by range
    PCollectionTuple sourceRead = null; // the source's range digests, when read range by range
    if (documents != null) {
      grouped = documents.rows(name);
      source = flattened(name, pair, documents);
    } else if (pair.unique().isEmpty()) {
      sourceRead =
          pipeline.apply(
              "Digest " + name,
              bucketed(DigestRanges.of(pair.source(), pair.sourceRanges()), pair)
                  .through(pair.steps()));
      source = sourceRead.get(DigestRanges.DIGESTS);
    } else {
      UniqueSource unique = UniqueSource.of(pipeline, pair);
      grouped = unique.rows();
      source = unique.digests();
    }
    PCollectionTuple targetRead =
        pair.target() == null
            ? null
            : pipeline.apply(
                "Digest target " + name,
                bucketed(DigestRanges.of(pair.target(), pair.targetRanges()), pair)
                    .countedAs(name + " (target)"));
    PCollection<KV<KeyRange, ChunkDigest>> target =
        targetRead == null
            ? pipeline.apply("No target " + name, Create.empty(DIGESTS))
            : targetRead.get(DigestRanges.DIGESTS);
    if (!pair.aligned()) {
      source = source.apply("Whole " + name, wholeTable()).setCoder(DIGESTS);
      target = target.apply("Whole target " + name, wholeTable()).setCoder(DIGESTS);
    }
    PCollection<KV<KeyRange, Integer>> differing =
        PCollectionTuple.of(CompareChunks.SOURCE, source)
            .and(CompareChunks.TARGET, target)
            .apply("Compare " + name, CompareChunks.byRange())
            .apply("Count " + name, DifferingChunks.of(name));
    if (targetRead == null) {
      return; // nothing to drill into: the report names the problem
    }
    if (sourceRead != null && pair.keyBuckets() != null) {
      drillIntoKeyBuckets(pair, differing, sourceRead, targetRead, sample);
    } else {
      drillDown(pair, grouped, differing, sample);
    }
  }

  /** Both sides also digest key buckets when the chunks are key ranges. */
  private static DigestRanges bucketed(DigestRanges digests, TablePair pair) {
    return pair.keyBuckets() == null
        ? digests
        : digests.inBuckets(pair.keyBuckets(), pair.chunks().splitColumn());
  }

  /**
   * Names the rows behind differing chunks of key ranges: the buckets that differ are known from
   * the first read's bucket digests, and only their key sub-ranges are read again, on each side. A
   * small bucket is read and joined by one worker; a large one is read on each side and joined
   * through a shuffle.
   */
  private static void drillIntoKeyBuckets(
      TablePair pair,
      PCollection<KV<KeyRange, Integer>> differing,
      PCollectionTuple sourceRead,
      PCollectionTuple targetRead,
      int sample) {
    String name = pair.name();
    PCollectionTuple buckets =
        PCollectionTuple.of(DifferingKeyBuckets.CHUNKS, differing)
            .and(DifferingKeyBuckets.SOURCE, sourceRead.get(DigestRanges.BUCKETS))
            .and(DifferingKeyBuckets.TARGET, targetRead.get(DigestRanges.BUCKETS))
            .apply("Compare buckets " + name, DifferingKeyBuckets.compared());
    PCollection<Bucket> large = buckets.get(DifferingKeyBuckets.LARGE);
    PCollection<RowDiff> small =
        buckets
            .get(DifferingKeyBuckets.SMALL)
            .apply(
                "Diff buckets " + name,
                DiffKeyBuckets.of(
                        pair.source(),
                        pair.target(),
                        pair.keyBuckets(),
                        pair.key(),
                        pair.columnNames())
                    .through(pair.steps())
                    .rejectedAtWrite(pair.rejectedAtWrite()));
    PCollection<RowDiff> joined =
        diff(
            pair,
            large.apply(
                "Source rows " + name,
                ReadBucketRows.of(pair.source(), pair.keyBuckets(), pair.key())
                    .through(pair.steps())),
            large.apply(
                "Target rows " + name,
                ReadBucketRows.of(pair.target(), pair.keyBuckets(), pair.key())));
    PCollectionList.of(small)
        .and(joined)
        .apply("Differences " + name, Flatten.pCollections())
        .apply("Report " + name, ReportDiffs.of(name, sample));
  }

  /**
   * Names the rows behind differing chunks: a re-read side is re-digested per key-hash bucket and
   * only the rows of differing buckets are read into memory; a grouped side gives the rows of its
   * differing chunks. Both are joined by key.
   */
  private static void drillDown(
      TablePair pair,
      PCollection<Row> grouped,
      PCollection<KV<KeyRange, Integer>> differing,
      int sample) {
    String name = pair.name();
    PCollection<KV<byte[], RowImage>> sourceRows;
    PCollection<KV<byte[], RowImage>> targetRows;
    if (grouped == null) {
      PCollectionView<List<Bucket>> buckets =
          PCollectionTuple.of(
                  DifferingBuckets.SOURCE,
                  differing.apply(
                      "Source buckets " + name,
                      DigestBuckets.of(pair.source(), pair.sourceRanges(), pair.key())
                          .through(pair.steps())))
              .and(
                  DifferingBuckets.TARGET,
                  differing.apply(
                      "Target buckets " + name,
                      DigestBuckets.of(pair.target(), pair.targetRanges(), pair.key())))
              .apply("Compare buckets " + name, DifferingBuckets.compared())
              .apply("Differing buckets " + name, View.asList());
      sourceRows =
          differing.apply(
              "Source rows " + name,
              ReadRowImages.of(pair.source(), pair.sourceRanges(), pair.key(), buckets)
                  .through(pair.steps()));
      targetRows =
          differing.apply(
              "Target rows " + name,
              ReadRowImages.of(pair.target(), pair.targetRanges(), pair.key(), buckets));
    } else {
      // no buckets: every row of the differing chunks, on both sides
      PCollectionView<List<Bucket>> everyBucket =
          differing
              .apply("Every bucket " + name, ParDo.of(new EveryBucketFn()))
              .setCoder(Bucket.CODER)
              .apply("Buckets " + name, View.asList());
      sourceRows =
          grouped.apply(
              "Source rows " + name,
              ImageRows.in(pair.table().columns(), pair.key(), pair.chunks(), differing));
      targetRows =
          differing
              .apply(
                  "One bucket " + name,
                  MapElements.via(
                      new SimpleFunction<KV<KeyRange, Integer>, KV<KeyRange, Integer>>() {
                        @Override
                        public KV<KeyRange, Integer> apply(KV<KeyRange, Integer> c) {
                          return KV.of(c.getKey(), 1);
                        }
                      }))
              .setCoder(KvCoder.of(KeyRange.CODER, VarIntCoder.of()))
              .apply(
                  "Target rows " + name,
                  ReadRowImages.of(pair.target(), pair.targetRanges(), pair.key(), everyBucket));
    }
    diff(pair, sourceRows, targetRows).apply("Report " + name, ReportDiffs.of(name, sample));
  }

  /** Joins both sides' rows by key: what differs. */
  private static PCollection<RowDiff> diff(
      TablePair pair,
      PCollection<KV<byte[], RowImage>> sourceRows,
      PCollection<KV<byte[], RowImage>> targetRows) {
    return PCollectionTuple.of(DiffRows.SOURCE, sourceRows)
        .and(DiffRows.TARGET, targetRows)
        .apply(
            "Diff " + pair.name(),
            DiffRows.naming(pair.columnNames()).rejectedAtWrite(pair.rejectedAtWrite()));
  }

  /** Bucket 0 of each differing chunk: with one bucket per chunk, every row of the chunk. */
  static final class EveryBucketFn extends DoFn<KV<KeyRange, Integer>, Bucket> {
    private static final long serialVersionUID = 1L;

    @ProcessElement
    public void process(@Element KV<KeyRange, Integer> chunk, OutputReceiver<Bucket> out) {
      out.output(new Bucket(chunk.getKey(), 0));
    }
  }

  /**
   * The digests of a flattened table's rows, with the collection's rejected documents counted in
   * its root table.
   */
  private static PCollection<KV<KeyRange, ChunkDigest>> flattened(
      String name, TablePair pair, CollectionSource documents) {
    PCollection<KV<KeyRange, ChunkDigest>> rows =
        documents
            .rows(name)
            .apply("Digest " + name, DigestRows.into(pair.table().columns(), pair.chunks()));
    if (!documents.countsRejectedIn(name)) {
      return rows;
    }
    return PCollectionList.of(rows)
        .and(
            documents
                .rejected()
                .apply("Count rejected " + name, CountRejected.in(pair.chunks().all().get(0))))
        .apply("Digests " + name, Flatten.pCollections())
        .setCoder(DIGESTS);
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

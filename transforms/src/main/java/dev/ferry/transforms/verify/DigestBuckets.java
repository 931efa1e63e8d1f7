package dev.ferry.transforms.verify;

import dev.ferry.schemas.inventory.Column;
import dev.ferry.transforms.read.KeyRange;
import dev.ferry.transforms.read.RangeReader;
import dev.ferry.transforms.steps.RowStep;
import dev.ferry.transforms.steps.RowSteps;
import java.util.List;
import org.apache.beam.sdk.coders.KvCoder;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.Reshuffle;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.Row;

/**
 * The first step of a drill-down: re-reads one side of each differing chunk and digests it per
 * {@link Bucket} (rows spread by a hash of their key), holding one 32-byte sum per bucket, so the
 * rows themselves are only read into memory for the few buckets whose digests differ.
 *
 * <p>Input: differing chunks with their bucket counts; output: one digest per non-empty bucket. On
 * the source side the load's steps run first, as for the chunk's digest.
 */
public final class DigestBuckets
    extends PTransform<PCollection<KV<KeyRange, Integer>>, PCollection<KV<Bucket, ChunkDigest>>> {
  private static final long serialVersionUID = 1L;

  private final RangeReader reader;
  private final List<KeyRange> sideRanges;
  private final List<RowStep> steps;
  private final List<Integer> key;

  private DigestBuckets(
      RangeReader reader, List<KeyRange> sideRanges, List<RowStep> steps, List<Integer> key) {
    this.reader = reader;
    this.sideRanges = sideRanges;
    this.steps = steps;
    this.key = key;
  }

  /**
   * Digests with {@code reader} on its {@code sideRanges}, rows bucketed by columns {@code key}.
   */
  public static DigestBuckets of(RangeReader reader, List<KeyRange> sideRanges, List<Integer> key) {
    return new DigestBuckets(reader, List.copyOf(sideRanges), List.of(), List.copyOf(key));
  }

  /** Runs the load's steps on each row first (the source side). */
  public DigestBuckets through(List<RowStep> rowSteps) {
    return new DigestBuckets(reader, sideRanges, List.copyOf(rowSteps), key);
  }

  @Override
  public PCollection<KV<Bucket, ChunkDigest>> expand(PCollection<KV<KeyRange, Integer>> chunks) {
    return chunks
        .apply("Side ranges", ParDo.of(new DrillRead.OverlappingFn(sideRanges)))
        .setCoder(DrillRead.CODER)
        .apply("Spread", Reshuffle.viaRandomKey())
        .apply("Digest buckets", ParDo.of(new BucketFn(reader, steps, key)))
        .setCoder(KvCoder.of(Bucket.CODER, ChunkDigest.CODER));
  }

  static final class BucketFn extends DoFn<DrillRead, KV<Bucket, ChunkDigest>> {
    private static final long serialVersionUID = 1L;
    private final RangeReader reader;
    private final List<RowStep> steps;
    private final List<Integer> key;

    BucketFn(RangeReader reader, List<RowStep> steps, List<Integer> key) {
      this.reader = reader;
      this.steps = steps;
      this.key = key;
    }

    /** Releases the connections the reads kept. */
    @Teardown
    public void teardown() {
      reader.close();
    }

    @ProcessElement
    public void process(@Element DrillRead drill, OutputReceiver<KV<Bucket, ChunkDigest>> out) {
      List<Column> columns = reader.table().columns();
      CanonicalRow canonical = CanonicalRow.of(columns);
      ChunkDigest.Builder hasher = ChunkDigest.builder(columns);
      RowSteps passage = new RowSteps(reader.table().name(), steps);
      ChunkDigest[] sums = new ChunkDigest[drill.buckets()];
      reader.read(
          drill.read(),
          row -> {
            Row passed = passage.apply(row, failure -> {}); // counted by the chunk's digest
            if (passed != null) {
              int b = Bucket.index(RowImages.keyBytes(passed, canonical, key), sums.length);
              ChunkDigest one = hasher.of(passed);
              sums[b] = sums[b] == null ? one : sums[b].plus(one);
            }
          },
          failure -> {});
      for (int b = 0; b < sums.length; b++) {
        if (sums[b] != null) {
          out.output(KV.of(new Bucket(drill.chunk(), b), sums[b]));
        }
      }
    }
  }
}

package dev.ferry.transforms.verify;

import dev.ferry.schemas.inventory.Column;
import dev.ferry.transforms.read.KeyRange;
import dev.ferry.transforms.read.RangeReader;
import dev.ferry.transforms.steps.RowStep;
import dev.ferry.transforms.steps.RowSteps;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.apache.beam.sdk.coders.ByteArrayCoder;
import org.apache.beam.sdk.coders.KvCoder;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.Reshuffle;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionView;
import org.apache.beam.sdk.values.Row;

/**
 * The last step of a drill-down: re-reads one side of each differing chunk and keeps the rows of
 * its differing {@link Bucket}s as {@link RowImage}s, keyed for a join with the other side by the
 * canonical bytes of the key columns (so {@code 42} read as an int and as a bigint join), or of the
 * whole row for a table without a key. Only those rows — about {@value Bucket#ROWS} per differing
 * bucket — are held in memory, whatever the chunk's size.
 *
 * <p>On the source side the load's steps run first: rows they reject are dead letters, not
 * differences.
 */
public final class ReadRowImages
    extends PTransform<PCollection<KV<KeyRange, Integer>>, PCollection<KV<byte[], RowImage>>> {
  private static final long serialVersionUID = 1L;

  private final RangeReader reader;
  private final List<KeyRange> sideRanges;
  private final List<RowStep> steps;
  private final List<Integer> key;
  private final PCollectionView<List<Bucket>> differing;

  private ReadRowImages(
      RangeReader reader,
      List<KeyRange> sideRanges,
      List<RowStep> steps,
      List<Integer> key,
      PCollectionView<List<Bucket>> differing) {
    this.reader = reader;
    this.sideRanges = sideRanges;
    this.steps = steps;
    this.key = key;
    this.differing = differing;
  }

  /**
   * Reads with {@code reader} on {@code sideRanges} (the ranges this side's digests were read on),
   * keeping rows of the {@code differing} buckets, keyed by the columns at {@code key} (empty: the
   * whole row).
   */
  public static ReadRowImages of(
      RangeReader reader,
      List<KeyRange> sideRanges,
      List<Integer> key,
      PCollectionView<List<Bucket>> differing) {
    return new ReadRowImages(
        reader, List.copyOf(sideRanges), List.of(), List.copyOf(key), differing);
  }

  /** Runs the load's steps on each row first (the source side). */
  public ReadRowImages through(List<RowStep> rowSteps) {
    return new ReadRowImages(reader, sideRanges, List.copyOf(rowSteps), key, differing);
  }

  @Override
  public PCollection<KV<byte[], RowImage>> expand(PCollection<KV<KeyRange, Integer>> chunks) {
    return chunks
        .apply("Side ranges", ParDo.of(new DrillRead.OverlappingFn(sideRanges)))
        .setCoder(DrillRead.CODER)
        .apply("Spread", Reshuffle.viaRandomKey())
        .apply(
            "Read rows",
            ParDo.of(new ReadFn(reader, steps, key, differing)).withSideInputs(differing))
        .setCoder(KvCoder.of(ByteArrayCoder.of(), RowImage.CODER));
  }

  static final class ReadFn extends DoFn<DrillRead, KV<byte[], RowImage>> {
    private static final long serialVersionUID = 1L;
    private final RangeReader reader;
    private final List<RowStep> steps;
    private final List<Integer> key;
    private final PCollectionView<List<Bucket>> differing;

    ReadFn(
        RangeReader reader,
        List<RowStep> steps,
        List<Integer> key,
        PCollectionView<List<Bucket>> differing) {
      this.reader = reader;
      this.steps = steps;
      this.key = key;
      this.differing = differing;
    }

    /** Releases the connections the reads kept. */
    @Teardown
    public void teardown() {
      reader.close();
    }

    @ProcessElement
    public void process(
        @Element DrillRead drill,
        ProcessContext context,
        OutputReceiver<KV<byte[], RowImage>> out) {
      Set<Integer> buckets = new HashSet<>();
      for (Bucket b : context.sideInput(differing)) {
        if (b.chunk().equals(drill.chunk())) {
          buckets.add(b.index());
        }
      }
      if (buckets.isEmpty()) {
        return; // every bucket of this chunk is equal: the difference was failures alone
      }
      List<Column> columns = reader.table().columns();
      CanonicalRow canonical = CanonicalRow.of(columns);
      RowSteps passage = new RowSteps(reader.table().name(), steps);
      reader.read(
          drill.read(),
          row -> {
            Row passed = passage.apply(row, failure -> {}); // counted by the chunk's digest
            if (passed != null
                && buckets.contains(
                    Bucket.index(RowImages.keyBytes(passed, canonical, key), drill.buckets()))) {
              out.output(RowImages.of(passed, columns, canonical, key));
            }
          },
          failure -> {}); // counted by the chunk's digest
    }
  }
}

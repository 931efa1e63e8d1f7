package dev.ferry.transforms.verify;

import dev.ferry.schemas.inventory.Column;
import dev.ferry.transforms.read.KeyRange;
import dev.ferry.transforms.read.RangeReader;
import dev.ferry.transforms.steps.RowStep;
import dev.ferry.transforms.steps.RowSteps;
import java.util.List;
import java.util.function.Consumer;
import org.apache.beam.sdk.coders.ByteArrayCoder;
import org.apache.beam.sdk.coders.KvCoder;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.Reshuffle;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.Row;

/**
 * The last step of a drill-down on key buckets ({@link KeyBuckets}): reads one side's rows of each
 * differing bucket with one query on the bucket's key sub-range, about {@value Bucket#ROWS} rows,
 * and keys them as {@link ReadRowImages} does for the join with the other side. The rest of the
 * differing chunk is not read again.
 *
 * <p>On the source side the load's steps run first: rows they reject are dead letters, not
 * differences.
 */
public final class ReadBucketRows
    extends PTransform<PCollection<Bucket>, PCollection<KV<byte[], RowImage>>> {
  private static final long serialVersionUID = 1L;

  private final RangeReader reader;
  private final KeyBuckets buckets;
  private final List<RowStep> steps;
  private final List<Integer> key;

  private ReadBucketRows(
      RangeReader reader, KeyBuckets buckets, List<RowStep> steps, List<Integer> key) {
    this.reader = reader;
    this.buckets = buckets;
    this.steps = steps;
    this.key = key;
  }

  /**
   * Reads with {@code reader} the key ranges of buckets laid out by {@code buckets}, rows keyed by
   * the columns at {@code key} (empty: the whole row).
   */
  public static ReadBucketRows of(RangeReader reader, KeyBuckets buckets, List<Integer> key) {
    return new ReadBucketRows(reader, buckets, List.of(), List.copyOf(key));
  }

  /** Runs the load's steps on each row first (the source side). */
  public ReadBucketRows through(List<RowStep> rowSteps) {
    return new ReadBucketRows(reader, buckets, List.copyOf(rowSteps), key);
  }

  @Override
  public PCollection<KV<byte[], RowImage>> expand(PCollection<Bucket> differing) {
    return differing
        .apply("Spread", Reshuffle.viaRandomKey())
        .apply("Read bucket rows", ParDo.of(new ReadFn(reader, buckets, steps, key)))
        .setCoder(KvCoder.of(ByteArrayCoder.of(), RowImage.CODER));
  }

  static final class ReadFn extends DoFn<Bucket, KV<byte[], RowImage>> {
    private static final long serialVersionUID = 1L;
    private final RangeReader reader;
    private final KeyBuckets buckets;
    private final List<RowStep> steps;
    private final List<Integer> key;

    ReadFn(RangeReader reader, KeyBuckets buckets, List<RowStep> steps, List<Integer> key) {
      this.reader = reader;
      this.buckets = buckets;
      this.steps = steps;
      this.key = key;
    }

    /** Releases the connections the reads kept. */
    @Teardown
    public void teardown() {
      reader.close();
    }

    @ProcessElement
    public void process(@Element Bucket bucket, OutputReceiver<KV<byte[], RowImage>> out) {
      images(reader, buckets.range(bucket), steps, key, out::output);
    }
  }

  /**
   * Reads {@code range} with {@code reader}, each row through {@code steps} first, and gives the
   * image of each row they pass, keyed by the columns at {@code key}. Rows the reader or the steps
   * reject are not given: the chunk's digest counted them.
   */
  static void images(
      RangeReader reader,
      KeyRange range,
      List<RowStep> steps,
      List<Integer> key,
      Consumer<KV<byte[], RowImage>> images) {
    List<Column> columns = reader.table().columns();
    CanonicalRow canonical = CanonicalRow.of(columns);
    RowSteps passage = new RowSteps(reader.table().name(), steps);
    reader.read(
        range,
        row -> {
          Row passed = passage.apply(row, failure -> {});
          if (passed != null) {
            images.accept(RowImages.of(passed, columns, canonical, key));
          }
        },
        failure -> {});
  }
}

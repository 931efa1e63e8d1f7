package dev.ferry.transforms.verify;

import dev.ferry.transforms.read.KeyRange;
import dev.ferry.transforms.read.RangeReader;
import dev.ferry.transforms.steps.RowStep;
import java.io.Serializable;
import java.util.List;
import java.util.Set;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.Reshuffle;
import org.apache.beam.sdk.values.PCollection;

/**
 * The drill-down of differing key buckets ({@link KeyBuckets}) in one step: a worker reads a
 * bucket's key sub-range on both sides, holds the source's rows by key, pairs each target row with
 * them as it comes, and names what is left as {@link DiffRows} does. No row is shuffled, so naming
 * ten changed rows costs ten small reads a side and nothing else.
 *
 * <p>Only for buckets of at most {@value #HELD_ROWS} rows a side ({@link DifferingKeyBuckets#SMALL}
 * sorts them out from their digests): every bucket of a dense key holds about {@value Bucket#ROWS}.
 * Larger ones, where keys crowd into a few buckets, go through {@link ReadBucketRows} and {@link
 * DiffRows}, which join in groups of a thousand rows whatever the bucket's size.
 *
 * <pre>{@code
 * PCollection<RowDiff> diffs =
 *     small.apply("Diff buckets", DiffKeyBuckets.of(source, target, buckets, key, names));
 * }</pre>
 */
public final class DiffKeyBuckets extends PTransform<PCollection<Bucket>, PCollection<RowDiff>> {
  private static final long serialVersionUID = 1L;

  /** A bucket's rows a side that one worker holds at most: ten times a dense bucket's. */
  public static final long HELD_ROWS = 10L * Bucket.ROWS;

  private final Spec spec;

  /**
   * What a drill-down reads and how it names what differs; the DoFn gets it whole.
   *
   * @param key the columns rows are joined on (empty: the whole row)
   * @param names the source's column names, in column order
   * @param steps the load's steps, run on each source row first
   * @param rejectedKeys keys the target refused at write: rejected, not missing
   */
  private record Spec(
      RangeReader source,
      RangeReader target,
      KeyBuckets buckets,
      List<Integer> key,
      List<String> names,
      List<RowStep> steps,
      Set<String> rejectedKeys)
      implements Serializable {
    Spec {
      key = List.copyOf(key);
      names = List.copyOf(names);
      steps = List.copyOf(steps);
      rejectedKeys = Set.copyOf(rejectedKeys);
    }
  }

  private DiffKeyBuckets(Spec spec) {
    this.spec = spec;
  }

  /**
   * Diffs the buckets laid out by {@code buckets} between {@code source} and {@code target}, rows
   * joined on the columns at {@code key} (empty: the whole row) and differences named with {@code
   * names} (the source's column names, in column order).
   */
  public static DiffKeyBuckets of(
      RangeReader source,
      RangeReader target,
      KeyBuckets buckets,
      List<Integer> key,
      List<String> names) {
    return new DiffKeyBuckets(new Spec(source, target, buckets, key, names, List.of(), Set.of()));
  }

  /** Runs the load's steps on each source row first: rows they reject are dead letters. */
  public DiffKeyBuckets through(List<RowStep> rowSteps) {
    Spec s = spec;
    return new DiffKeyBuckets(
        new Spec(s.source, s.target, s.buckets, s.key, s.names, rowSteps, s.rejectedKeys));
  }

  /** As {@link DiffRows#rejectedAtWrite}: these keys missing in the target are dead letters. */
  public DiffKeyBuckets rejectedAtWrite(Set<String> keys) {
    Spec s = spec;
    return new DiffKeyBuckets(
        new Spec(s.source, s.target, s.buckets, s.key, s.names, s.steps, keys));
  }

  @Override
  public PCollection<RowDiff> expand(PCollection<Bucket> differing) {
    return differing
        .apply("Spread", Reshuffle.viaRandomKey())
        .apply("Diff bucket", ParDo.of(new DiffFn(spec)))
        .setCoder(RowDiff.CODER);
  }

  /** Reads one bucket on both sides and names its differences. */
  static final class DiffFn extends DoFn<Bucket, RowDiff> {
    private static final long serialVersionUID = 1L;
    private final Spec spec;

    DiffFn(Spec spec) {
      this.spec = spec;
    }

    /** Releases the connections the reads kept. */
    @Teardown
    public void teardown() {
      spec.source.close();
      spec.target.close();
    }

    @ProcessElement
    public void process(@Element Bucket bucket, OutputReceiver<RowDiff> out) {
      KeyRange range = spec.buckets.range(bucket);
      RowsByKey rows = new RowsByKey();
      ReadBucketRows.images(spec.source, range, spec.steps, spec.key, rows::addSource);
      ReadBucketRows.images(spec.target, range, List.of(), spec.key, rows::addTarget);
      rows.name(spec.names, spec.rejectedKeys, out::output);
    }
  }
}

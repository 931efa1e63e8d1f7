package dev.ferry.transforms.verify;

import dev.ferry.transforms.deadletter.FailedRow;
import dev.ferry.transforms.read.KeyRange;
import dev.ferry.transforms.read.RangeReader;
import dev.ferry.transforms.steps.RowStep;
import java.util.ArrayList;
import java.util.List;
import org.apache.beam.sdk.coders.KvCoder;
import org.apache.beam.sdk.coders.ListCoder;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.Reshuffle;
import org.apache.beam.sdk.transforms.display.DisplayData;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PBegin;
import org.apache.beam.sdk.values.PCollectionTuple;
import org.apache.beam.sdk.values.TupleTag;
import org.apache.beam.sdk.values.TupleTagList;

/**
 * Digests a table in given key ranges: one {@link ChunkDigest} per range, read by any {@link
 * RangeReader} after ferry's type mapping. Reading a source and its target on the same ranges gives
 * digests that {@link CompareChunks} pairs range by range.
 *
 * <pre>{@code
 * List<KeyRange> ranges = DigestRanges.covering(source.ranges(100_000));
 * PCollectionTuple src = p.apply("DigestSource", DigestRanges.of(source, ranges));
 * PCollectionTuple dst = p.apply("DigestTarget", DigestRanges.of(target, ranges).countedAs("orders (target)"));
 * src.get(DigestRanges.DIGESTS); // KV<KeyRange, ChunkDigest>, exactly one per range, empty ones too
 * src.get(DigestRanges.FAILED);  // rows the reader could not convert, also counted in the digest
 * }</pre>
 *
 * <p>Bounded and streaming: each range is read by one worker holding 32 bytes of state, whatever
 * the table's size. Every range given yields a digest, an empty range a count of 0, so a side
 * missing a whole range still compares. Rows are counted under {@code read} of {@link
 * #countedAs(String)}.
 */
public final class DigestRanges extends PTransform<PBegin, PCollectionTuple> {
  private static final long serialVersionUID = 1L;

  public static final TupleTag<KV<KeyRange, ChunkDigest>> DIGESTS = new TupleTag<>() {};
  public static final TupleTag<FailedRow> FAILED = new TupleTag<>() {};

  /** With {@link #inBuckets}: each range's bucket digests, in bucket order; nothing otherwise. */
  public static final TupleTag<KV<KeyRange, List<ChunkDigest>>> BUCKETS = new TupleTag<>() {};

  private final RangeReader reader;
  private final List<KeyRange> ranges;
  private final String countedAs;
  private final List<RowStep> steps;
  private final KeyBuckets buckets;
  private final int splitColumn;

  private DigestRanges(
      RangeReader reader,
      List<KeyRange> ranges,
      String countedAs,
      List<RowStep> steps,
      KeyBuckets buckets,
      int splitColumn) {
    this.reader = reader;
    this.ranges = ranges;
    this.countedAs = countedAs;
    this.steps = steps;
    this.buckets = buckets;
    this.splitColumn = splitColumn;
  }

  /** Digests {@code ranges} of {@code reader}'s table, counted under the reader's name. */
  public static DigestRanges of(RangeReader reader, List<KeyRange> ranges) {
    return new DigestRanges(reader, List.copyOf(ranges), reader.countedAs(), List.of(), null, -1);
  }

  /**
   * Passes each row through {@code rowSteps} (the load's normalize and validate) before digesting
   * it: a source then digests what its load wrote, and the rows a step rejects are counted as
   * failed (the load's dead letters) and emitted on {@link #FAILED}, not digested.
   */
  public DigestRanges through(List<RowStep> rowSteps) {
    return new DigestRanges(reader, ranges, countedAs, List.copyOf(rowSteps), buckets, splitColumn);
  }

  /**
   * Also digests each range's {@code buckets} apart, a row going to the bucket of its integer key
   * at {@code splitColumn}, and emits them on {@link #BUCKETS}: a differing range's differing
   * buckets are then known without reading it again.
   */
  public DigestRanges inBuckets(KeyBuckets keyBuckets, int keyColumn) {
    if (keyColumn < 0) {
      throw new IllegalArgumentException("buckets need the split key's column");
    }
    return new DigestRanges(reader, ranges, countedAs, steps, keyBuckets, keyColumn);
  }

  /** The name rows are counted under, e.g. {@code orders (target)} beside the source's. */
  public DigestRanges countedAs(String name) {
    if (name == null || name.isBlank()) {
      throw new IllegalArgumentException("countedAs needs a name");
    }
    return new DigestRanges(reader, ranges, name, steps, buckets, splitColumn);
  }

  /**
   * {@code planned} ranges (ascending, contiguous, as {@link RangeReader#ranges} plans them) with
   * the first opened down to {@link Long#MIN_VALUE} and the last up to {@link Long#MAX_VALUE}, so a
   * key outside the side they were planned on (an extra target row beyond the source's maximum)
   * still falls into a range. A whole-table plan or an empty one is returned as is.
   */
  public static List<KeyRange> covering(List<KeyRange> planned) {
    if (planned.isEmpty() || planned.get(0).wholeTable()) {
      return List.copyOf(planned);
    }
    List<KeyRange> open = new ArrayList<>(planned);
    int last = open.size() - 1;
    open.set(0, new KeyRange(Long.MIN_VALUE, open.get(0).to(), false));
    open.set(last, new KeyRange(open.get(last).from(), Long.MAX_VALUE, false));
    return List.copyOf(open);
  }

  @Override
  public PCollectionTuple expand(PBegin input) {
    PCollectionTuple out =
        input
            .apply("Ranges", Create.of(ranges).withCoder(KeyRange.CODER))
            .apply("Spread ranges", Reshuffle.viaRandomKey())
            .apply(
                "Digest ranges",
                ParDo.of(
                        new DigestRangeFn(
                            reader,
                            steps,
                            countedAs,
                            new DigestRangeFn.Outputs(DIGESTS, FAILED, BUCKETS),
                            buckets,
                            splitColumn))
                    .withOutputTags(DIGESTS, TupleTagList.of(FAILED).and(BUCKETS)));
    out.get(DIGESTS).setCoder(KvCoder.of(KeyRange.CODER, ChunkDigest.CODER));
    out.get(FAILED).setCoder(FailedRow.CODER);
    out.get(BUCKETS).setCoder(KvCoder.of(KeyRange.CODER, ListCoder.of(ChunkDigest.CODER)));
    return out;
  }

  @Override
  public void populateDisplayData(DisplayData.Builder builder) {
    super.populateDisplayData(builder);
    builder
        .add(DisplayData.item("source", reader.describe()))
        .add(DisplayData.item("table", reader.table().name()))
        .add(DisplayData.item("splitKey", reader.table().splitKey().orElse("(none: one reader)")))
        .add(DisplayData.item("ranges", ranges.size()))
        .add(DisplayData.item("steps", steps.size()))
        .add(DisplayData.item("buckets", buckets != null))
        .add(DisplayData.item("countedAs", countedAs));
  }
}

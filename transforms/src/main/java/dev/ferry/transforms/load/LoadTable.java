package dev.ferry.transforms.load;

import dev.ferry.transforms.deadletter.FailedRow;
import dev.ferry.transforms.read.KeyRange;
import dev.ferry.transforms.read.ReadTable;
import dev.ferry.transforms.steps.RowStep;
import java.util.List;
import org.apache.beam.sdk.coders.Coder;
import org.apache.beam.sdk.coders.SerializableCoder;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.Wait;
import org.apache.beam.sdk.transforms.display.DisplayData;
import org.apache.beam.sdk.values.PBegin;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionTuple;
import org.apache.beam.sdk.values.TupleTag;
import org.apache.beam.sdk.values.TupleTagList;

/**
 * Loads one table in a single pass per key range: each row is read, taken through the per-row steps
 * (normalize, validate, stamp) and written to the sink before the next is read.
 *
 * <pre>{@code
 * LoadTable<DeltaFile> load = LoadTable.from(read).through(steps).into(deltaSink, DeltaFile.CODER);
 * PCollectionTuple out = p.apply(load);
 * out.get(load.results()); // data files to commit, or written batches
 * out.get(LoadTable.FAILED);
 * }</pre>
 *
 * <p>Why fused: the DirectRunner runs each step on whole bundles and lets a fast reader run ahead
 * of a slow writer, so separate read and write steps hold a whole table in memory. Here a range
 * holds only what the sink buffers (open files' row groups, one COPY batch), whatever the table's
 * size. Rows that fail the read, a step or the write go to {@link #FAILED} with stage and reason.
 */
public final class LoadTable<T> extends PTransform<PBegin, PCollectionTuple> {
  private static final long serialVersionUID = 1L;

  /** Rows rejected by the read, a step or the sink. */
  public static final TupleTag<FailedRow> FAILED = new TupleTag<>() {};

  private final ReadTable read;
  private final List<RowStep> steps;
  private final RowSink<T> sink;
  private final Coder<T> coder;
  private final List<PCollection<?>> after;
  // Not an anonymous subclass: it would capture this transform, and its signals, into the DoFn.
  private final TupleTag<T> results = new TupleTag<>();

  private LoadTable(
      ReadTable read,
      List<RowStep> steps,
      RowSink<T> sink,
      Coder<T> coder,
      List<PCollection<?>> after) {
    this.read = read;
    this.steps = steps;
    this.sink = sink;
    this.coder = coder;
    this.after = after;
  }

  public static LoadTable<Void> from(ReadTable read) {
    return new LoadTable<>(read, List.of(), null, null, List.of());
  }

  /** The per-row steps, applied in order. */
  public LoadTable<T> through(List<RowStep> newSteps) {
    return new LoadTable<>(read, List.copyOf(newSteps), sink, coder, after);
  }

  /**
   * Starts reading only once every collection in {@code signals} is complete (e.g. the written
   * batches of the tables this one references), so parents are in before their children.
   */
  public LoadTable<T> after(List<PCollection<?>> signals) {
    return new LoadTable<>(read, steps, sink, coder, List.copyOf(signals));
  }

  /** Where the rows that pass every step are written, and the coder of what the sink hands on. */
  public <R> LoadTable<R> into(RowSink<R> newSink, Coder<R> resultCoder) {
    return new LoadTable<>(read, steps, newSink, resultCoder, after);
  }

  /** What finished ranges hand on: data files to commit, or written batches. */
  public TupleTag<T> results() {
    return results;
  }

  @Override
  public PCollectionTuple expand(PBegin input) {
    if (sink == null) {
      throw new IllegalStateException("LoadTable needs into(sink, coder)");
    }
    PCollection<KeyRange> ranges = read.keyRanges(input);
    if (!after.isEmpty()) {
      ranges =
          ranges
              .apply("After referenced tables", Wait.on(after))
              .setCoder(SerializableCoder.of(KeyRange.class));
    }
    PCollectionTuple out =
        ranges.apply(
            "Load ranges",
            ParDo.of(new LoadRangeFn<>(read.reader(), steps, sink, results, FAILED))
                .withOutputTags(results, TupleTagList.of(FAILED)));
    out.get(results).setCoder(coder);
    out.get(FAILED).setCoder(FailedRow.CODER);
    return out;
  }

  @Override
  public void populateDisplayData(DisplayData.Builder builder) {
    super.populateDisplayData(builder);
    builder
        .include("read", read)
        .add(DisplayData.item("steps", steps.size()))
        .addIfNotNull(DisplayData.item("sink", sink == null ? null : sink.describe()));
  }
}

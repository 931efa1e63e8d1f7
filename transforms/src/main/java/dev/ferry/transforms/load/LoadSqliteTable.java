package dev.ferry.transforms.load;

import dev.ferry.transforms.deadletter.FailedRow;
import dev.ferry.transforms.delta.DeltaFile;
import dev.ferry.transforms.delta.DeltaTableWriter;
import dev.ferry.transforms.read.ReadSqliteTable;
import dev.ferry.transforms.read.SqliteRangeReader;
import dev.ferry.transforms.steps.RowStep;
import java.util.List;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.display.DisplayData;
import org.apache.beam.sdk.values.PBegin;
import org.apache.beam.sdk.values.PCollectionTuple;
import org.apache.beam.sdk.values.TupleTag;
import org.apache.beam.sdk.values.TupleTagList;

/**
 * Loads one SQLite table into Delta data files in a single pass per key range: each row is read,
 * taken through the per-row steps (normalize, validate, stamp) and written before the next is read.
 * Commit the {@link #FILES} with {@code CommitDeltaFiles}.
 *
 * <pre>{@code
 * PCollectionTuple out = p.apply(LoadSqliteTable.from(read).through(steps).into(writer));
 * }</pre>
 *
 * <p>Why fused: the DirectRunner runs each step on whole bundles and lets a fast reader run ahead
 * of a slow writer, so separate read and write steps hold a whole table in memory. Here a range
 * holds only the open files' row groups, whatever the table's size. Rows that fail any step go to
 * {@link #FAILED} with the stage and reasons, as in the single-step transforms.
 */
public final class LoadSqliteTable extends PTransform<PBegin, PCollectionTuple> {
  private static final long serialVersionUID = 1L;

  /** Data files written, not yet committed. */
  public static final TupleTag<DeltaFile> FILES = new TupleTag<>() {};

  /** Rows rejected by the read or by a step. */
  public static final TupleTag<FailedRow> FAILED = new TupleTag<>() {};

  private final ReadSqliteTable read;
  private final List<RowStep> steps;
  private final DeltaTableWriter writer;

  private LoadSqliteTable(ReadSqliteTable read, List<RowStep> steps, DeltaTableWriter writer) {
    this.read = read;
    this.steps = steps;
    this.writer = writer;
  }

  public static LoadSqliteTable from(ReadSqliteTable read) {
    return new LoadSqliteTable(read, List.of(), null);
  }

  /** The per-row steps, applied in order. */
  public LoadSqliteTable through(List<RowStep> newSteps) {
    return new LoadSqliteTable(read, List.copyOf(newSteps), writer);
  }

  /** Where the rows that pass every step are written. */
  public LoadSqliteTable into(DeltaTableWriter newWriter) {
    return new LoadSqliteTable(read, steps, newWriter);
  }

  @Override
  public PCollectionTuple expand(PBegin input) {
    if (writer == null) {
      throw new IllegalStateException("LoadSqliteTable needs into(writer)");
    }
    SqliteRangeReader reader = read.rangeReader();
    PCollectionTuple out =
        read.keyRanges(input)
            .apply(
                "Load ranges",
                ParDo.of(new LoadRangeFn(reader, steps, writer, FILES, FAILED))
                    .withOutputTags(FILES, TupleTagList.of(FAILED)));
    out.get(FILES).setCoder(DeltaFile.CODER);
    out.get(FAILED).setCoder(FailedRow.CODER);
    return out;
  }

  @Override
  public void populateDisplayData(DisplayData.Builder builder) {
    super.populateDisplayData(builder);
    builder.include("read", read).add(DisplayData.item("steps", steps.size()));
    if (writer != null) {
      builder.add(DisplayData.item("path", writer.spec().path()));
    }
  }
}

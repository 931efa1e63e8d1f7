package dev.ferry.transforms.read;

import dev.ferry.transforms.deadletter.FailedRow;
import org.apache.beam.sdk.coders.SerializableCoder;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.Reshuffle;
import org.apache.beam.sdk.transforms.display.DisplayData;
import org.apache.beam.sdk.values.PBegin;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionTuple;
import org.apache.beam.sdk.values.Row;
import org.apache.beam.sdk.values.TupleTag;
import org.apache.beam.sdk.values.TupleTagList;

/**
 * Reads one source table in parallel key ranges, one query per range, with any {@link RangeReader}.
 *
 * <pre>{@code
 * PCollectionTuple read = p.apply(ReadTable.from(JdbcRangeReader.of(login, dialect, table, options)));
 * read.get(ReadTable.ROWS);   // typed rows, schema BeamSchemas.of(table.columns())
 * read.get(ReadTable.FAILED); // rows with values that do not fit their column
 * }</pre>
 *
 * <p>Ranges come from the table's split key, found at run time, so a table is read by as many
 * workers as it has ranges; a table without one is read whole by one worker.
 *
 * <p>Not JdbcIO: its row mapper has one output (failures would need an envelope row), and it cannot
 * feed a fused read-and-write step, which the DirectRunner needs to keep memory flat.
 */
public final class ReadTable extends PTransform<PBegin, PCollectionTuple> {
  private static final long serialVersionUID = 1L;

  public static final TupleTag<Row> ROWS = new TupleTag<>() {};
  public static final TupleTag<FailedRow> FAILED = new TupleTag<>() {};

  /** Rows per key range by default: small enough to spread work, large enough to be cheap. */
  public static final long DEFAULT_ROWS_PER_SPLIT = 100_000;

  private final RangeReader reader;
  private final long rowsPerSplit;

  private ReadTable(RangeReader reader, long rowsPerSplit) {
    this.reader = reader;
    this.rowsPerSplit = rowsPerSplit;
  }

  public static ReadTable from(RangeReader reader) {
    return new ReadTable(reader, DEFAULT_ROWS_PER_SPLIT);
  }

  public ReadTable withRowsPerSplit(long rows) {
    if (rows < 1) {
      throw new IllegalArgumentException("rowsPerSplit must be positive, got " + rows);
    }
    return new ReadTable(reader, rows);
  }

  public RangeReader reader() {
    return reader;
  }

  @Override
  public PCollectionTuple expand(PBegin input) {
    PCollectionTuple split =
        keyRanges(input)
            .apply(
                "Read ranges",
                ParDo.of(new ReadRangeFn(reader, ROWS, FAILED))
                    .withOutputTags(ROWS, TupleTagList.of(FAILED)));
    split.get(ROWS).setRowSchema(reader.rowSchema());
    split.get(FAILED).setCoder(FailedRow.CODER);
    return split;
  }

  /** The key ranges of the table, spread so that each can be read by a different worker. */
  public PCollection<KeyRange> keyRanges(PBegin input) {
    return input
        .apply("Table", Create.of(reader.table().name()))
        .apply("Plan key ranges", ParDo.of(new PlanKeyRanges(reader, rowsPerSplit)))
        .setCoder(SerializableCoder.of(KeyRange.class))
        .apply("Spread ranges", Reshuffle.viaRandomKey());
  }

  @Override
  public void populateDisplayData(DisplayData.Builder builder) {
    super.populateDisplayData(builder);
    builder
        .add(DisplayData.item("source", reader.describe()))
        .add(DisplayData.item("table", reader.table().name()))
        .add(DisplayData.item("splitKey", reader.table().splitKey().orElse("(none: one reader)")))
        .add(DisplayData.item("rowsPerSplit", rowsPerSplit))
        .addIfNotNull(
            DisplayData.item("filter", reader.filter().map(f -> f.describe()).orElse(null)));
  }
}

package dev.ferry.transforms.postgres;

import dev.ferry.schemas.convert.BeamSchemas;
import dev.ferry.transforms.deadletter.FailedRow;
import dev.ferry.transforms.load.RowSink;
import dev.ferry.transforms.load.SinkWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.apache.beam.sdk.schemas.Schema;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.display.DisplayData;
import org.apache.beam.sdk.transforms.windowing.GlobalWindows;
import org.apache.beam.sdk.transforms.windowing.Window;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionTuple;
import org.apache.beam.sdk.values.Row;
import org.apache.beam.sdk.values.TupleTag;
import org.apache.beam.sdk.values.TupleTagList;

/**
 * Writes rows into an existing PostgreSQL table with COPY, in batches, isolating the rows the
 * server refuses.
 *
 * <pre>{@code
 * PCollectionTuple out = rows.apply("WriteOrders", WritePostgres.to(
 *     PostgresTarget.of("jdbc:postgresql://db/shop", "loader", password),
 *     TableTarget.of("public", "orders", columns).withKeyColumns(List.of("id"))));
 * out.get(WritePostgres.WRITTEN); // one WrittenBatch per committed batch
 * out.get(WritePostgres.FAILED);  // rows PostgreSQL refused, stage "write", with its error
 * }</pre>
 *
 * <p>Each DoFn instance buffers up to {@link #DEFAULT_BATCH_ROWS} rows or {@link
 * #DEFAULT_BATCH_BYTES} of COPY text and loads them in one transaction through the driver's COPY
 * API (never row-by-row INSERTs). A batch the server refuses for its data (SQLState class 22, 23,
 * or 0A000, 42804, 54000) is rolled back and split until every bad row is alone; those go to {@link
 * #FAILED} with PostgreSQL's SQLState and message, all others load. Lost connections, restarts and
 * deadlocks are retried with backoff ({@link #withRetries}); a setup error (login, missing table,
 * no unique constraint on the key) fails the job with one line naming table, server and user. Text
 * with NUL characters is rejected before it is sent ({@link #withNulBytes}).
 *
 * <p><b>Idempotence</b>, which decides what a retried Beam bundle or a re-run job does:
 *
 * <ul>
 *   <li>With key columns (APPEND or UPSERT), a retried bundle or a whole re-run cannot duplicate
 *       rows: the batch is staged and merged with {@code ON CONFLICT (key)}, so rows already
 *       committed are skipped (APPEND: the row in the table wins) or overwritten with the same
 *       values (UPSERT). The key must be a primary key or unique constraint of the table.
 *   <li>Without key columns, rows are copied straight into the table and each committed batch stays
 *       committed: a bundle that Beam retries after some of its batches committed writes those
 *       batches again, and so does a re-run. Only a batch whose transaction failed is never half
 *       written. Give the table a key, or truncate it before a re-run, when that matters.
 * </ul>
 *
 * <p>Rows have the schema {@code BeamSchemas.of(table.columns())}. The {@code written} metric
 * counts rows that are in the table after a commit (inserted, updated, or already present with that
 * key), so read = written + rejected holds through retries and re-runs; {@link
 * WrittenBatch#changed()} tells how many the batch inserted or updated.
 */
public final class WritePostgres extends PTransform<PCollection<Row>, PCollectionTuple> {
  private static final long serialVersionUID = 1L;

  public static final TupleTag<WrittenBatch> WRITTEN = new TupleTag<>() {};
  public static final TupleTag<FailedRow> FAILED = new TupleTag<>() {};

  /** Rows per batch by default: large enough for COPY's speed, small enough to isolate errors. */
  public static final int DEFAULT_BATCH_ROWS = 10_000;

  /** COPY text per batch by default, which bounds a worker's buffer whatever the row size. */
  public static final long DEFAULT_BATCH_BYTES = 8L << 20;

  private final PostgresTarget target;
  private final TableTarget table;
  private final int batchRows;
  private final long batchBytes;
  private final NulBytes nulBytes;
  private final RetryPolicy retries;

  private WritePostgres(
      PostgresTarget target,
      TableTarget table,
      int batchRows,
      long batchBytes,
      NulBytes nulBytes,
      RetryPolicy retries) {
    this.target = target;
    this.table = table;
    this.batchRows = batchRows;
    this.batchBytes = batchBytes;
    this.nulBytes = nulBytes;
    this.retries = retries;
  }

  /** Writes into {@code table} on {@code target}, in batches of 10,000 rows or 8 MiB. */
  public static WritePostgres to(PostgresTarget target, TableTarget table) {
    return new WritePostgres(
        target,
        table,
        DEFAULT_BATCH_ROWS,
        DEFAULT_BATCH_BYTES,
        NulBytes.REJECT,
        RetryPolicy.DEFAULT);
  }

  /** The most rows one transaction loads. */
  public WritePostgres withBatchRows(int rows) {
    if (rows < 1) {
      throw new IllegalArgumentException("batchRows must be positive, got " + rows);
    }
    return new WritePostgres(target, table, rows, batchBytes, nulBytes, retries);
  }

  /** The most COPY text one transaction loads; a single larger row is loaded alone. */
  public WritePostgres withBatchBytes(long bytes) {
    if (bytes < 1) {
      throw new IllegalArgumentException("batchBytes must be positive, got " + bytes);
    }
    return new WritePostgres(target, table, batchRows, bytes, nulBytes, retries);
  }

  /** Whether text with NUL characters is rejected (the default) or written without them. */
  public WritePostgres withNulBytes(NulBytes policy) {
    return new WritePostgres(target, table, batchRows, batchBytes, policy, retries);
  }

  /** How passing failures (lost connection, restart, deadlock) are retried. */
  public WritePostgres withRetries(RetryPolicy policy) {
    return new WritePostgres(target, table, batchRows, batchBytes, nulBytes, policy);
  }

  /**
   * The same write as a sink for a fused load ({@code LoadTable}): each worker keeps one COPY
   * buffer and loads it when it fills and when a key range ends.
   */
  public RowSink<WrittenBatch> sink() {
    checkMode();
    PostgresTarget t = target;
    TableTarget tt = table;
    NulBytes nul = nulBytes;
    int rows = batchRows;
    long bytes = batchBytes;
    RetryPolicy retry = retries;
    return new RowSink<>() {
      private static final long serialVersionUID = 1L;

      @Override
      public SinkWriter<WrittenBatch> open() {
        CopyBatcher batcher = new CopyBatcher(t, tt, nul, rows, bytes, retry);
        List<WrittenBatch> done = new ArrayList<>();
        return new SinkWriter<>() {
          @Override
          public void write(Row row, Consumer<FailedRow> failures) {
            WrittenBatch batch = batcher.add(row, failures);
            if (batch != null) {
              done.add(batch);
            }
          }

          @Override
          public List<WrittenBatch> finishRange(Consumer<FailedRow> failures) {
            WrittenBatch batch = batcher.flush(failures);
            if (batch != null) {
              done.add(batch);
            }
            List<WrittenBatch> range = List.copyOf(done);
            done.clear();
            return range;
          }

          @Override
          public void abortRange() {
            batcher.discard();
            done.clear();
          }

          @Override
          public void close() {
            batcher.close();
          }
        };
      }

      @Override
      public String describe() {
        return tt.displayName() + " on " + t.displayUrl();
      }
    };
  }

  private void checkMode() {
    if (table.mode() == TableTarget.Mode.UPSERT && table.keyColumns().isEmpty()) {
      throw new IllegalArgumentException(
          "UPSERT into " + table.displayName() + " needs key columns: set withKeyColumns(...)");
    }
  }

  @Override
  public PCollectionTuple expand(PCollection<Row> input) {
    checkMode();
    checkSchema(input);
    PCollectionTuple out =
        input
            .apply("GlobalWindow", Window.into(new GlobalWindows()))
            .apply(
                "CopyBatches",
                ParDo.of(
                        new WriteBatchesFn(target, table, nulBytes, batchRows, batchBytes, retries))
                    .withOutputTags(WRITTEN, TupleTagList.of(FAILED)));
    out.get(WRITTEN).setCoder(WrittenBatch.CODER);
    out.get(FAILED).setCoder(FailedRow.CODER);
    return out;
  }

  /** Rows are encoded by position: their fields must be the table's columns, in order. */
  private void checkSchema(PCollection<Row> input) {
    Schema expected = BeamSchemas.of(table.columns());
    Schema actual = input.hasSchema() ? input.getSchema() : null;
    boolean same = actual != null && actual.getFieldCount() == expected.getFieldCount();
    for (int i = 0; same && i < expected.getFieldCount(); i++) {
      Schema.Field want = expected.getField(i);
      Schema.Field got = actual.getField(i);
      same =
          want.getName().equals(got.getName())
              && want.getType()
                  .withNullable(true)
                  .equivalent(
                      got.getType().withNullable(true), Schema.EquivalenceNullablePolicy.SAME);
    }
    if (!same) {
      throw new IllegalArgumentException(
          "rows written to "
              + table.displayName()
              + " must have the schema BeamSchemas.of(columns) "
              + expected.getFields().stream().map(f -> f.getName()).toList()
              + ", got "
              + (actual == null
                  ? "rows without a schema"
                  : actual.getFields().stream()
                      .map(f -> f.getName() + " " + f.getType().getTypeName())
                      .toList()));
    }
  }

  @Override
  public void populateDisplayData(DisplayData.Builder builder) {
    super.populateDisplayData(builder);
    describe(target, table, builder);
    builder
        .add(DisplayData.item("batchRows", batchRows).withLabel("Rows per batch"))
        .add(DisplayData.item("batchBytes", batchBytes).withLabel("COPY bytes per batch"))
        .add(DisplayData.item("nulBytes", nulBytes.name()).withLabel("Text with NUL"));
  }

  /** What the write does and where, for runner UIs: never the password. */
  static void describe(PostgresTarget target, TableTarget table, DisplayData.Builder builder) {
    builder
        .add(DisplayData.item("url", target.displayUrl()).withLabel("JDBC URL"))
        .add(DisplayData.item("user", target.user()).withLabel("User"))
        .add(DisplayData.item("table", table.displayName()).withLabel("Table"))
        .add(DisplayData.item("mode", table.mode().name()).withLabel("Mode"))
        .addIfNotDefault(
            DisplayData.item("keyColumns", String.join(", ", table.keyColumns()))
                .withLabel("Key columns"),
            "");
  }
}

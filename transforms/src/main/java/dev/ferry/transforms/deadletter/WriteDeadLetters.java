package dev.ferry.transforms.deadletter;

import dev.ferry.schemas.convert.BeamSchemas;
import dev.ferry.schemas.inventory.Column;
import dev.ferry.schemas.types.ColumnType;
import dev.ferry.schemas.types.ColumnType.Kind;
import dev.ferry.transforms.delta.DeltaCommit;
import dev.ferry.transforms.delta.DeltaTableSpec;
import dev.ferry.transforms.delta.WriteDeltaTable;
import dev.ferry.transforms.lake.IngestStamp;
import dev.ferry.transforms.metrics.TableMetrics;
import java.util.List;
import org.apache.beam.sdk.schemas.Schema;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.SerializableFunction;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.Row;

/**
 * Writes a job's rejected rows to one Delta table, partitioned by source table, and counts them as
 * {@code rejected} per table. Like every Delta write it commits once per run under the run's
 * transaction id, so a repeated run id adds no duplicate dead letters.
 *
 * <pre>{@code
 * allFailures.apply(WriteDeadLetters.to("lake/_dead_letters", stamp, appId));
 * }</pre>
 */
public final class WriteDeadLetters
    extends PTransform<PCollection<FailedRow>, PCollection<DeltaCommit>> {
  private static final long serialVersionUID = 1L;

  /** The name the dead-letter table has in metrics and the Delta metadata. */
  public static final String TABLE = "_dead_letters";

  /** What each dead letter holds; the partition column {@code table} follows them. */
  public static final List<Column> COLUMNS =
      List.of(
          column("stage", ColumnType.string(0)),
          column("reason", ColumnType.string(0)),
          column("values", ColumnType.of(Kind.JSON)),
          column("failed_at", ColumnType.of(Kind.TIMESTAMP)),
          column("_ingested_at", ColumnType.of(Kind.TIMESTAMP)),
          column("_source", ColumnType.string(0)),
          column("_run_id", ColumnType.string(0)));

  private static final Column TABLE_COLUMN = column("table", ColumnType.string(0));

  private final String path;
  private final IngestStamp stamp;
  private final String appId;
  private final SerializableFunction<String, String> countedAs;

  private WriteDeadLetters(
      String path,
      IngestStamp stamp,
      String appId,
      SerializableFunction<String, String> countedAs) {
    this.path = path;
    this.stamp = stamp;
    this.appId = appId;
    this.countedAs = countedAs;
  }

  public static WriteDeadLetters to(String path, IngestStamp stamp, String appId) {
    return new WriteDeadLetters(path, stamp, appId, table -> table);
  }

  /**
   * Counts each rejected row under {@code name.apply(its table)}: a lakehouse's silver layer counts
   * its rejects under the silver table's line, not the source table's.
   */
  public WriteDeadLetters countedAs(SerializableFunction<String, String> name) {
    return new WriteDeadLetters(path, stamp, appId, name);
  }

  @Override
  public PCollection<DeltaCommit> expand(PCollection<FailedRow> failed) {
    List<Column> all = new java.util.ArrayList<>(COLUMNS);
    all.add(TABLE_COLUMN);
    Schema schema = BeamSchemas.of(all);
    return failed
        .apply("Count rejected", ParDo.of(new ToDeadLetter(schema, stamp, countedAs)))
        .setRowSchema(schema)
        .apply(
            "Write",
            WriteDeltaTable.to(
                DeltaTableSpec.of(path, TABLE, COLUMNS)
                    .withPartitionColumns(List.of(TABLE_COLUMN.name()))
                    .withTransaction(appId, 1)));
  }

  private static Column column(String name, ColumnType type) {
    return new Column(name, "", type, true, null);
  }

  /** Shapes a failure as a dead-letter row and counts it against its source table. */
  static final class ToDeadLetter extends DoFn<FailedRow, Row> {
    private static final long serialVersionUID = 1L;
    private final Schema schema;
    private final IngestStamp stamp;
    private final SerializableFunction<String, String> countedAs;

    ToDeadLetter(Schema schema, IngestStamp stamp, SerializableFunction<String, String> countedAs) {
      this.schema = schema;
      this.stamp = stamp;
      this.countedAs = countedAs;
    }

    @ProcessElement
    public void process(@Element FailedRow f, OutputReceiver<Row> out) {
      TableMetrics.rejected(countedAs.apply(f.table())).inc();
      out.output(
          Row.withSchema(schema)
              .addValues(
                  f.stage(),
                  f.reason(),
                  f.values(),
                  f.failedAt(),
                  stamp.ingestedAt(),
                  stamp.source(),
                  stamp.runId(),
                  f.table())
              .build());
    }
  }
}

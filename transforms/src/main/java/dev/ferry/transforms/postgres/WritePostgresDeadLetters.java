package dev.ferry.transforms.postgres;

import dev.ferry.schemas.convert.BeamSchemas;
import dev.ferry.schemas.inventory.Column;
import dev.ferry.schemas.sql.Identifiers;
import dev.ferry.schemas.types.ColumnType;
import dev.ferry.schemas.types.ColumnType.Kind;
import dev.ferry.transforms.deadletter.FailedRow;
import dev.ferry.transforms.metrics.TableMetrics;
import java.time.Instant;
import java.util.List;
import org.apache.beam.sdk.schemas.Schema;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionTuple;
import org.apache.beam.sdk.values.PDone;
import org.apache.beam.sdk.values.Row;

/**
 * Writes a job's rejected rows into the {@value #TABLE} table of a PostgreSQL target, one row per
 * rejected source row: job, run id, table, stage, reason, the original values as {@code jsonb}.
 *
 * <pre>{@code
 * failures.apply(WritePostgresDeadLetters.to(target, "shop", "nightly", runId));
 * }</pre>
 *
 * <p>Run {@link #createTableSql(String)} before the job. A dead letter the server refuses fails the
 * job: a rejected row must be somewhere, never only counted.
 */
public final class WritePostgresDeadLetters extends PTransform<PCollection<FailedRow>, PDone> {
  private static final long serialVersionUID = 1L;

  public static final String TABLE = "ferry_dead_letters";

  public static final List<Column> COLUMNS =
      List.of(
          column("job", ColumnType.string(0)),
          column("run_id", ColumnType.string(0)),
          column("table_name", ColumnType.string(0)),
          column("stage", ColumnType.string(0)),
          column("reason", ColumnType.string(0)),
          column("row_values", ColumnType.of(Kind.JSON)),
          column("failed_at", ColumnType.of(Kind.TIMESTAMP)));

  private final PostgresTarget target;
  private final String schema;
  private final String job;
  private final String runId;

  private WritePostgresDeadLetters(PostgresTarget target, String schema, String job, String runId) {
    this.target = target;
    this.schema = schema;
    this.job = job;
    this.runId = runId;
  }

  public static WritePostgresDeadLetters to(
      PostgresTarget target, String schema, String job, String runId) {
    return new WritePostgresDeadLetters(target, schema, job, runId);
  }

  /** {@code CREATE TABLE IF NOT EXISTS} for the dead-letter table in {@code schema}. */
  public static String createTableSql(String schema) {
    return "CREATE TABLE IF NOT EXISTS "
        + Identifiers.quote(schema)
        + "."
        + Identifiers.quote(TABLE)
        + " (job text NOT NULL, run_id text NOT NULL, table_name text NOT NULL,"
        + " stage text NOT NULL, reason text NOT NULL, row_values jsonb,"
        + " failed_at timestamptz NOT NULL)";
  }

  @Override
  public PDone expand(PCollection<FailedRow> failures) {
    Schema schemaOfRows = BeamSchemas.of(COLUMNS);
    PCollectionTuple written =
        failures
            .apply("As rows", ParDo.of(new ToRow(schemaOfRows, job, runId)))
            .setRowSchema(schemaOfRows)
            .apply("Write", WritePostgres.to(target, TableTarget.of(schema, TABLE, COLUMNS)));
    written.get(WritePostgres.FAILED).apply("Refused", ParDo.of(new Refused()));
    return PDone.in(failures.getPipeline());
  }

  private static final class ToRow extends DoFn<FailedRow, Row> {
    private final Schema schema;
    private final String job;
    private final String runId;

    ToRow(Schema schema, String job, String runId) {
      this.schema = schema;
      this.job = job;
      this.runId = runId;
    }

    @ProcessElement
    public void process(@Element FailedRow f, OutputReceiver<Row> out) {
      TableMetrics.rejected(f.table()).inc();
      Instant at = f.failedAt();
      out.output(
          Row.withSchema(schema)
              .addValues(job, runId, f.table(), f.stage(), noNul(f.reason()), jsonb(f.values()), at)
              .build());
    }
  }

  /** PostgreSQL text cannot hold NUL: show it, as the row was probably rejected for it. */
  private static String noNul(String text) {
    return text.replace("\u0000", "\\0");
  }

  /** jsonb refuses the escape {@code \u0000}; keep it visible as text instead. */
  private static String jsonb(String json) {
    return json == null ? null : json.replace("\\u0000", "\\\\u0000");
  }

  private static final class Refused extends DoFn<FailedRow, Void> {
    @ProcessElement
    public void process(@Element FailedRow f) {
      throw new IllegalStateException(
          "cannot write a dead letter of table "
              + f.table()
              + " into "
              + TABLE
              + ": "
              + f.reason());
    }
  }

  private static Column column(String name, ColumnType type) {
    return new Column(name, "", type, true, null);
  }
}

package dev.ferry.transforms.deadletter;

import dev.ferry.schemas.convert.JsonValues;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import org.apache.beam.sdk.schemas.Schema;
import org.apache.beam.sdk.schemas.SchemaCoder;
import org.apache.beam.sdk.schemas.logicaltypes.SqlTypes;
import org.apache.beam.sdk.values.Row;
import org.apache.beam.sdk.values.TypeDescriptor;

/**
 * A row that could not be read, validated, converted or written: the one error record of a job.
 * Every transform that can reject a row emits these on its {@code FAILED} output; a job flattens
 * them all into one dead-letter writer, so nothing is dropped and read = written + rejected.
 *
 * @param table the source table the row came from
 * @param stage where it failed: {@code read}, {@code flatten} (a document), {@code normalize},
 *     {@code validate} or {@code write}
 * @param reason what was wrong, for a person (names the column and the value)
 * @param values the row's original values as one JSON object
 */
public record FailedRow(
    String table, String stage, String reason, String values, Instant failedAt) {

  /** Rows carry microseconds; a finer clock reading would not encode. */
  public FailedRow {
    failedAt = failedAt.truncatedTo(ChronoUnit.MICROS);
  }

  public static final String READ = "read";
  public static final String FLATTEN = "flatten";
  public static final String NORMALIZE = "normalize";
  public static final String VALIDATE = "validate";
  public static final String WRITE = "write";

  public static final Schema SCHEMA =
      Schema.builder()
          .addStringField("table")
          .addStringField("stage")
          .addStringField("reason")
          .addStringField("values")
          .addLogicalTypeField("failed_at", SqlTypes.TIMESTAMP)
          .build();

  /** Lets Beam carry FailedRows as schema rows. */
  public static final SchemaCoder<FailedRow> CODER =
      SchemaCoder.of(
          SCHEMA, TypeDescriptor.of(FailedRow.class), FailedRow::toRow, FailedRow::fromRow);

  /** A failure of a row whose values are already typed. */
  public static FailedRow of(String table, String stage, String reason, Row original) {
    return new FailedRow(table, stage, reason, JsonValues.object(original), Instant.now());
  }

  /** A failure of a row known only by its raw source values. */
  public static FailedRow of(String table, String stage, String reason, Map<String, ?> original) {
    return new FailedRow(table, stage, reason, JsonValues.object(original), Instant.now());
  }

  public Row toRow() {
    return Row.withSchema(SCHEMA).addValues(table, stage, reason, values, failedAt).build();
  }

  public static FailedRow fromRow(Row row) {
    return new FailedRow(
        row.getString("table"),
        row.getString("stage"),
        row.getString("reason"),
        row.getString("values"),
        row.getLogicalTypeValue("failed_at", Instant.class));
  }
}

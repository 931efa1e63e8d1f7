package dev.ferry.transforms.read;

import dev.ferry.transforms.deadletter.FailedRow;
import org.apache.beam.sdk.schemas.Schema;
import org.apache.beam.sdk.values.Row;

/**
 * The envelope a row mapper returns: the typed row, or the failure. JdbcIO's mapper has a single
 * output, so both travel in one schema row and are split into two outputs right after the read.
 */
final class ReadOutcome {

  static final String ROW = "row";
  static final String FAILED = "failed";

  private ReadOutcome() {}

  static Schema schema(Schema rowSchema) {
    return Schema.builder()
        .addNullableField(ROW, Schema.FieldType.row(rowSchema))
        .addNullableField(FAILED, Schema.FieldType.row(FailedRow.SCHEMA))
        .build();
  }

  static Row ok(Schema outcome, Row row) {
    return Row.withSchema(outcome).attachValues(row, null);
  }

  static Row failed(Schema outcome, FailedRow failed) {
    return Row.withSchema(outcome).attachValues(null, failed.toRow());
  }
}

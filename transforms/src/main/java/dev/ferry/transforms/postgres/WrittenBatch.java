package dev.ferry.transforms.postgres;

import org.apache.beam.sdk.schemas.Schema;
import org.apache.beam.sdk.schemas.SchemaCoder;
import org.apache.beam.sdk.values.Row;
import org.apache.beam.sdk.values.TypeDescriptor;

/**
 * What {@link WritePostgres} did with one batch of rows: one element of its {@code WRITTEN} output.
 *
 * @param table the table's name, as in metrics and dead letters
 * @param rows rows of the batch that are now in the table: inserted, updated, or (with a key)
 *     already present with that key
 * @param changed rows the batch inserted or updated; {@code rows - changed} were skipped because
 *     their key was present (APPEND), or the row in the table already had their values or a later
 *     row of the batch had the same key (UPSERT)
 * @param rejected rows of the batch that went to {@code FAILED} with PostgreSQL's error
 * @param bytes bytes of COPY text committed
 * @param transactions transactions committed or rolled back for the batch: 1 when every row fit,
 *     more when bad rows had to be isolated
 */
public record WrittenBatch(
    String table, long rows, long changed, long rejected, long bytes, long transactions) {

  public static final Schema SCHEMA =
      Schema.builder()
          .addStringField("table")
          .addInt64Field("rows")
          .addInt64Field("changed")
          .addInt64Field("rejected")
          .addInt64Field("bytes")
          .addInt64Field("transactions")
          .build();

  /** Lets Beam carry WrittenBatches as schema rows. */
  public static final SchemaCoder<WrittenBatch> CODER =
      SchemaCoder.of(
          SCHEMA,
          TypeDescriptor.of(WrittenBatch.class),
          WrittenBatch::toRow,
          WrittenBatch::fromRow);

  public Row toRow() {
    return Row.withSchema(SCHEMA)
        .addValues(table, rows, changed, rejected, bytes, transactions)
        .build();
  }

  public static WrittenBatch fromRow(Row row) {
    return new WrittenBatch(
        row.getString("table"),
        row.getInt64("rows"),
        row.getInt64("changed"),
        row.getInt64("rejected"),
        row.getInt64("bytes"),
        row.getInt64("transactions"));
  }
}

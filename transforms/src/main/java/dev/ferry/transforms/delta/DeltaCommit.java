package dev.ferry.transforms.delta;

import org.apache.beam.sdk.schemas.Schema;
import org.apache.beam.sdk.schemas.SchemaCoder;
import org.apache.beam.sdk.values.Row;
import org.apache.beam.sdk.values.TypeDescriptor;

/**
 * What one run did to one Delta table: the one element {@link WriteDeltaTable} outputs.
 *
 * @param version the table version this run committed, or the current version when skipped
 * @param files data files this run added (when skipped: written, then deleted again)
 * @param rows rows this run added; when skipped, the rows the earlier identical commit holds
 * @param bytes bytes of those data files
 * @param skipped true when this run's transaction version was already committed, so nothing was
 *     appended; its rows are in the table from that earlier commit and count as written
 */
public record DeltaCommit(
    String table, String path, long version, long files, long rows, long bytes, boolean skipped) {

  public static final Schema SCHEMA =
      Schema.builder()
          .addStringField("table")
          .addStringField("path")
          .addInt64Field("version")
          .addInt64Field("files")
          .addInt64Field("rows")
          .addInt64Field("bytes")
          .addBooleanField("skipped")
          .build();

  /** Lets Beam carry DeltaCommits as schema rows. */
  public static final SchemaCoder<DeltaCommit> CODER =
      SchemaCoder.of(
          SCHEMA, TypeDescriptor.of(DeltaCommit.class), DeltaCommit::toRow, DeltaCommit::fromRow);

  public Row toRow() {
    return Row.withSchema(SCHEMA)
        .addValues(table, path, version, files, rows, bytes, skipped)
        .build();
  }

  public static DeltaCommit fromRow(Row row) {
    return new DeltaCommit(
        row.getString("table"),
        row.getString("path"),
        row.getInt64("version"),
        row.getInt64("files"),
        row.getInt64("rows"),
        row.getInt64("bytes"),
        row.getBoolean("skipped"));
  }
}

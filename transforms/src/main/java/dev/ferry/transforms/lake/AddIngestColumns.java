package dev.ferry.transforms.lake;

import dev.ferry.transforms.steps.RowStep;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.apache.beam.sdk.schemas.Schema;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.Row;

/**
 * Appends the ingest columns ({@code _ingested_at, _source, _run_id}) and the year/month/day
 * partition values to each row.
 *
 * <pre>{@code
 * rows.apply(AddIngestColumns.of(bronzeSchema, stamp).partitionedBy("ordered_at"));
 * }</pre>
 *
 * <p>The partition date is the UTC date of {@code partitionColumn} (a DATE, TIMESTAMP or
 * TIMESTAMP_LOCAL field), or of the ingest instant when no column is named. A null date leaves the
 * partition values null, which the Delta writer files under Hive's default partition.
 */
public final class AddIngestColumns extends PTransform<PCollection<Row>, PCollection<Row>> {
  private static final long serialVersionUID = 1L;

  private final Schema output;
  private final IngestStamp stamp;
  private final String partitionColumn;

  private AddIngestColumns(Schema output, IngestStamp stamp, String partitionColumn) {
    this.output = output;
    this.stamp = stamp;
    this.partitionColumn = partitionColumn;
  }

  /**
   * @param output the input's fields, then the three ingest fields, then three INT32 partition
   *     fields (year, month, day)
   */
  public static AddIngestColumns of(Schema output, IngestStamp stamp) {
    return new AddIngestColumns(output, stamp, null);
  }

  /** Partitions by the date of {@code column} instead of the ingest date. */
  public AddIngestColumns partitionedBy(String column) {
    return new AddIngestColumns(output, stamp, column);
  }

  @Override
  public PCollection<Row> expand(PCollection<Row> rows) {
    int expected = rows.getSchema().getFieldCount() + 6;
    if (output.getFieldCount() != expected) {
      throw new IllegalArgumentException(
          "output schema needs the input's fields plus 3 ingest and 3 partition fields");
    }
    return rows.apply(ParDo.of(new Stamp(output, stamp, partitionColumn))).setRowSchema(output);
  }

  /** The schema of the stamped rows: the input's fields, the ingest fields, the partitions. */
  public Schema outputSchema() {
    return output;
  }

  /** The stamping as a per-row step, for a fused load; it never rejects a row. */
  public RowStep step() {
    return new Stamp(output, stamp, partitionColumn);
  }

  static final class Stamp extends DoFn<Row, Row> implements RowStep {
    private static final long serialVersionUID = 1L;
    private final Schema output;
    private final IngestStamp stamp;
    private final String partitionColumn;

    Stamp(Schema output, IngestStamp stamp, String partitionColumn) {
      this.output = output;
      this.stamp = stamp;
      this.partitionColumn = partitionColumn;
    }

    @Override
    public String stage() {
      return "stamp";
    }

    @Override
    public Row apply(Row row, List<String> problems) {
      return stamped(row);
    }

    @ProcessElement
    public void process(@Element Row row, OutputReceiver<Row> out) {
      out.output(stamped(row));
    }

    private Row stamped(Row row) {
      List<Object> values = new ArrayList<>(output.getFieldCount());
      values.addAll(row.getValues());
      values.add(stamp.ingestedAt());
      values.add(stamp.source());
      values.add(stamp.runId());
      LocalDate date =
          partitionColumn == null
              ? utcDate(stamp.ingestedAt())
              : dateOf(row.getValue(partitionColumn));
      values.add(date == null ? null : date.getYear());
      values.add(date == null ? null : date.getMonthValue());
      values.add(date == null ? null : date.getDayOfMonth());
      return Row.withSchema(output).attachValues(values);
    }

    private static LocalDate dateOf(Object value) {
      if (value == null) {
        return null;
      }
      if (value instanceof LocalDate d) {
        return d;
      }
      if (value instanceof Instant i) {
        return utcDate(i);
      }
      if (value instanceof LocalDateTime t) {
        return t.toLocalDate();
      }
      throw new IllegalArgumentException(
          "partition column holds " + value.getClass().getSimpleName() + ", not a date");
    }

    private static LocalDate utcDate(Instant instant) {
      return LocalDate.ofInstant(instant, ZoneOffset.UTC);
    }
  }
}

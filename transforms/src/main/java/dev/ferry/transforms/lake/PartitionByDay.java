package dev.ferry.transforms.lake;

import dev.ferry.transforms.metrics.TableMetrics;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.apache.beam.sdk.schemas.Schema;
import org.apache.beam.sdk.schemas.logicaltypes.SqlTypes;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.Row;

/**
 * Counts the rows a derived table (a gold query's result) is made of as {@code read}, and appends
 * INT32 {@code year}, {@code month} and {@code day} fields from a DATE field when one is named, so
 * the table can be written partitioned by day and a backfill can replace its days.
 */
public final class PartitionByDay extends PTransform<PCollection<Row>, PCollection<Row>> {
  private static final long serialVersionUID = 1L;

  /** The partition fields appended, in order. */
  public static final List<String> NAMES = List.of("year", "month", "day");

  private final String table;
  private final String column;
  private final DayRange days;

  private PartitionByDay(String table, String column, DayRange days) {
    this.table = table;
    this.column = column;
    this.days = days;
  }

  /**
   * @param table the name rows are counted under
   * @param column the DATE field to partition by, or null for none (rows pass unchanged)
   */
  public static PartitionByDay of(String table, String column) {
    return new PartitionByDay(table, column, null);
  }

  /**
   * Keeps only the rows of {@code range}'s days (a backfill replaces only those partitions); the
   * others are neither counted nor written.
   */
  public PartitionByDay onlyDays(DayRange range) {
    if (column == null) {
      throw new IllegalStateException(table + ": only a table partitioned by day has days to keep");
    }
    return new PartitionByDay(table, column, range);
  }

  /** The schema of the rows out of {@code input}. */
  public Schema outputSchema(Schema input) {
    if (column == null) {
      return input;
    }
    Schema.Builder schema = Schema.builder().addFields(input.getFields());
    NAMES.forEach(n -> schema.addNullableField(n, Schema.FieldType.INT32));
    return schema.build();
  }

  @Override
  public PCollection<Row> expand(PCollection<Row> rows) {
    Schema in = rows.getSchema();
    int index = -1;
    if (column != null) {
      if (!in.hasField(column)
          || !in.getField(column).getType().getTypeName().isLogicalType()
          || !in.getField(column)
              .getType()
              .getLogicalType()
              .getIdentifier()
              .equals(SqlTypes.DATE.getIdentifier())) {
        throw new IllegalArgumentException(
            table
                + ": partition_by names "
                + column
                + ", which must be a DATE column of the result (columns: "
                + in.getFieldNames()
                + "); select CAST(... AS DATE) AS "
                + column);
      }
      index = in.indexOf(column);
    }
    Schema out = outputSchema(in);
    return rows.apply("Count and partition", ParDo.of(new Fn(table, index, days, out)))
        .setRowSchema(out);
  }

  private static final class Fn extends DoFn<Row, Row> {
    private static final long serialVersionUID = 1L;
    private final String table;
    private final int index;
    private final DayRange days;
    private final Schema out;

    Fn(String table, int index, DayRange days, Schema out) {
      this.table = table;
      this.index = index;
      this.days = days;
      this.out = out;
    }

    @ProcessElement
    public void process(@Element Row row, OutputReceiver<Row> receiver) {
      LocalDate date = index < 0 ? null : (LocalDate) row.getValue(index);
      if (days != null && (date == null || !days.contains(date))) {
        return;
      }
      TableMetrics.read(table).inc();
      if (index < 0) {
        receiver.output(row);
        return;
      }
      List<Object> values = new ArrayList<>(row.getValues());
      values.add(date == null ? null : date.getYear());
      values.add(date == null ? null : date.getMonthValue());
      values.add(date == null ? null : date.getDayOfMonth());
      receiver.output(Row.withSchema(out).attachValues(values));
    }
  }
}

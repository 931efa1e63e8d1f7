package dev.ferry.transforms.delta;

import dev.ferry.schemas.inventory.Column;
import dev.ferry.schemas.types.ColumnType;
import java.io.IOException;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.apache.beam.sdk.metrics.Counter;
import org.apache.beam.sdk.metrics.Metrics;
import org.apache.beam.sdk.schemas.Schema;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.values.Row;

/**
 * Streams the rows of each data file it is given, optionally followed by the file's partition
 * values. One file at a time and one row group at a time, whatever the file's size.
 */
final class ReadFilesFn extends DoFn<DeltaFile, Row> {

  /** Rows read from data files, across all tables. */
  static final String ROWS_READ = "delta_rows_read";

  private final DeltaSnapshot table;
  private final List<String> columns;
  private final boolean withPartitionColumns;
  private final Schema rowSchema;
  private final Counter rowsRead = Metrics.counter(ReadDeltaTable.class, ROWS_READ);

  /**
   * @param table the snapshot the files belong to, best {@link DeltaSnapshot#withoutFiles}
   */
  ReadFilesFn(DeltaSnapshot table, List<String> columns, boolean withPartitionColumns) {
    this.table = table;
    this.columns = List.copyOf(columns);
    this.withPartitionColumns = withPartitionColumns;
    this.rowSchema = table.rowSchema(columns, withPartitionColumns);
  }

  @ProcessElement
  public void processElement(@Element DeltaFile file, OutputReceiver<Row> out) {
    List<Object> partitionValues = withPartitionColumns ? partitionValues(file) : List.of();
    try (PartFileReader rows = table.read(file, columns)) {
      for (Row row = rows.next(); row != null; row = rows.next()) {
        out.output(withPartitionColumns ? extend(row, partitionValues) : row);
        rowsRead.inc();
      }
    } catch (IOException | RuntimeException e) {
      throw DeltaErrors.cannotRead(table.path() + " (file " + file.path() + ")", e);
    }
  }

  private Row extend(Row row, List<Object> partitionValues) {
    return Row.withSchema(rowSchema).addValues(row.getValues()).addValues(partitionValues).build();
  }

  private List<Object> partitionValues(DeltaFile file) {
    List<Object> values = new ArrayList<>();
    for (int i = 0; i < table.partitionNames().size(); i++) {
      Column c = table.partitionColumns().get(i);
      values.add(parse(file.partitionValues().get(table.partitionNames().get(i)), c.type()));
    }
    return values;
  }

  /** A partition value as the Delta log spells it (text; null or empty for null) as a row value. */
  static Object parse(String text, ColumnType type) {
    if (text == null || text.isEmpty()) {
      return null;
    }
    return switch (type.kind()) {
      case BOOLEAN -> Boolean.valueOf(text);
      case INT16 -> Short.valueOf(text);
      case INT32 -> Integer.valueOf(text);
      case INT64 -> Long.valueOf(text);
      case FLOAT32 -> Float.valueOf(text);
      case FLOAT64 -> Double.valueOf(text);
      case DECIMAL -> new BigDecimal(text).setScale(type.scale());
      case STRING, JSON, UUID -> text;
      case DATE -> LocalDate.parse(text);
      default ->
          throw new IllegalArgumentException(
              "partition values of type " + type + " are not readable: " + text);
    };
  }
}

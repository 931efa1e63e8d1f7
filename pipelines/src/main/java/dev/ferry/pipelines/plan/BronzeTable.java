package dev.ferry.pipelines.plan;

import dev.ferry.schemas.inventory.Column;
import dev.ferry.schemas.inventory.Table;
import dev.ferry.schemas.types.ColumnType;
import dev.ferry.transforms.document.RawDocument;
import dev.ferry.transforms.lake.WriteRawDocuments;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * How one source table lands in the bronze layer: its columns plus the ingest columns, partitioned
 * by year/month/day of the ingest date or of a date/timestamp column. A {@code mongodb} source's
 * flattened tables land in the silver layer in the same shape ({@link #silver}); its bronze layer
 * is each collection's raw documents ({@link #ofDocuments}).
 *
 * @param source the table as read (casts applied)
 * @param path where its Delta table lives: {@code <lake>/bronze/<table>} (or {@code
 *     <lake>/silver/<table>})
 * @param partitionColumn the column whose date partitions the table; empty for the ingest date
 * @param partitionNames the names of the year, month and day partition columns ({@code year},
 *     {@code month}, {@code day}, or {@code _year}… where the source already has such a column)
 */
public record BronzeTable(
    Table source, String path, Optional<String> partitionColumn, List<String> partitionNames)
    implements Serializable {

  public static final String INGESTED_AT = "_ingested_at";
  public static final String SOURCE = "_source";
  public static final String RUN_ID = "_run_id";

  public static final String BRONZE = "bronze";
  public static final String SILVER = "silver";

  public static BronzeTable of(Table source, String lakePath, Optional<String> partitionColumn) {
    return in(BRONZE, source, lakePath, partitionColumn);
  }

  /**
   * How a table that a {@code mongodb} source's documents flatten into lands in the silver layer:
   * shaped like a bronze table (its columns, the ingest columns, date partitions), at {@code
   * <lake>/silver/<table>}.
   */
  public static BronzeTable silver(Table table, String lakePath, Optional<String> partitionColumn) {
    return in(SILVER, table, lakePath, partitionColumn);
  }

  /**
   * The raw bronze table of a collection's documents, at {@code <lake>/bronze/<collection>}: {@code
   * _id} and {@code document} as Extended JSON ({@link WriteRawDocuments#COLUMNS}), the ingest
   * columns, partitioned by the ingest date.
   */
  public static BronzeTable ofDocuments(String collection, String lakePath) {
    Table raw =
        new Table(
            collection,
            RawDocument.COLUMNS,
            List.of(RawDocument.ID),
            List.of(),
            List.of(),
            -1,
            Optional.empty());
    return in(BRONZE, raw, lakePath, Optional.empty());
  }

  private static BronzeTable in(
      String layer, Table source, String lakePath, Optional<String> partitionColumn) {
    List<String> names = new ArrayList<>();
    for (String n : List.of("year", "month", "day")) {
      names.add(source.column(n).isPresent() ? "_" + n : n);
    }
    return new BronzeTable(
        source, LakePaths.join(lakePath, layer, source.name()), partitionColumn, names);
  }

  /** The data columns of the bronze table: the source's, then the ingest columns. */
  public List<Column> dataColumns() {
    List<Column> columns = new ArrayList<>(source.columns());
    columns.add(new Column(INGESTED_AT, "", ColumnType.of(ColumnType.Kind.TIMESTAMP), false, null));
    columns.add(new Column(SOURCE, "", ColumnType.string(0), false, null));
    columns.add(new Column(RUN_ID, "", ColumnType.string(0), false, null));
    return columns;
  }

  /** Data columns then the partition columns: the schema of the rows the writer receives. */
  public List<Column> rowColumns() {
    List<Column> columns = new ArrayList<>(dataColumns());
    for (String n : partitionNames) {
      columns.add(new Column(n, "", ColumnType.of(ColumnType.Kind.INT32), true, null));
    }
    return columns;
  }

  private Object writeReplace() {
    return new Serialized(source, path, partitionColumn.orElse(null), partitionNames);
  }

  private record Serialized(Table source, String path, String partitionColumn, List<String> names)
      implements Serializable {
    private Object readResolve() {
      return new BronzeTable(source, path, Optional.ofNullable(partitionColumn), names);
    }
  }
}

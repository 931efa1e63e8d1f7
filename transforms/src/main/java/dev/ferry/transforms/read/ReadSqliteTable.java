package dev.ferry.transforms.read;

import dev.ferry.schemas.inventory.Table;
import dev.ferry.schemas.sql.RowFilter;
import dev.ferry.schemas.sqlite.SqliteFiles;
import dev.ferry.schemas.types.Utf8;
import dev.ferry.transforms.deadletter.FailedRow;
import java.time.ZoneId;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.display.DisplayData;
import org.apache.beam.sdk.values.PBegin;
import org.apache.beam.sdk.values.PCollectionTuple;
import org.apache.beam.sdk.values.Row;
import org.apache.beam.sdk.values.TupleTag;

/**
 * Reads one SQLite table in parallel key ranges, one query per range: a {@link ReadTable} with a
 * {@link SqliteRangeReader}.
 *
 * <pre>{@code
 * PCollectionTuple read = p.apply(ReadSqliteTable.from("jdbc:sqlite:shop.db", ordersTable));
 * read.get(ReadSqliteTable.ROWS);   // typed rows, schema BeamSchemas.of(table.columns())
 * read.get(ReadSqliteTable.FAILED); // values that do not fit their declared type
 * }</pre>
 *
 * <p>Ranges come from the table's split key (the rowid or an integer primary key), found at run
 * time, so a table is read by as many workers as it has ranges; a table without one is read whole.
 * Every value is checked against its column's logical type: a row with a value that does not fit
 * goes to {@link #FAILED} with its original values, never dropped. The file is opened read-only.
 */
public final class ReadSqliteTable extends PTransform<PBegin, PCollectionTuple> {
  private static final long serialVersionUID = 1L;

  public static final TupleTag<Row> ROWS = ReadTable.ROWS;
  public static final TupleTag<FailedRow> FAILED = ReadTable.FAILED;

  public static final long DEFAULT_ROWS_PER_SPLIT = ReadTable.DEFAULT_ROWS_PER_SPLIT;

  private final String url;
  private final Table table;
  private final String zoneId;
  private final Utf8.Policy invalidUtf8;
  private final long rowsPerSplit;
  private final RowFilter filter;

  private ReadSqliteTable(
      String url,
      Table table,
      String zoneId,
      Utf8.Policy invalidUtf8,
      long rowsPerSplit,
      RowFilter filter) {
    this.url = url;
    this.table = table;
    this.zoneId = zoneId;
    this.invalidUtf8 = invalidUtf8;
    this.rowsPerSplit = rowsPerSplit;
    this.filter = filter;
  }

  /** Reads {@code table} of the SQLite file at {@code url}; date-times without offset are UTC. */
  public static ReadSqliteTable from(String url, Table table) {
    return new ReadSqliteTable(url, table, "UTC", Utf8.Policy.REJECT, DEFAULT_ROWS_PER_SPLIT, null);
  }

  /** The zone of date-times stored without an offset. */
  public ReadSqliteTable withZone(ZoneId zone) {
    return new ReadSqliteTable(url, table, zone.getId(), invalidUtf8, rowsPerSplit, filter);
  }

  /** Whether text that is not valid UTF-8 is rejected (default) or repaired with U+FFFD. */
  public ReadSqliteTable withInvalidUtf8(Utf8.Policy policy) {
    return new ReadSqliteTable(url, table, zoneId, policy, rowsPerSplit, filter);
  }

  public ReadSqliteTable withRowsPerSplit(long rows) {
    if (rows < 1) {
      throw new IllegalArgumentException("rowsPerSplit must be positive, got " + rows);
    }
    return new ReadSqliteTable(url, table, zoneId, invalidUtf8, rows, filter);
  }

  /**
   * Keeps only the rows {@code filter} keeps, compared after conversion (see {@link
   * SqliteRangeReader}).
   *
   * @throws IllegalArgumentException when the filter is not on a column of this table
   */
  public ReadSqliteTable withFilter(RowFilter filter) {
    filter.columnIndex(table);
    return new ReadSqliteTable(url, table, zoneId, invalidUtf8, rowsPerSplit, filter);
  }

  @Override
  public PCollectionTuple expand(PBegin input) {
    return input.apply("Read " + table.name(), reading());
  }

  /** The same read as a {@link ReadTable}, for fused loads and key ranges. */
  public ReadTable reading() {
    return ReadTable.from(rangeReader()).withRowsPerSplit(rowsPerSplit);
  }

  /** The reader of one range, for steps that read and write in one pass. */
  public SqliteRangeReader rangeReader() {
    SqliteFiles.checkedJdbcUrl(url);
    return new SqliteRangeReader(url, table, zoneId, invalidUtf8, filter);
  }

  @Override
  public void populateDisplayData(DisplayData.Builder builder) {
    super.populateDisplayData(builder);
    builder
        .add(DisplayData.item("url", url))
        .add(DisplayData.item("table", table.name()))
        .add(DisplayData.item("splitKey", table.splitKey().orElse("(none: one reader)")))
        .add(DisplayData.item("invalidUtf8", invalidUtf8.name()))
        .addIfNotNull(DisplayData.item("filter", filter == null ? null : filter.describe()));
  }
}

package dev.ferry.transforms.delta;

import dev.ferry.schemas.SourceException;
import dev.ferry.schemas.inventory.Table;
import dev.ferry.transforms.deadletter.FailedRow;
import dev.ferry.transforms.read.KeyRange;
import dev.ferry.transforms.read.RangeReader;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;
import org.apache.beam.sdk.schemas.Schema;
import org.apache.beam.sdk.values.Row;

/**
 * Reads the rows of one version of a Delta table as they are stored, projected to some of its data
 * columns, one data file per range: what {@code ferry verify} compares a source table with. Unlike
 * {@link dev.ferry.transforms.lake.LatestBronzeRows} it keeps every row (no deduplication), so a
 * table holding a key twice shows it twice.
 *
 * <pre>{@code
 * DeltaFileRows silver = DeltaFileRows.of(DeltaSnapshot.load(path, 4), "orders", List.of("id", "note"));
 * DeltaFileRows lastRun = bronze.where("_run_id", runId);
 * }</pre>
 *
 * <p>The projection is a Parquet projection: the ingest columns a lake table adds are not read.
 */
public final class DeltaFileRows implements RangeReader {
  private static final long serialVersionUID = 1L;

  private final DeltaSnapshot snapshot;
  private final Table table;
  private final List<String> names;
  private final String filterColumn;
  private final String filterValue;

  private DeltaFileRows(
      DeltaSnapshot snapshot,
      Table table,
      List<String> names,
      String filterColumn,
      String filterValue) {
    this.snapshot = snapshot;
    this.table = table;
    this.names = names;
    this.filterColumn = filterColumn;
    this.filterValue = filterValue;
  }

  /**
   * The data columns {@code names} of every row of {@code snapshot}, as a table called {@code
   * name}.
   *
   * @throws IllegalArgumentException when the table has no such data column
   */
  public static DeltaFileRows of(DeltaSnapshot snapshot, String name, List<String> names) {
    Table table =
        new Table(
            name, snapshot.columns(names), List.of(), List.of(), List.of(), -1, Optional.empty());
    return new DeltaFileRows(snapshot, table, List.copyOf(names), null, null);
  }

  /** Only the rows whose text column {@code column} holds {@code value} (a run's rows). */
  public DeltaFileRows where(String column, String value) {
    snapshot.columns(List.of(column)); // checks it is there
    return new DeltaFileRows(snapshot, table, names, column, Objects.requireNonNull(value));
  }

  @Override
  public Table table() {
    return table;
  }

  /** One range per data file; none for a table without files. */
  @Override
  public List<KeyRange> ranges(long rowsPerSplit) {
    List<KeyRange> ranges = new ArrayList<>();
    for (int i = 0; i < snapshot.files().size(); i++) {
      ranges.add(new KeyRange(i, i, false));
    }
    return ranges;
  }

  /** Reads the range's file, or every file for a whole-table range. */
  @Override
  public void read(KeyRange range, Consumer<Row> rows, Consumer<FailedRow> failures) {
    List<DeltaFile> files =
        range.wholeTable() ? snapshot.files() : List.of(snapshot.files().get((int) range.from()));
    List<String> read = new ArrayList<>(names);
    if (filterColumn != null) {
      read.add(filterColumn);
    }
    Schema schema = rowSchema();
    for (DeltaFile file : files) {
      try (PartFileReader reader = snapshot.read(file, read)) {
        for (Row row = reader.next(); row != null; row = reader.next()) {
          if (filterColumn == null || filterValue.equals(row.getValue(names.size()))) {
            List<Object> values =
                filterColumn == null ? row.getValues() : row.getValues().subList(0, names.size());
            rows.accept(Row.withSchema(schema).attachValues(new ArrayList<>(values)));
          }
        }
      } catch (IOException e) {
        throw new SourceException(
            "cannot read "
                + file.location()
                + " of Delta table "
                + snapshot.path()
                + ": "
                + e.getMessage(),
            e);
      }
    }
  }

  @Override
  public String describe() {
    return "delta "
        + snapshot.path()
        + " version "
        + snapshot.version()
        + (filterColumn == null ? "" : " where " + filterColumn + " = '" + filterValue + "'");
  }
}

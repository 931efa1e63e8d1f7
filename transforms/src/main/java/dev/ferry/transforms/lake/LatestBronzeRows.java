package dev.ferry.transforms.lake;

import dev.ferry.schemas.SourceException;
import dev.ferry.schemas.inventory.Column;
import dev.ferry.schemas.inventory.Table;
import dev.ferry.schemas.types.ColumnType;
import dev.ferry.transforms.deadletter.FailedRow;
import dev.ferry.transforms.delta.DeltaFile;
import dev.ferry.transforms.delta.DeltaSnapshot;
import dev.ferry.transforms.delta.PartFileReader;
import dev.ferry.transforms.delta.PartitionSet;
import dev.ferry.transforms.metrics.TableMetrics;
import dev.ferry.transforms.read.KeyRange;
import dev.ferry.transforms.read.RangeReader;
import java.io.IOException;
import java.io.Serializable;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import org.apache.beam.sdk.schemas.Schema;
import org.apache.beam.sdk.values.Row;

/**
 * Reads a bronze table's rows in a scope for silver: only each key's latest row (see {@link
 * LatestRows}), with its partition values, so silver holds one row per key however many runs
 * brought it. A unit of work is one partition of a table partitioned by a date column (a key's rows
 * all share its date), or the whole table otherwise; a unit of more than {@link #KEYS_PER_UNIT}
 * rows is split into buckets by key hash, read in parallel, so memory is bounded by that many keys.
 *
 * <p>Rows left out are counted as read and as {@code superseded}: read = written + rejected +
 * superseded still holds.
 */
public final class LatestBronzeRows implements RangeReader {
  private static final long serialVersionUID = 1L;

  /** Keys one worker holds at most while choosing the latest rows. */
  public static final long KEYS_PER_UNIT = 1_000_000;

  private final DeltaSnapshot bronze;
  private final String countedAs;
  private final Table table;
  private final List<String> key;
  private final String cursor;
  private final String ingestedAt;
  private final List<Unit> units;

  /** The files of one unit of work, read by {@code buckets} workers. */
  private record Unit(List<DeltaFile> files, int buckets) implements Serializable {}

  private LatestBronzeRows(
      DeltaSnapshot bronze,
      String countedAs,
      Table table,
      List<String> key,
      String cursor,
      String ingestedAt,
      List<Unit> units) {
    this.bronze = bronze;
    this.countedAs = countedAs;
    this.table = table;
    this.key = List.copyOf(key);
    this.cursor = cursor;
    this.ingestedAt = ingestedAt;
    this.units = List.copyOf(units);
  }

  /**
   * The latest rows of {@code bronze}'s files in {@code scope}.
   *
   * @param name the table's name (as dead letters name it)
   * @param countedAs the name its rows are counted under
   * @param byPartition whether each partition is a unit (the table is partitioned by a date column
   *     of its rows) rather than the whole table (partitioned by ingest date, so a key's rows may
   *     be in several partitions)
   * @param key the columns rows are deduplicated on: the primary key, or every source column
   * @param cursor the column whose highest value is the latest row, or null for the latest ingest
   * @param ingestedAt the ingest time column
   */
  public static LatestBronzeRows of(
      DeltaSnapshot bronze,
      String name,
      String countedAs,
      PartitionSet scope,
      boolean byPartition,
      List<String> key,
      String cursor,
      String ingestedAt) {
    Map<Map<String, String>, List<DeltaFile>> groups = new LinkedHashMap<>();
    for (DeltaFile f : bronze.files(scope)) {
      groups
          .computeIfAbsent(byPartition ? f.partitionValues() : Map.of(), k -> new ArrayList<>())
          .add(f);
    }
    List<Unit> units = new ArrayList<>();
    for (List<DeltaFile> files : groups.values()) {
      long rows = files.stream().mapToLong(f -> Math.max(0, f.numRecords())).sum();
      units.add(new Unit(files, (int) Math.max(1, (rows + KEYS_PER_UNIT - 1) / KEYS_PER_UNIT)));
    }
    List<Column> columns = new ArrayList<>(bronze.columns());
    columns.addAll(bronze.partitionColumns());
    Table table = new Table(name, columns, key, List.of(), List.of(), -1, Optional.empty());
    return new LatestBronzeRows(
        bronze.withoutFiles(), countedAs, table, key, cursor, ingestedAt, units);
  }

  @Override
  public Table table() {
    return table;
  }

  @Override
  public String countedAs() {
    return countedAs;
  }

  /** One range per unit and bucket: {@code from} is the unit, {@code to} the bucket. */
  @Override
  public List<KeyRange> ranges(long rowsPerSplit) {
    List<KeyRange> ranges = new ArrayList<>();
    for (int u = 0; u < units.size(); u++) {
      for (int b = 0; b < units.get(u).buckets(); b++) {
        ranges.add(new KeyRange(u, b, false));
      }
    }
    return ranges;
  }

  @Override
  public void read(KeyRange range, Consumer<Row> rows, Consumer<FailedRow> failures) {
    Unit unit = units.get((int) range.from());
    int bucket = (int) range.to();
    try {
      LatestRows latest = choose(unit, bucket);
      emit(unit, bucket, latest, rows);
      TableMetrics.read(countedAs).inc(latest.superseded());
      TableMetrics.superseded(countedAs).inc(latest.superseded());
    } catch (IOException e) {
      throw new SourceException(
          "cannot read bronze table " + bronze.path() + ": " + e.getMessage(), e);
    }
  }

  /** Pass 1: key, cursor and ingest time of every row of the unit's bucket. */
  private LatestRows choose(Unit unit, int bucket) throws IOException {
    List<String> projected = new ArrayList<>(key);
    int cursorAt = -1;
    if (cursor != null) {
      cursorAt = projected.size();
      projected.add(cursor);
    }
    int ingestAt = projected.size();
    projected.add(ingestedAt);
    LatestRows latest = new LatestRows();
    for (int f = 0; f < unit.files().size(); f++) {
      try (PartFileReader reader = bronze.read(unit.files().get(f), projected)) {
        long position = 0;
        for (Row row = reader.next(); row != null; row = reader.next(), position++) {
          Object k = keyOf(row);
          if (inBucket(k, unit, bucket)) {
            latest.offer(
                k,
                cursorAt < 0 ? null : row.getValue(cursorAt),
                (Instant) row.getValue(ingestAt),
                f,
                position);
          }
        }
      }
    }
    return latest.decide();
  }

  /** Pass 2: the winning rows, whole, with the partition values of their file. */
  private void emit(Unit unit, int bucket, LatestRows latest, Consumer<Row> rows)
      throws IOException {
    List<String> all = bronze.columns().stream().map(Column::name).toList();
    Schema schema = rowSchema(); // built once: a Beam schema per row cost a tenth of the time
    for (int f = 0; f < unit.files().size(); f++) {
      DeltaFile file = unit.files().get(f);
      List<Object> partitionValues = partitionValues(file);
      try (PartFileReader reader = bronze.read(file, all)) {
        long position = 0;
        for (Row row = reader.next(); row != null; row = reader.next(), position++) {
          if (latest.keeps(f, position)) {
            List<Object> values = new ArrayList<>(row.getValues());
            values.addAll(partitionValues);
            rows.accept(Row.withSchema(schema).attachValues(values));
          }
        }
      }
    }
  }

  private Object keyOf(Row projectedRow) {
    List<Object> values = new ArrayList<>(key.size());
    for (int i = 0; i < key.size(); i++) {
      Object v = projectedRow.getValue(i);
      values.add(v instanceof byte[] bytes ? ByteBuffer.wrap(bytes) : v);
    }
    return LatestRows.key(values);
  }

  private static boolean inBucket(Object key, Unit unit, int bucket) {
    return unit.buckets() == 1 || Math.floorMod(key.hashCode(), unit.buckets()) == bucket;
  }

  private List<Object> partitionValues(DeltaFile file) {
    List<Object> values = new ArrayList<>();
    List<Column> partitions = bronze.partitionColumns();
    for (int i = 0; i < partitions.size(); i++) {
      String text = file.partitionValues().get(bronze.partitionNames().get(i));
      values.add(
          text == null
              ? null
              : partitions.get(i).type().kind() == ColumnType.Kind.INT32
                  ? (Object) Integer.valueOf(text)
                  : text);
    }
    return values;
  }

  @Override
  public String describe() {
    return "bronze " + bronze.path() + " (latest row per key of " + units.size() + " units)";
  }
}

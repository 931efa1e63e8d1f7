package dev.ferry.schemas.inventory;

import java.io.Serializable;
import java.util.List;
import java.util.Optional;

/**
 * A source table as its catalog describes it. Immutable and serializable, so transforms carry it to
 * workers and map every row from it rather than from driver metadata.
 *
 * @param rowEstimate the catalog's row count or estimate, -1 when unknown
 * @param splitKey the integer column reads may be split on (SQLite's {@code rowid} when the table
 *     has one), or empty when the table must be read by one reader
 * @param checks the table's CHECK constraints
 */
public record Table(
    String name,
    List<Column> columns,
    List<String> primaryKey,
    List<ForeignKey> foreignKeys,
    List<Index> indexes,
    long rowEstimate,
    Optional<String> splitKey,
    List<Check> checks)
    implements Serializable {

  public Table {
    columns = List.copyOf(columns);
    primaryKey = List.copyOf(primaryKey);
    foreignKeys = List.copyOf(foreignKeys);
    indexes = List.copyOf(indexes);
    checks = checks == null ? List.of() : List.copyOf(checks);
  }

  /** A table without CHECK constraints. */
  public Table(
      String name,
      List<Column> columns,
      List<String> primaryKey,
      List<ForeignKey> foreignKeys,
      List<Index> indexes,
      long rowEstimate,
      Optional<String> splitKey) {
    this(name, columns, primaryKey, foreignKeys, indexes, rowEstimate, splitKey, List.of());
  }

  public Optional<Column> column(String columnName) {
    return columns.stream().filter(c -> c.name().equals(columnName)).findFirst();
  }

  /** The same table with {@code newColumns} in place of its columns (casts, added columns). */
  public Table withColumns(List<Column> newColumns) {
    return new Table(
        name, newColumns, primaryKey, foreignKeys, indexes, rowEstimate, splitKey, checks);
  }

  /** The same table read in ranges of {@code key} (empty: by one reader). */
  public Table withSplitKey(Optional<String> key) {
    return new Table(name, columns, primaryKey, foreignKeys, indexes, rowEstimate, key, checks);
  }

  // Optional is not Serializable; keep the record serializable through a replacement field.
  private Object writeReplace() {
    return new SerializedTable(this);
  }

  private static final class SerializedTable implements Serializable {
    private static final long serialVersionUID = 1L;
    private final String name;
    private final List<Column> columns;
    private final List<String> primaryKey;
    private final List<ForeignKey> foreignKeys;
    private final List<Index> indexes;
    private final long rowEstimate;
    private final String splitKey;
    private final List<Check> checks;

    SerializedTable(Table t) {
      name = t.name;
      columns = t.columns;
      primaryKey = t.primaryKey;
      foreignKeys = t.foreignKeys;
      indexes = t.indexes;
      rowEstimate = t.rowEstimate;
      splitKey = t.splitKey.orElse(null);
      checks = t.checks;
    }

    private Object readResolve() {
      return new Table(
          name,
          columns,
          primaryKey,
          foreignKeys,
          indexes,
          rowEstimate,
          Optional.ofNullable(splitKey),
          checks);
    }
  }
}

package dev.ferry.transforms.postgres;

import dev.ferry.schemas.inventory.Column;
import dev.ferry.schemas.sql.Identifiers;
import java.io.Serializable;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * The existing table {@link WritePostgres} writes into, and how.
 *
 * <pre>{@code
 * TableTarget.of("public", "orders", columns)          // APPEND, no key
 *     .withKeyColumns(List.of("id"))                  // APPEND skips rows whose key is present
 *     .withMode(TableTarget.Mode.UPSERT)              // or: insert new keys, update the others
 *     .withSource("orders");                          // counted and dead-lettered as the source's
 * }</pre>
 *
 * @param schema the table's schema, e.g. {@code public}
 * @param table the table's name in PostgreSQL
 * @param columns the columns written, in the order of the incoming rows' fields; the table may have
 *     more (they get their defaults)
 * @param keyColumns columns of a unique constraint or primary key of the table, or none; with a
 *     key, a retried or repeated write cannot duplicate rows
 * @param mode what happens to a row whose key is already in the table
 * @param source the name the table's metrics and dead letters carry: the source table's, which the
 *     run summary looks up, when the target's name differs (shortened to 63 bytes); {@code table}
 *     by default
 */
public record TableTarget(
    String schema,
    String table,
    List<Column> columns,
    List<String> keyColumns,
    Mode mode,
    String source)
    implements Serializable {

  /** What a write does with rows whose key is already in the table. */
  public enum Mode {
    /** Inserts rows; with key columns, a row whose key is present is skipped (kept as it was). */
    APPEND,
    /** Inserts rows with new keys and overwrites the written columns of rows whose key exists. */
    UPSERT
  }

  public TableTarget {
    Objects.requireNonNull(schema, "schema");
    Objects.requireNonNull(table, "table");
    Objects.requireNonNull(mode, "mode");
    Objects.requireNonNull(source, "source");
    columns = List.copyOf(columns);
    keyColumns = List.copyOf(keyColumns);
    if (columns.isEmpty()) {
      throw new IllegalArgumentException("table " + schema + "." + table + " has no columns");
    }
    Set<String> names = new HashSet<>();
    for (Column c : columns) {
      if (!names.add(c.name())) {
        throw new IllegalArgumentException(
            "column " + c.name() + " appears twice in " + schema + "." + table);
      }
    }
    for (String key : keyColumns) {
      if (!names.contains(key)) {
        throw new IllegalArgumentException(
            "key column " + key + " is not among the columns written to " + schema + "." + table);
      }
    }
  }

  /** Appends to {@code schema.table} without a key. */
  public static TableTarget of(String schema, String table, List<Column> columns) {
    return new TableTarget(schema, table, columns, List.of(), Mode.APPEND, table);
  }

  public TableTarget withKeyColumns(List<String> keys) {
    return new TableTarget(schema, table, columns, keys, mode, source);
  }

  public TableTarget withMode(Mode newMode) {
    return new TableTarget(schema, table, columns, keyColumns, newMode, source);
  }

  /** The same target, counted and dead-lettered under {@code name} (the source table's). */
  public TableTarget withSource(String name) {
    return new TableTarget(schema, table, columns, keyColumns, mode, name);
  }

  /** {@code schema.table} as a person reads it in messages. */
  public String displayName() {
    return schema + "." + table;
  }

  /** {@code "schema"."table"}, quoted for SQL. */
  public String quotedName() {
    return Identifiers.quote(schema) + "." + Identifiers.quote(table);
  }

  @Override
  public String toString() {
    return "TableTarget["
        + displayName()
        + ", "
        + mode
        + (keyColumns.isEmpty() ? "" : " by " + keyColumns)
        + ", "
        + columns.size()
        + " columns]";
  }
}

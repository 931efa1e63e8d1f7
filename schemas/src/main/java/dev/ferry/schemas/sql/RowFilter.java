package dev.ferry.schemas.sql;

import dev.ferry.schemas.inventory.Column;
import dev.ferry.schemas.inventory.Table;
import dev.ferry.schemas.types.ColumnType.Kind;
import java.io.Serializable;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Which rows of one table a read keeps: those whose {@link #column()} lies in {@code [lower,
 * upper)}, compared as ferry's typed values (after casts), so backfills and incremental runs read
 * only what they need.
 *
 * <pre>{@code
 * RowFilter since = RowFilter.on(table, "updated_at").atLeast(lastSeen);           // incremental
 * RowFilter days = RowFilter.on(table, "sold_on").withinDays(from, to, ZoneOffset.UTC); // backfill
 * }</pre>
 *
 * <p>A bound is the Java value of the column's kind: {@code LocalDate} (date), {@code Instant}
 * (timestamp), {@code LocalDateTime} (timestamp_local), {@code Long} (int16/32/64), {@code
 * BigDecimal} (decimal), {@code String} (text). A NULL value is outside any bounded filter. Readers
 * push the filter into the source's SQL where the server orders values as ferry does, and always
 * apply it to the converted row as well, so the result is exact either way.
 */
public final class RowFilter implements Serializable {
  private static final long serialVersionUID = 1L;

  /** The kinds whose values have one order that SQL servers and Java agree on (or Java decides). */
  private static final Set<Kind> ORDERABLE =
      EnumSet.of(
          Kind.DATE,
          Kind.TIMESTAMP,
          Kind.TIMESTAMP_LOCAL,
          Kind.INT16,
          Kind.INT32,
          Kind.INT64,
          Kind.DECIMAL,
          Kind.STRING);

  private final String table;
  private final Column column;
  private final Object lower;
  private final Object upper;

  private RowFilter(String table, Column column, Object lower, Object upper) {
    this.table = table;
    this.column = column;
    this.lower = lower;
    this.upper = upper;
  }

  /**
   * An unbounded filter on {@code columnName} of {@code table}; bound it with {@link #atLeast} and
   * {@link #below}.
   *
   * @throws IllegalArgumentException when the table has no such column or its kind has no order
   */
  public static RowFilter on(Table table, String columnName) {
    Column column =
        table
            .column(columnName)
            .orElseThrow(
                () ->
                    new IllegalArgumentException(
                        "cannot filter table "
                            + table.name()
                            + ": it has no column "
                            + columnName));
    if (!ORDERABLE.contains(column.type().kind())) {
      throw new IllegalArgumentException(
          "cannot filter table "
              + table.name()
              + " on column "
              + columnName
              + ": its type "
              + column.type()
              + " has no order to compare (use a date, timestamp, integer, decimal or text"
              + " column)");
    }
    return new RowFilter(table.name(), column, null, null);
  }

  /** The same filter keeping only values {@code >= bound}. */
  public RowFilter atLeast(Object bound) {
    return new RowFilter(table, column, checked(bound), upper);
  }

  /** The same filter keeping only values {@code < bound}. */
  public RowFilter below(Object bound) {
    return new RowFilter(table, column, lower, checked(bound));
  }

  /**
   * The same filter keeping the days {@code first} to {@code last}, both included: the upper bound
   * is the start of the day after {@code last}. A timestamp column's days start at midnight in
   * {@code zone}.
   */
  public RowFilter withinDays(LocalDate first, LocalDate last, ZoneId zone) {
    if (last.isBefore(first)) {
      throw new IllegalArgumentException("no days from " + first + " to " + last);
    }
    LocalDate end = last.plusDays(1);
    return switch (column.type().kind()) {
      case DATE -> atLeast(first).below(end);
      case TIMESTAMP ->
          atLeast(first.atStartOfDay(zone).toInstant()).below(end.atStartOfDay(zone).toInstant());
      case TIMESTAMP_LOCAL -> atLeast(first.atStartOfDay()).below(end.atStartOfDay());
      default ->
          throw new IllegalArgumentException(
              "cannot filter table "
                  + table
                  + " by days on column "
                  + column.name()
                  + ": its type "
                  + column.type()
                  + " is not a date or timestamp");
    };
  }

  /** The column filtered on, as the rows carry it. */
  public Column column() {
    return column;
  }

  /**
   * The position of the filtered column among {@code table}'s columns, to find its value in a row.
   *
   * @throws IllegalArgumentException when {@code table} is not the filtered table with its column
   */
  public int columnIndex(Table table) {
    List<Column> columns = table.columns();
    for (int i = 0; i < columns.size(); i++) {
      if (table.name().equals(this.table) && columns.get(i).name().equals(column.name())) {
        return i;
      }
    }
    throw new IllegalArgumentException(
        "the filter "
            + describe()
            + " of table "
            + this.table
            + " does not apply to table "
            + table.name());
  }

  /** The inclusive lower bound, if any. */
  public Optional<Object> lower() {
    return Optional.ofNullable(lower);
  }

  /** The exclusive upper bound, if any. */
  public Optional<Object> upper() {
    return Optional.ofNullable(upper);
  }

  /** Whether {@code value}, a value of the column as the rows carry it, is kept. */
  public boolean keeps(Object value) {
    if (lower == null && upper == null) {
      return true;
    }
    if (value == null) {
      return false;
    }
    return (lower == null || compare(value, lower) >= 0)
        && (upper == null || compare(value, upper) < 0);
  }

  /** For plans and messages, e.g. {@code updated_at >= 2026-11-20T10:00:00Z}. */
  public String describe() {
    String name = column.name();
    if (lower != null && upper != null) {
      return lower + " <= " + name + " < " + upper;
    }
    if (lower != null) {
      return name + " >= " + lower;
    }
    return upper != null ? name + " < " + upper : name + " (any value)";
  }

  @Override
  public String toString() {
    return describe();
  }

  /** {@code bound} as the column's Java value; integers of any width become a Long. */
  private Object checked(Object bound) {
    Kind kind = column.type().kind();
    Class<?> expected =
        switch (kind) {
          case DATE -> LocalDate.class;
          case TIMESTAMP -> Instant.class;
          case TIMESTAMP_LOCAL -> LocalDateTime.class;
          case INT16, INT32, INT64 -> Long.class;
          case DECIMAL -> BigDecimal.class;
          default -> String.class;
        };
    Object value =
        bound instanceof Short || bound instanceof Integer ? ((Number) bound).longValue() : bound;
    if (!expected.isInstance(value)) {
      throw new IllegalArgumentException(
          "cannot filter table "
              + table
              + " on column "
              + column.name()
              + " ("
              + column.type()
              + ") with the bound "
              + bound
              + ": expected "
              + expected.getSimpleName());
    }
    return value;
  }

  /**
   * Compares a row's value with a bound of the same kind. Text compares by UTF-16 code units, the
   * order of Java's {@code String}, which no server collation is assumed to share.
   */
  private static int compare(Object value, Object bound) {
    if (bound instanceof Long b) {
      return Long.compare(((Number) value).longValue(), b);
    }
    if (bound instanceof BigDecimal b) {
      return ((BigDecimal) value).compareTo(b);
    }
    if (bound instanceof LocalDate b) {
      return ((LocalDate) value).compareTo(b);
    }
    if (bound instanceof Instant b) {
      return ((Instant) value).compareTo(b);
    }
    if (bound instanceof LocalDateTime b) {
      return ((LocalDateTime) value).compareTo(b);
    }
    return ((String) value).compareTo((String) bound);
  }
}

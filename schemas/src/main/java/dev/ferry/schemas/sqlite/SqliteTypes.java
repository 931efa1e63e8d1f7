package dev.ferry.schemas.sqlite;

import dev.ferry.schemas.types.ColumnType;
import dev.ferry.schemas.types.ColumnType.Kind;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * SQLite declared types → logical types. The one table for this dialect.
 *
 * <p>Well-known type names map by name first ({@code DATETIME} → timestamp, {@code BOOLEAN} →
 * boolean, {@code VARCHAR(40)} → varchar(40)), so the intent of the schema survives. Anything else
 * follows SQLite's own type-affinity rules (section 3.1 of SQLite's datatype documentation): a name
 * containing INT is an integer, CHAR/CLOB/TEXT is text, BLOB is bytes, REAL/FLOA/DOUB is a double,
 * and the rest is NUMERIC, carried as decimal(38,10). A column with no declared type holds anything
 * and is carried as text.
 */
public final class SqliteTypes {

  /** Decimal used where SQLite declares NUMERIC without precision: 28 integer digits, 10 after. */
  public static final ColumnType UNSIZED_NUMERIC = ColumnType.decimal(38, 10);

  private static final Pattern DECLARED =
      Pattern.compile(
          "\\s*([A-Z_][A-Z_0-9 ]*?)\\s*(?:\\(\\s*(\\d+)\\s*(?:,\\s*(\\d+)\\s*)?\\))?\\s*");

  private static final Map<String, Kind> BY_NAME =
      Map.ofEntries(
          Map.entry("BOOLEAN", Kind.BOOLEAN),
          Map.entry("BOOL", Kind.BOOLEAN),
          Map.entry("TINYINT", Kind.INT16),
          Map.entry("SMALLINT", Kind.INT16),
          Map.entry("INT2", Kind.INT16),
          Map.entry("MEDIUMINT", Kind.INT32),
          Map.entry("INT", Kind.INT64),
          Map.entry("INTEGER", Kind.INT64),
          Map.entry("BIGINT", Kind.INT64),
          Map.entry("INT8", Kind.INT64),
          Map.entry("UNSIGNED BIG INT", Kind.INT64),
          Map.entry("REAL", Kind.FLOAT64),
          Map.entry("DOUBLE", Kind.FLOAT64),
          Map.entry("DOUBLE PRECISION", Kind.FLOAT64),
          Map.entry("FLOAT", Kind.FLOAT64),
          Map.entry("DATE", Kind.DATE),
          Map.entry("TIME", Kind.TIME),
          Map.entry("DATETIME", Kind.TIMESTAMP),
          Map.entry("TIMESTAMP", Kind.TIMESTAMP),
          Map.entry("JSON", Kind.JSON),
          Map.entry("UUID", Kind.UUID),
          Map.entry("BLOB", Kind.BYTES),
          Map.entry("TEXT", Kind.STRING),
          Map.entry("CLOB", Kind.STRING),
          Map.entry("CHAR", Kind.STRING),
          Map.entry("CHARACTER", Kind.STRING),
          Map.entry("VARCHAR", Kind.STRING),
          Map.entry("VARYING CHARACTER", Kind.STRING),
          Map.entry("CHARACTER VARYING", Kind.STRING),
          Map.entry("NCHAR", Kind.STRING),
          Map.entry("NATIVE CHARACTER", Kind.STRING),
          Map.entry("NVARCHAR", Kind.STRING),
          Map.entry("DECIMAL", Kind.DECIMAL),
          Map.entry("NUMERIC", Kind.DECIMAL));

  private SqliteTypes() {}

  /** The logical type for a column declared as {@code declared} ("" for no type). */
  public static ColumnType map(String declared) {
    String upper = declared == null ? "" : declared.toUpperCase(Locale.ROOT).strip();
    if (upper.isEmpty()) {
      return ColumnType.string(0);
    }
    Matcher m = DECLARED.matcher(upper);
    if (m.matches()) {
      Kind kind = BY_NAME.get(m.group(1).replaceAll("\\s+", " "));
      if (kind != null) {
        return sized(kind, m.group(2), m.group(3));
      }
    }
    return byAffinity(upper);
  }

  private static ColumnType sized(Kind kind, String first, String second) {
    if (kind == Kind.STRING) {
      // SQLite enforces no length; one too large for an int (VARCHAR(4294967295)) is unbounded.
      return ColumnType.string(first == null ? 0 : Math.max(size(first), 0));
    }
    if (kind == Kind.DECIMAL) {
      if (first == null) {
        return UNSIZED_NUMERIC;
      }
      int declared = size(first);
      int precision =
          declared < 0
              ? ColumnType.MAX_DECIMAL_PRECISION
              : Math.max(Math.min(declared, ColumnType.MAX_DECIMAL_PRECISION), 1);
      int scale =
          second == null ? 0 : size(second) < 0 ? precision : Math.min(size(second), precision);
      return ColumnType.decimal(precision, scale);
    }
    return ColumnType.of(kind);
  }

  /** A declared size, or -1 when it does not fit an int. */
  private static int size(String digits) {
    try {
      return Integer.parseInt(digits);
    } catch (NumberFormatException e) {
      return -1;
    }
  }

  private static ColumnType byAffinity(String upper) {
    if (upper.contains("INT")) {
      return ColumnType.of(Kind.INT64);
    }
    if (upper.contains("CHAR") || upper.contains("CLOB") || upper.contains("TEXT")) {
      return ColumnType.string(0);
    }
    if (upper.contains("BLOB")) {
      return ColumnType.of(Kind.BYTES);
    }
    if (upper.contains("REAL") || upper.contains("FLOA") || upper.contains("DOUB")) {
      return ColumnType.of(Kind.FLOAT64);
    }
    return UNSIZED_NUMERIC;
  }
}

package dev.ferry.schemas.mysql;

import dev.ferry.schemas.types.ColumnType;
import dev.ferry.schemas.types.ColumnType.Kind;
import java.io.Serializable;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * MySQL and MariaDB column types → logical types. The one table for this dialect; see {@code
 * docs/type-mapping-mysql.md} for the same table with the PostgreSQL types.
 *
 * <p>The input is {@code information_schema.COLUMNS.COLUMN_TYPE}, the full declaration ({@code
 * int(10) unsigned}, {@code tinyint(1)}, {@code enum('a','b')}, {@code decimal(65,30)}), so sign,
 * display width and labels take part in the choice, as in pgloader's default casting rules:
 *
 * <ul>
 *   <li>{@code tinyint(1)}, {@code bool}, {@code bit(1)} → boolean; other {@code bit(n)} → bytes
 *       (the bits big-endian, {@code ceil(n/8)} bytes, as MySQL stores them).
 *   <li>Integers take the smallest type that holds their whole range: {@code smallint unsigned} →
 *       int, {@code int unsigned} → bigint, {@code bigint unsigned} → decimal(20,0).
 *   <li>{@code decimal(p,s)} → decimal(p,s); above 38 digits (MySQL allows 65) the column keeps
 *       PostgreSQL {@code numeric(p,s)} and the values travel as exact text.
 *   <li>{@code enum} → text with its labels (the target adds the CHECK); {@code set} → PostgreSQL
 *       {@code text[]}; {@code year} → smallint.
 *   <li>{@code datetime} → timestamp_local (a wall clock); {@code timestamp} → timestamp (an
 *       instant: MySQL stores it in UTC and ferry reads it in a UTC session).
 *   <li>{@code time} → time; MySQL's TIME also holds durations (-838:59:59..838:59:59): values
 *       outside a day are rejected with their reason (cast the column to text to keep them).
 *   <li>Geometry types → text holding (E)WKT, read with {@code ST_AsText}.
 *   <li>MariaDB's {@code uuid} → uuid; {@code inet4}/{@code inet6} → PostgreSQL {@code inet}.
 *   <li>Anything unknown → text, read in the server's text form.
 * </ul>
 *
 * <p>MariaDB's {@code json} is {@code longtext} with a {@code json_valid} CHECK; {@link
 * MysqlCatalog} sees the check and uses {@link #JSON} for it.
 */
public final class MysqlTypes {

  /** How the server sends a column's values; decides how a reader takes them from the row. */
  public enum Stored {
    /** Signed or unsigned integers that fit a Java long (all but {@code bigint unsigned}). */
    INTEGER,
    /** {@code bigint unsigned}: up to 18446744073709551615. */
    UNSIGNED_BIGINT,
    /** {@code bit(n)}: the bits as big-endian bytes. */
    BIT,
    /** {@code float}: selected widened to double, so all of its digits arrive. */
    FLOAT,
    DOUBLE,
    DECIMAL,
    YEAR,
    /** Character types, JSON, enum, set, MariaDB uuid/inet and unknown types: UTF-8 text. */
    TEXT,
    ENUM,
    SET,
    /** binary, varbinary and the blobs. */
    BINARY,
    DATE,
    DATETIME,
    TIMESTAMP,
    TIME,
    /** Geometry types: selected as text (WKT, with the SRID when it is not 0). */
    GEOMETRY
  }

  /**
   * A column type's mapping.
   *
   * @param stored how values arrive from the server
   * @param type the logical type
   * @param pgType the PostgreSQL type kept instead of the logical type's, or null
   * @param labels an enum's labels in order; empty otherwise
   */
  public record Mapping(Stored stored, ColumnType type, String pgType, List<String> labels)
      implements Serializable {

    public Mapping {
      labels = List.copyOf(labels);
    }

    static Mapping of(Stored stored, ColumnType type) {
      return new Mapping(stored, type, null, List.of());
    }
  }

  /** What MariaDB's {@code json} columns (longtext checked by {@code json_valid}) map to. */
  public static final Mapping JSON = Mapping.of(Stored.TEXT, ColumnType.of(Kind.JSON));

  private static final ColumnType TEXT = ColumnType.string(0);

  private MysqlTypes() {}

  /** The mapping of a column declared as {@code columnType} (a {@code COLUMN_TYPE} value). */
  public static Mapping map(String columnType) {
    Declared d = Declared.parse(columnType);
    return switch (d.name) {
      case "tinyint" ->
          d.first(0) == 1 ? integer(Kind.BOOLEAN) : integer(Kind.INT16); // tinyint(1) is BOOL
      case "bool", "boolean" -> integer(Kind.BOOLEAN);
      case "smallint" -> integer(d.unsigned ? Kind.INT32 : Kind.INT16);
      case "mediumint" -> integer(Kind.INT32);
      case "int", "integer" -> integer(d.unsigned ? Kind.INT64 : Kind.INT32);
      case "bigint" ->
          d.unsigned
              ? Mapping.of(Stored.UNSIGNED_BIGINT, ColumnType.decimal(20, 0))
              : integer(Kind.INT64);
      case "bit" ->
          d.first(1) <= 1
              ? Mapping.of(Stored.BIT, ColumnType.of(Kind.BOOLEAN))
              : Mapping.of(Stored.BIT, ColumnType.of(Kind.BYTES));
      case "decimal", "numeric", "dec", "fixed" -> decimal(d.first(10), d.second(0));
      case "float" -> Mapping.of(Stored.FLOAT, ColumnType.of(Kind.FLOAT32));
      case "double", "real" -> Mapping.of(Stored.DOUBLE, ColumnType.of(Kind.FLOAT64));
      case "char", "varchar", "nchar", "nvarchar" ->
          Mapping.of(Stored.TEXT, ColumnType.string(d.first(0)));
      case "tinytext", "text", "mediumtext", "longtext", "long" -> Mapping.of(Stored.TEXT, TEXT);
      case "json" -> JSON;
      case "enum" -> new Mapping(Stored.ENUM, TEXT, null, labels(columnType));
      case "set" -> new Mapping(Stored.SET, TEXT, "text[]", List.of());
      case "year" -> Mapping.of(Stored.YEAR, ColumnType.of(Kind.INT16));
      case "binary", "varbinary", "tinyblob", "blob", "mediumblob", "longblob" ->
          Mapping.of(Stored.BINARY, ColumnType.of(Kind.BYTES));
      case "date" -> Mapping.of(Stored.DATE, ColumnType.of(Kind.DATE));
      case "datetime" -> Mapping.of(Stored.DATETIME, ColumnType.of(Kind.TIMESTAMP_LOCAL));
      case "timestamp" -> Mapping.of(Stored.TIMESTAMP, ColumnType.of(Kind.TIMESTAMP));
      case "time" -> Mapping.of(Stored.TIME, ColumnType.of(Kind.TIME));
      case "geometry",
          "point",
          "linestring",
          "polygon",
          "multipoint",
          "multilinestring",
          "multipolygon",
          "geometrycollection",
          "geomcollection" ->
          Mapping.of(Stored.GEOMETRY, TEXT);
      case "uuid" -> Mapping.of(Stored.TEXT, ColumnType.of(Kind.UUID));
      case "inet4", "inet6" -> new Mapping(Stored.TEXT, TEXT, "inet", List.of());
      default -> Mapping.of(Stored.TEXT, TEXT);
    };
  }

  /** The width {@code n} of a {@code bit(n)} column, 1 when none is written. */
  public static int bitWidth(String columnType) {
    return Declared.parse(columnType).first(1);
  }

  /**
   * The labels of an {@code enum(...)} or {@code set(...)} declaration, unescaped: MySQL writes
   * {@code 'it''s'} and {@code 'back\\slash'} there.
   */
  public static List<String> labels(String columnType) {
    int open = columnType.indexOf('(');
    int close = columnType.lastIndexOf(')');
    if (open < 0 || close < open) {
      return List.of();
    }
    return MysqlLiterals.stringList(columnType.substring(open + 1, close));
  }

  private static Mapping integer(Kind kind) {
    return Mapping.of(Stored.INTEGER, ColumnType.of(kind));
  }

  private static Mapping decimal(int precision, int scale) {
    if (precision <= ColumnType.MAX_DECIMAL_PRECISION) {
      return Mapping.of(Stored.DECIMAL, ColumnType.decimal(precision, scale));
    }
    return new Mapping(Stored.DECIMAL, TEXT, "numeric(" + precision + "," + scale + ")", List.of());
  }

  /** A {@code COLUMN_TYPE} taken apart: {@code int(10) unsigned zerofill}. */
  private record Declared(String name, List<Integer> sizes, boolean unsigned) {

    static Declared parse(String columnType) {
      String t = columnType == null ? "" : columnType.strip().toLowerCase(Locale.ROOT);
      int end = 0;
      while (end < t.length()
          && (Character.isLetterOrDigit(t.charAt(end)) || t.charAt(end) == '_')) {
        end++;
      }
      String name = t.substring(0, end);
      int open = t.indexOf('(', end);
      int close = t.lastIndexOf(')');
      List<Integer> sizes = List.of();
      String suffix = t.substring(end);
      if (open == end && close > open) {
        suffix = t.substring(close + 1);
        if (!name.equals("enum") && !name.equals("set")) {
          sizes = sizes(t.substring(open + 1, close));
        }
      }
      return new Declared(name, sizes, suffix.contains("unsigned"));
    }

    private static List<Integer> sizes(String inside) {
      try {
        return Arrays.stream(inside.split(",")).map(String::strip).map(Integer::valueOf).toList();
      } catch (NumberFormatException e) {
        return List.of();
      }
    }

    /** The first size ({@code n} of {@code varchar(n)}), or {@code absent} when none is written. */
    int first(int absent) {
      return sizes.isEmpty() ? absent : sizes.get(0);
    }

    /** The second size ({@code s} of {@code decimal(p,s)}), or {@code absent}. */
    int second(int absent) {
      return sizes.size() > 1 ? sizes.get(1) : absent;
    }
  }
}

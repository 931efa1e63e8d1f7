package dev.ferry.schemas.pgsource;

import dev.ferry.schemas.postgres.PostgresTypes;
import dev.ferry.schemas.types.ColumnType;
import dev.ferry.schemas.types.ColumnType.Kind;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * PostgreSQL column types → logical types, and the PostgreSQL type a PostgreSQL target keeps. The
 * one table for this source; {@code docs/type-mapping-postgres.md} says the same in prose.
 *
 * <p>A type is read as {@code format_type} prints it ({@code numeric(10,2)}, {@code character
 * varying(40)}, {@code time(3) without time zone}, {@code integer[]}):
 *
 * <ul>
 *   <li>Types a logical kind carries exactly map to that kind: {@code boolean, smallint, integer,
 *       bigint, real, double precision, numeric(p,s)} with {@code p <= 38}, {@code character
 *       varying(n), character(n), text, json, jsonb, uuid, bytea, date, time, timestamp,
 *       timestamptz} at any precision.
 *   <li>When the target would declare such a column differently ({@link PostgresTypes#map}: {@code
 *       json} would become {@code jsonb}, {@code time(3)} would become {@code time(6)}, {@code
 *       character(5)} would become {@code varchar(5)}), the source's type is kept as {@link
 *       Mapping#pgType()} and the values still travel in the kind.
 *   <li>{@code numeric} without precision, or beyond 38 digits, keeps its type and travels as text:
 *       no decimal(p,s) holds all its values ({@code NaN} and {@code Infinity} included).
 *   <li>{@code money} keeps its type and travels as the text of {@code money::numeric}: its own
 *       text form depends on the server's {@code lc_monetary} ({@code $1,234.50}).
 *   <li>Arrays (any element type, any number of dimensions), and every other type ({@code interval,
 *       inet, cidr, macaddr, xml, tsvector, bit, ranges, geometric types, timetz}, extension types
 *       such as {@code citext} and {@code hstore}) keep their type and travel as their PostgreSQL
 *       text form.
 * </ul>
 *
 * Enums and domains are the catalog's to resolve ({@link PostgresUserTypes}).
 */
public final class PostgresSourceTypes {

  /**
   * How a column of one PostgreSQL type travels.
   *
   * @param type the logical type its values are carried in
   * @param pgType the type a PostgreSQL target keeps, or {@code null} when {@link
   *     PostgresTypes#map} of {@code type} already declares the source's type
   */
  public record Mapping(ColumnType type, String pgType) {

    /** Whether the values travel as PostgreSQL's text form rather than in a typed kind. */
    public boolean asText() {
      return pgType != null && type.kind() == Kind.STRING;
    }
  }

  /** The type name without its modifier, e.g. {@code time without time zone}; and the modifier. */
  private static final Pattern FORMATTED =
      Pattern.compile("([^(]*?)(?:\\((-?\\d+)(?:,(-?\\d+))?\\))?( with(?:out)? time zone)?");

  /** A type as {@link PostgresTypes} writes it: a name and an optional modifier. */
  private static final Pattern DDL = Pattern.compile("([a-z ]+?)\\s*(\\([\\d, ]+\\))?");

  private static final Map<String, Kind> EXACT =
      Map.ofEntries(
          Map.entry("boolean", Kind.BOOLEAN),
          Map.entry("smallint", Kind.INT16),
          Map.entry("integer", Kind.INT32),
          Map.entry("bigint", Kind.INT64),
          Map.entry("real", Kind.FLOAT32),
          Map.entry("double precision", Kind.FLOAT64),
          Map.entry("numeric", Kind.DECIMAL),
          Map.entry("character varying", Kind.STRING),
          Map.entry("character", Kind.STRING),
          Map.entry("bpchar", Kind.STRING),
          Map.entry("text", Kind.STRING),
          Map.entry("json", Kind.JSON),
          Map.entry("jsonb", Kind.JSON),
          Map.entry("uuid", Kind.UUID),
          Map.entry("bytea", Kind.BYTES),
          Map.entry("date", Kind.DATE),
          Map.entry("time without time zone", Kind.TIME),
          Map.entry("timestamp without time zone", Kind.TIMESTAMP_LOCAL),
          Map.entry("timestamp with time zone", Kind.TIMESTAMP));

  /** How {@link PostgresTypes#map} spells a type → how {@code format_type} spells it. */
  private static final Map<String, String> FORMAT_TYPE_SPELLING =
      Map.of(
          "varchar", "character varying",
          "char", "character",
          "int", "integer",
          "int2", "smallint",
          "int4", "integer",
          "int8", "bigint",
          "bool", "boolean",
          "float4", "real",
          "float8", "double precision",
          "decimal", "numeric");

  private PostgresSourceTypes() {}

  /**
   * The mapping of a built-in or extension type, spelled as {@code format_type} prints it. Arrays
   * and types this table does not carry exactly travel as text.
   */
  public static Mapping map(String formatType) {
    String type = formatType.strip();
    if (type.endsWith("[]")) {
      return text(type);
    }
    Matcher m = FORMATTED.matcher(type);
    if (!m.matches()) {
      return text(type);
    }
    String base = m.group(1) + (m.group(4) == null ? "" : m.group(4));
    Kind kind = EXACT.get(base);
    if (kind == null) {
      return text(type);
    }
    ColumnType logical;
    if (kind == Kind.DECIMAL) {
      if (m.group(2) == null) {
        return text(type);
      }
      int precision = Integer.parseInt(m.group(2));
      int scale = m.group(3) == null ? 0 : Integer.parseInt(m.group(3));
      if (precision > ColumnType.MAX_DECIMAL_PRECISION || scale < 0 || scale > precision) {
        return text(type);
      }
      logical = ColumnType.decimal(precision, scale);
    } else if (kind == Kind.STRING) {
      logical = ColumnType.string(m.group(2) == null ? 0 : Integer.parseInt(m.group(2)));
    } else {
      logical = ColumnType.of(kind);
    }
    return new Mapping(logical, sameType(PostgresTypes.map(logical), type) ? null : type);
  }

  /** The logical type of {@code formatType}, as {@link #map} gives it. */
  public static ColumnType logical(String formatType) {
    return map(formatType).type();
  }

  /** Whether {@code formatType} is {@code money} or an array of it, read through numeric. */
  public static boolean isMoney(String formatType) {
    return formatType.equals("money") || formatType.equals("money[]");
  }

  private static Mapping text(String formatType) {
    return new Mapping(ColumnType.string(0), formatType);
  }

  /**
   * Whether {@code ddl}, as {@link PostgresTypes} writes it ({@code varchar(40)}, {@code
   * timestamptz}, {@code time(6)}), names the type {@code format_type} printed as {@code
   * formatType}.
   */
  static boolean sameType(String ddl, String formatType) {
    return formatTypeSpelling(ddl).equals(formatType);
  }

  private static String formatTypeSpelling(String ddl) {
    Matcher m = DDL.matcher(ddl.strip());
    if (!m.matches()) {
      return ddl;
    }
    String name = m.group(1);
    String modifier = m.group(2) == null ? "" : m.group(2).replace(" ", "");
    return switch (name) {
      case "timestamptz" -> "timestamp" + modifier + " with time zone";
      case "timetz" -> "time" + modifier + " with time zone";
      case "timestamp", "time" -> name + modifier + " without time zone";
      default -> FORMAT_TYPE_SPELLING.getOrDefault(name, name) + modifier;
    };
  }
}

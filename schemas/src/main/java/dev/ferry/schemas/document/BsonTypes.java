package dev.ferry.schemas.document;

import dev.ferry.schemas.postgres.PostgresTypes;
import dev.ferry.schemas.types.ColumnType;
import dev.ferry.schemas.types.ColumnType.Kind;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * Sampled BSON types → the type a column carries. The one table for documents:
 *
 * <ul>
 *   <li>BOOLEAN → boolean; STRING, SYMBOL → text; DOUBLE → double; DATE_TIME → timestamp (an
 *       instant, milliseconds).
 *   <li>INT32, INT64 → bigint: documents mix the two freely, so both get the wide one.
 *   <li>DECIMAL128 → PostgreSQL {@code numeric} without a scale, values as exact text: a
 *       Decimal128's scale varies per value ({@code cast: decimal(p,s)} fixes one).
 *   <li>OBJECT_ID → varchar(24), its 24 hex digits.
 *   <li>BINARY → bytes. {@code UUID} (a sampler may count binary subtypes 3 and 4 so) → uuid, as
 *       does {@code cast: uuid}.
 *   <li>TIMESTAMP, REGULAR_EXPRESSION, JAVASCRIPT, MIN_KEY and the other rare types → json.
 *   <li>Only NULL or UNDEFINED seen → text.
 * </ul>
 *
 * <p>Several types at one path widen, each time with a note: INT32 + INT64 → bigint; integers +
 * DOUBLE → double (an integer beyond 2^53 that a double cannot hold exactly is refused later);
 * numbers with DECIMAL128 → {@code numeric}; OBJECT_ID + STRING → text; UUID + BINARY → bytes.
 * Anything else mixed (text and numbers, dates and strings…) → json, where every value keeps its
 * own type.
 */
final class BsonTypes {

  /** What one BSON type name stands for when choosing a column. */
  enum Category {
    BOOLEAN,
    INTEGER,
    DOUBLE,
    DECIMAL,
    STRING,
    OBJECT_ID,
    DATE_TIME,
    UUID,
    BINARY,
    DOCUMENT,
    ARRAY,
    OTHER
  }

  static final ColumnType TEXT = ColumnType.string(0);
  static final ColumnType JSON = ColumnType.of(Kind.JSON);
  static final ColumnType OBJECT_ID = ColumnType.string(24);

  /** The pgType of a column holding exact numbers of any scale, as text. */
  static final String NUMERIC = "numeric";

  private static final Set<Category> NUMBERS =
      EnumSet.of(Category.INTEGER, Category.DOUBLE, Category.DECIMAL);

  private BsonTypes() {}

  /** A column's value type: a logical type, or exact numbers as PostgreSQL {@code numeric} text. */
  record ValueType(ColumnType type, boolean numeric) implements java.io.Serializable {

    static ValueType of(ColumnType type) {
      return new ValueType(type, false);
    }

    /** The column's logical type: text for numeric values. */
    ColumnType columnType() {
      return numeric ? TEXT : type;
    }

    /** The PostgreSQL type kept for the column, or null. */
    String pgType() {
      return numeric ? NUMERIC : null;
    }

    /** The PostgreSQL type of an array of these. */
    String arrayPgType() {
      return (numeric ? NUMERIC : PostgresTypes.map(type)) + "[]";
    }

    @Override
    public String toString() {
      return numeric ? NUMERIC : type.toString();
    }
  }

  /**
   * A column's type chosen from the BSON types seen, and why, when the choice widened.
   *
   * @param widening a note saying what was seen and what was chosen, or null
   */
  record Mapping(ValueType value, String widening) {}

  /** The category of a BSON type name; NULL and UNDEFINED have none (null). */
  static Category category(String bsonType) {
    return switch (bsonType) {
      case "NULL", "UNDEFINED" -> null;
      case "BOOLEAN" -> Category.BOOLEAN;
      case "INT32", "INT64" -> Category.INTEGER;
      case "DOUBLE" -> Category.DOUBLE;
      case "DECIMAL128" -> Category.DECIMAL;
      case "STRING", "SYMBOL" -> Category.STRING;
      case "OBJECT_ID" -> Category.OBJECT_ID;
      case "DATE_TIME" -> Category.DATE_TIME;
      case "UUID" -> Category.UUID;
      case "BINARY" -> Category.BINARY;
      case "DOCUMENT" -> Category.DOCUMENT;
      case "ARRAY" -> Category.ARRAY;
      default -> Category.OTHER;
    };
  }

  /** The categories of the non-null types in {@code types}. */
  static Set<Category> categories(Map<String, Long> types) {
    Set<Category> found = EnumSet.noneOf(Category.class);
    types.forEach(
        (name, count) -> {
          Category c = category(name);
          if (c != null && count > 0) {
            found.add(c);
          }
        });
    return found;
  }

  /** Occurrences of non-null values in {@code types}. */
  static long nonNull(Map<String, Long> types) {
    return types.entrySet().stream()
        .filter(e -> category(e.getKey()) != null)
        .mapToLong(Map.Entry::getValue)
        .sum();
  }

  /** All occurrences in {@code types}, nulls included. */
  static long all(Map<String, Long> types) {
    return types.values().stream().mapToLong(Long::longValue).sum();
  }

  /**
   * The column for a path whose values were {@code types} (scalars only: no DOCUMENT or ARRAY).
   *
   * @param where the path, for notes
   */
  static Mapping scalar(Map<String, Long> types, String where) {
    Set<Category> cats = categories(types);
    String seen = spelled(types);
    if (cats.isEmpty()) {
      return new Mapping(
          ValueType.of(TEXT), where + ": only " + seen + " seen, so it is text until values show");
    }
    if (cats.size() == 1) {
      ValueType one = single(cats.iterator().next());
      boolean bothWidths = types.containsKey("INT32") && types.containsKey("INT64");
      return new Mapping(
          one, bothWidths ? where + ": INT32 and INT64 seen, widened to bigint" : null);
    }
    ValueType wide;
    if (NUMBERS.containsAll(cats)) {
      wide =
          cats.contains(Category.DECIMAL)
              ? new ValueType(TEXT, true)
              : ValueType.of(ColumnType.of(Kind.FLOAT64));
    } else if (cats.equals(EnumSet.of(Category.OBJECT_ID, Category.STRING))) {
      wide = ValueType.of(TEXT);
    } else if (cats.equals(EnumSet.of(Category.UUID, Category.BINARY))) {
      wide = ValueType.of(ColumnType.of(Kind.BYTES));
    } else {
      return new Mapping(
          ValueType.of(JSON),
          where
              + ": "
              + seen
              + " seen, which no one type holds: kept as jsonb (Extended JSON), each value with"
              + " its type");
    }
    String why =
        switch (wide.toString()) {
          case "double" -> " (an integer a double cannot hold exactly is rejected)";
          case "text" -> " (ObjectIds as their 24 hex digits)";
          default -> "";
        };
    return new Mapping(wide, where + ": " + seen + " seen, widened to " + wide + why);
  }

  /** The column for one category of scalars. */
  static ValueType single(Category c) {
    return switch (c) {
      case BOOLEAN -> ValueType.of(ColumnType.of(Kind.BOOLEAN));
      case INTEGER -> ValueType.of(ColumnType.of(Kind.INT64));
      case DOUBLE -> ValueType.of(ColumnType.of(Kind.FLOAT64));
      case DECIMAL -> new ValueType(TEXT, true);
      case STRING -> ValueType.of(TEXT);
      case OBJECT_ID -> ValueType.of(OBJECT_ID);
      case DATE_TIME -> ValueType.of(ColumnType.of(Kind.TIMESTAMP));
      case UUID -> ValueType.of(ColumnType.of(Kind.UUID));
      case BINARY -> ValueType.of(ColumnType.of(Kind.BYTES));
      case OTHER, DOCUMENT, ARRAY -> ValueType.of(JSON);
    };
  }

  /** The non-null type names seen, sorted, for notes and {@code Column.sourceType}. */
  static String spelled(Map<String, Long> types) {
    Set<String> names = new TreeSet<>(types.keySet());
    return names.isEmpty() ? "nothing" : names.stream().collect(Collectors.joining(", "));
  }
}

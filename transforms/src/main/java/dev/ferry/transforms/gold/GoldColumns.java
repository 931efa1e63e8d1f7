package dev.ferry.transforms.gold;

import dev.ferry.schemas.inventory.Column;
import dev.ferry.schemas.types.ColumnType;
import dev.ferry.schemas.types.ColumnType.Kind;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.beam.sdk.schemas.Schema;
import org.apache.beam.sdk.schemas.Schema.FieldType;
import org.apache.beam.sdk.schemas.Schema.TypeName;
import org.apache.beam.sdk.schemas.logicaltypes.SqlTypes;
import org.apache.beam.vendor.calcite.v1_40_0.org.apache.calcite.rel.type.RelDataType;
import org.apache.beam.vendor.calcite.v1_40_0.org.apache.calcite.rel.type.RelDataTypeField;
import org.apache.beam.vendor.calcite.v1_40_0.org.apache.calcite.sql.type.SqlTypeName;

/**
 * Ferry's logical types ↔ what Beam SQL (Calcite) can carry.
 *
 * <p>Into SQL: Calcite's TIMESTAMP and TIME hold milliseconds, and Beam SQL rejects ferry's
 * microsecond timestamp ({@code SqlTypes.TIMESTAMP}, {@code micros_instant}) outright. So a {@code
 * timestamp} column enters as Beam {@code DATETIME} (milliseconds), a {@code timestamp_local} as
 * {@code SqlTypes.DATETIME} and a {@code time} as {@code SqlTypes.TIME} (both cut to milliseconds
 * by Beam SQL), and each of them also as {@code <name>_micros BIGINT}: epoch microseconds (UTC for
 * {@code timestamp}, the wall clock read as UTC for {@code timestamp_local}) or microseconds of the
 * day. Date functions use the first; exact values (MIN, MAX, equality) use the second.
 *
 * <p>Out of SQL: each result column gets a ferry type from Calcite's type (nullability is
 * Calcite's), unless the gold table declares one. A decimal result must be declared: Beam's DECIMAL
 * field type has no precision or scale, so Calcite sees every decimal as DECIMAL(38,0); its values
 * are exact BigDecimals, stored at the declared scale without rounding. A {@code BIGINT} result
 * declared {@code timestamp}, {@code timestamp_local} or {@code time} is read as microseconds; a
 * declared type with the same carrier ({@code json} for text, {@code decimal(p,s)} for a decimal)
 * replaces the derived one.
 */
public final class GoldColumns {

  /** The suffix of the exact microsecond companion of each time column. */
  public static final String MICROS_SUFFIX = "_micros";

  private GoldColumns() {}

  /** How one input field travels into SQL. */
  enum In {
    AS_IS,
    /** MicrosInstant → Joda DATETIME (ms) + epoch micros. */
    INSTANT,
    /** LocalDateTime kept (Beam SQL cuts to ms) + epoch micros of the wall clock as UTC. */
    LOCAL_DATE_TIME,
    /** LocalTime kept (Beam SQL cuts to ms) + micros of day. */
    LOCAL_TIME
  }

  /** How one result field becomes a ferry value. */
  enum Out {
    AS_IS,
    TINYINT_TO_SHORT,
    DECIMAL,
    JODA_TO_INSTANT,
    MICROS_TO_INSTANT,
    MICROS_TO_LOCAL_DATE_TIME,
    MICROS_TO_LOCAL_TIME
  }

  /** One result column: its ferry column and how its values are converted. */
  record Result(Column column, Out conversion, boolean millisecondTime) implements Serializable {}

  static In in(FieldType type) {
    if (type.getTypeName() != TypeName.LOGICAL_TYPE) {
      return In.AS_IS;
    }
    String id = type.getLogicalType().getIdentifier();
    if (id.equals(SqlTypes.TIMESTAMP.getIdentifier())) {
      return In.INSTANT;
    }
    if (id.equals(SqlTypes.DATETIME.getIdentifier())) {
      return In.LOCAL_DATE_TIME;
    }
    if (id.equals(SqlTypes.TIME.getIdentifier())) {
      return In.LOCAL_TIME;
    }
    return In.AS_IS;
  }

  /** The schema a silver table has inside SQL: time columns changed, their companions appended. */
  static Schema sqlSchema(String goldTable, String silverTable, Schema ferry) {
    Schema.Builder b = Schema.builder();
    List<Schema.Field> companions = new ArrayList<>();
    for (Schema.Field f : ferry.getFields()) {
      In in = in(f.getType());
      FieldType t = in == In.INSTANT ? FieldType.DATETIME : f.getType().withNullable(false);
      b.addField(Schema.Field.nullable(f.getName(), t));
      if (in != In.AS_IS) {
        String name = f.getName() + MICROS_SUFFIX;
        if (ferry.hasField(name)) {
          throw new GoldQueryException(
              "gold table "
                  + goldTable
                  + ": silver table "
                  + silverTable
                  + " has both "
                  + f.getName()
                  + " and "
                  + name
                  + "; the second name is where the SQL sees the first one's microseconds");
        }
        companions.add(Schema.Field.nullable(name, FieldType.INT64));
      }
    }
    companions.forEach(b::addField);
    return b.build();
  }

  /**
   * The ferry columns of a query result.
   *
   * @param rowType Calcite's row type (precision, scale, nullability)
   * @param beam the Beam schema Beam SQL gives the result (which timestamp carrier)
   * @param declared column name → type the gold table declares, for any column
   */
  static List<Result> results(
      String goldTable, RelDataType rowType, Schema beam, Map<String, ColumnType> declared) {
    List<Result> out = new ArrayList<>();
    List<RelDataTypeField> fields = rowType.getFieldList();
    for (String name : declared.keySet()) {
      if (rowType.getField(name, true, false) == null) {
        throw new GoldQueryException(
            "gold table "
                + goldTable
                + ": declares a type for column "
                + name
                + ", which the query does not return (it returns "
                + String.join(", ", rowType.getFieldNames())
                + ")");
      }
    }
    for (int i = 0; i < fields.size(); i++) {
      RelDataTypeField f = fields.get(i);
      out.add(result(goldTable, f, beam.getField(i).getType(), declared.get(f.getName())));
    }
    return out;
  }

  private static Result result(
      String goldTable, RelDataTypeField f, FieldType beam, ColumnType declared) {
    RelDataType t = f.getType();
    SqlTypeName sql = t.getSqlTypeName();
    ColumnType derived;
    Out conversion = Out.AS_IS;
    boolean millis = false;
    switch (sql) {
      case BOOLEAN -> derived = ColumnType.of(Kind.BOOLEAN);
      case TINYINT -> {
        derived = ColumnType.of(Kind.INT16);
        conversion = Out.TINYINT_TO_SHORT;
      }
      case SMALLINT -> derived = ColumnType.of(Kind.INT16);
      case INTEGER -> derived = ColumnType.of(Kind.INT32);
      case BIGINT -> derived = ColumnType.of(Kind.INT64);
      case FLOAT, REAL -> derived = ColumnType.of(Kind.FLOAT32);
      case DOUBLE -> derived = ColumnType.of(Kind.FLOAT64);
      case DECIMAL -> {
        // Beam's DECIMAL field type has no precision or scale, so Calcite types every decimal
        // input, and so every decimal result, DECIMAL(38,0): its scale means nothing.
        if (declared == null || declared.kind() != Kind.DECIMAL) {
          throw new GoldQueryException(
              "gold table "
                  + goldTable
                  + ": column "
                  + f.getName()
                  + " is a decimal, whose precision and scale Beam SQL does not track;"
                  + " declare its type, e.g. decimal(18,2)");
        }
        derived = declared;
        conversion = Out.DECIMAL;
      }
      case CHAR, VARCHAR -> derived = ColumnType.string(0);
      case BINARY, VARBINARY -> derived = ColumnType.of(Kind.BYTES);
      case DATE -> derived = ColumnType.of(Kind.DATE);
      case TIME -> {
        derived = ColumnType.of(Kind.TIME);
        millis = true;
      }
      case TIMESTAMP, TIMESTAMP_WITH_LOCAL_TIME_ZONE -> {
        millis = true;
        if (beam.getTypeName() == TypeName.DATETIME) {
          derived = ColumnType.of(Kind.TIMESTAMP);
          conversion = Out.JODA_TO_INSTANT;
        } else {
          derived = ColumnType.of(Kind.TIMESTAMP_LOCAL);
        }
      }
      default ->
          throw new GoldQueryException(
              "gold table "
                  + goldTable
                  + ": column "
                  + f.getName()
                  + " is "
                  + t.getFullTypeString()
                  + ", which a ferry table cannot hold; cast it to a scalar type");
    }
    ColumnType type = derived;
    if (declared != null) {
      Kind k = declared.kind();
      boolean timeFromMicros =
          sql == SqlTypeName.BIGINT
              && (k == Kind.TIMESTAMP || k == Kind.TIMESTAMP_LOCAL || k == Kind.TIME);
      if (timeFromMicros) {
        conversion =
            switch (k) {
              case TIMESTAMP -> Out.MICROS_TO_INSTANT;
              case TIMESTAMP_LOCAL -> Out.MICROS_TO_LOCAL_DATE_TIME;
              default -> Out.MICROS_TO_LOCAL_TIME;
            };
      } else if (!sameCarrier(derived, declared)) {
        throw new GoldQueryException(
            "gold table "
                + goldTable
                + ": column "
                + f.getName()
                + " is "
                + t.getFullTypeString()
                + " in SQL and cannot be declared "
                + declared
                + "; cast it in the query instead");
      }
      type = declared;
    }
    Column column = new Column(f.getName(), t.getFullTypeString(), type, t.isNullable(), null);
    return new Result(column, conversion, millis);
  }

  private static boolean sameCarrier(ColumnType derived, ColumnType declared) {
    Kind a = derived.kind();
    Kind b = declared.kind();
    if (a == b) {
      return true;
    }
    return a == Kind.STRING && (b == Kind.JSON || b == Kind.UUID);
  }

  /** The ferry columns of {@code results}, in order. */
  static List<Column> columns(List<Result> results) {
    return results.stream().map(Result::column).toList();
  }
}

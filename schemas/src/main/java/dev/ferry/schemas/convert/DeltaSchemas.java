package dev.ferry.schemas.convert;

import dev.ferry.schemas.inventory.Column;
import dev.ferry.schemas.types.ColumnType;
import io.delta.standalone.types.BinaryType;
import io.delta.standalone.types.BooleanType;
import io.delta.standalone.types.DataType;
import io.delta.standalone.types.DateType;
import io.delta.standalone.types.DecimalType;
import io.delta.standalone.types.DoubleType;
import io.delta.standalone.types.FieldMetadata;
import io.delta.standalone.types.FloatType;
import io.delta.standalone.types.IntegerType;
import io.delta.standalone.types.LongType;
import io.delta.standalone.types.ShortType;
import io.delta.standalone.types.StringType;
import io.delta.standalone.types.StructField;
import io.delta.standalone.types.StructType;
import io.delta.standalone.types.TimestampType;
import java.util.ArrayList;
import java.util.List;

/**
 * Logical columns → the Delta table schema (delta-standalone types), matching {@link AvroSchemas}
 * column for column: TIME is a string {@code HH:MM:SS.ffffff} (Delta has no time type) and
 * TIMESTAMP_LOCAL is a {@code timestamp} holding the wall-clock time as if UTC (delta-standalone
 * cannot write {@code timestamp_ntz}). INT16 is {@code short}; its Parquet column is a plain INT32,
 * which Delta Kernel and DuckDB both read back as short/integer.
 *
 * <p>Names are {@link LakeNames}; a renamed column keeps its source name in the field metadata
 * under {@link LakeNames#SOURCE_NAME_KEY} (absent means the name is unchanged). Several ferry types
 * share one Delta type (text, JSON, UUID and TIME are all {@code string}), so every field also
 * records its exact ferry type under {@link #TYPE_KEY}: a reader without the source database gets
 * the columns back with {@link #columns}.
 */
public final class DeltaSchemas {

  /** Delta field metadata key holding the column's {@link ColumnType}, as its text spelling. */
  public static final String TYPE_KEY = "ferry.type";

  /** One kind per Delta type, for tables that record none: a shared type reads as the widest. */
  private static final List<ColumnType.Kind> INFERRED =
      List.of(
          ColumnType.Kind.BOOLEAN,
          ColumnType.Kind.INT16,
          ColumnType.Kind.INT32,
          ColumnType.Kind.INT64,
          ColumnType.Kind.FLOAT32,
          ColumnType.Kind.FLOAT64,
          ColumnType.Kind.STRING,
          ColumnType.Kind.BYTES,
          ColumnType.Kind.DATE,
          ColumnType.Kind.TIMESTAMP);

  private DeltaSchemas() {}

  /**
   * The table schema: data columns, then partition columns (e.g. INT32 {@code year}, {@code month},
   * {@code day}), all nullable. Names are made unique over both lists together.
   */
  public static StructType of(List<Column> columns, List<Column> partitionColumns) {
    List<Column> all = new ArrayList<>(columns);
    all.addAll(partitionColumns);
    List<String> names = LakeNames.of(all.stream().map(Column::name).toList());
    StructField[] fields = new StructField[all.size()];
    for (int i = 0; i < all.size(); i++) {
      Column c = all.get(i);
      FieldMetadata.Builder meta = FieldMetadata.builder();
      if (!c.name().equals(names.get(i))) {
        meta.putString(LakeNames.SOURCE_NAME_KEY, c.name());
      }
      meta.putString(TYPE_KEY, c.type().toString());
      fields[i] = new StructField(names.get(i), dataType(c.type()), true, meta.build());
    }
    return new StructType(fields);
  }

  /**
   * The reverse of {@link #of}: every field of {@code schema} as a column, in schema order,
   * partition columns included. The name is the source name when the field records one, else the
   * field name; the type is the recorded ferry type when present and consistent with the Delta
   * type, else inferred from the Delta type (a table written before types were recorded: {@code
   * string} reads as text, {@code timestamp} as TIMESTAMP). Nullability is the field's.
   *
   * @throws IllegalArgumentException naming the field whose Delta type has no ferry counterpart
   */
  public static List<Column> columns(StructType schema) {
    List<Column> columns = new ArrayList<>();
    for (StructField f : schema.getFields()) {
      FieldMetadata meta = f.getMetadata();
      String name =
          meta.contains(LakeNames.SOURCE_NAME_KEY)
              ? String.valueOf(meta.get(LakeNames.SOURCE_NAME_KEY))
              : f.getName();
      columns.add(new Column(name, "", columnType(f), f.isNullable(), null));
    }
    return columns;
  }

  /** The lake names of the partition columns, as they appear in {@link #of}'s schema. */
  public static List<String> partitionNames(List<Column> columns, List<Column> partitionColumns) {
    List<String> all = new ArrayList<>();
    columns.forEach(c -> all.add(c.name()));
    partitionColumns.forEach(c -> all.add(c.name()));
    return LakeNames.of(all).subList(columns.size(), all.size());
  }

  /** A type as SQL spells it, e.g. {@code bigint}, {@code decimal(10,2)}, for messages. */
  public static String typeName(DataType type) {
    if (type instanceof DecimalType d) {
      return "decimal(" + d.getPrecision() + "," + d.getScale() + ")";
    }
    return type.getSimpleString();
  }

  private static ColumnType columnType(StructField field) {
    DataType type = field.getDataType();
    Object recorded = field.getMetadata().get(TYPE_KEY);
    if (recorded instanceof String text) {
      try {
        ColumnType parsed = ColumnType.parse(text);
        if (dataType(parsed).equals(type)) {
          return parsed;
        }
      } catch (IllegalArgumentException e) {
        // Not a spelling this version knows: the Delta type still says how to read the values.
      }
    }
    return inferred(field.getName(), type);
  }

  /** The ferry type whose values a Delta type holds, when the table records none. */
  private static ColumnType inferred(String name, DataType type) {
    if (type instanceof DecimalType d) {
      return ColumnType.decimal(d.getPrecision(), d.getScale());
    }
    for (ColumnType.Kind kind : INFERRED) {
      if (dataType(ColumnType.of(kind)).equals(type)) {
        return kind == ColumnType.Kind.STRING ? ColumnType.string(0) : ColumnType.of(kind);
      }
    }
    throw new IllegalArgumentException(
        "column " + name + " has Delta type " + typeName(type) + ", which ferry cannot read");
  }

  /** The Delta type carrying {@code type}'s values. */
  public static DataType dataType(ColumnType type) {
    return switch (type.kind()) {
      case BOOLEAN -> new BooleanType();
      case INT16 -> new ShortType();
      case INT32 -> new IntegerType();
      case INT64 -> new LongType();
      case FLOAT32 -> new FloatType();
      case FLOAT64 -> new DoubleType();
      case DECIMAL -> new DecimalType(type.precision(), type.scale());
      case STRING, JSON, UUID, TIME -> new StringType();
      case BYTES -> new BinaryType();
      case DATE -> new DateType();
      case TIMESTAMP, TIMESTAMP_LOCAL -> new TimestampType();
    };
  }
}

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
 * under {@link LakeNames#SOURCE_NAME_KEY} (absent means the name is unchanged).
 */
public final class DeltaSchemas {

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
      fields[i] = new StructField(names.get(i), dataType(c.type()), true, meta.build());
    }
    return new StructType(fields);
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

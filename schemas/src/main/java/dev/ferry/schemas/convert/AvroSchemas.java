package dev.ferry.schemas.convert;

import dev.ferry.schemas.inventory.Column;
import dev.ferry.schemas.types.ColumnType;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import org.apache.avro.LogicalTypes;
import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;

/**
 * Logical columns → the Avro record schema of lake Parquet files. Field names are {@link
 * LakeNames}; every field is a union with null first, so a missing value is always writable.
 *
 * <p>The mapping matches {@link DeltaSchemas} column for column. Two types have no exact twin:
 *
 * <ul>
 *   <li>TIME is a string {@code HH:MM:SS.ffffff}: Delta has no time-of-day type, and fixed-width
 *       text keeps microseconds and sorts in time order;
 *   <li>TIMESTAMP_LOCAL is {@code timestamp-micros} holding the wall-clock time as if it were UTC:
 *       delta-standalone has no {@code timestamp_ntz}, and reading the value back in UTC gives the
 *       original wall-clock time.
 * </ul>
 *
 * <p>Decimals are {@code fixed} with the fewest bytes their precision needs, as Parquet prefers.
 */
public final class AvroSchemas {

  private AvroSchemas() {}

  /** A record named {@code recordName} (sanitized) with one nullable field per column, in order. */
  public static Schema of(String recordName, List<Column> columns) {
    return record(recordName, columns, LakeNames.of(columns.stream().map(Column::name).toList()));
  }

  /**
   * A record like {@link #of}'s, with the fields named {@code names} (lake names, same order): a
   * reader's projection of some columns of a file keeps the names the file was written with.
   */
  public static Schema record(String recordName, List<Column> columns, List<String> names) {
    List<Schema.Field> fields = new ArrayList<>(columns.size());
    for (int i = 0; i < columns.size(); i++) {
      Schema value = valueSchema(names.get(i), columns.get(i).type());
      Schema nullable = Schema.createUnion(Schema.create(Schema.Type.NULL), value);
      fields.add(new Schema.Field(names.get(i), nullable, null, Schema.Field.NULL_DEFAULT_VALUE));
    }
    return Schema.createRecord(
        LakeNames.sanitize(recordName), null, "dev.ferry.lake", false, fields);
  }

  /**
   * The non-null Avro schema carrying {@code type}'s values. {@code fieldName} names the {@code
   * fixed} type of a decimal, since Avro named types must be unique within a record.
   */
  public static Schema valueSchema(String fieldName, ColumnType type) {
    return switch (type.kind()) {
      case BOOLEAN -> Schema.create(Schema.Type.BOOLEAN);
      case INT16, INT32 -> Schema.create(Schema.Type.INT);
      case INT64 -> Schema.create(Schema.Type.LONG);
      case FLOAT32 -> Schema.create(Schema.Type.FLOAT);
      case FLOAT64 -> Schema.create(Schema.Type.DOUBLE);
      case DECIMAL ->
          LogicalTypes.decimal(type.precision(), type.scale())
              .addToSchema(
                  SchemaBuilder.fixed(fieldName + "_decimal").size(decimalBytes(type.precision())));
      case STRING, JSON, UUID, TIME -> Schema.create(Schema.Type.STRING);
      case BYTES -> Schema.create(Schema.Type.BYTES);
      case DATE -> LogicalTypes.date().addToSchema(Schema.create(Schema.Type.INT));
      case TIMESTAMP, TIMESTAMP_LOCAL ->
          LogicalTypes.timestampMicros().addToSchema(Schema.create(Schema.Type.LONG));
    };
  }

  /** The fewest bytes whose two's complement holds every unscaled value of {@code precision}. */
  public static int decimalBytes(int precision) {
    BigInteger largest = BigInteger.TEN.pow(precision).subtract(BigInteger.ONE);
    int bytes = 1;
    while (BigInteger.ONE.shiftLeft(8 * bytes - 1).compareTo(largest) <= 0) {
      bytes++;
    }
    return bytes;
  }
}

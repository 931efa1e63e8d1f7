package dev.ferry.schemas.convert;

import dev.ferry.schemas.inventory.Column;
import dev.ferry.schemas.types.ColumnType;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.List;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericFixed;
import org.apache.avro.generic.GenericRecord;
import org.apache.beam.sdk.values.Row;

/**
 * Row values ↔ the Avro values of the schema {@link AvroSchemas} builds: the one place where a
 * ferry value becomes a lake file value, and back ({@link #fromAvro}). Values are converted to
 * Avro's raw representation (days, micros, two's complement bytes) here rather than through Avro
 * conversions, so the result does not depend on which conversions a writer's data model happens to
 * register.
 */
public final class AvroValues {

  private AvroValues() {}

  /**
   * The first {@code columns.size()} fields of {@code row} as a record of {@code schema}.
   *
   * @throws IllegalArgumentException naming the column when a value does not fit its type
   */
  public static GenericRecord record(Row row, List<Column> columns, Schema schema) {
    GenericData.Record record = new GenericData.Record(schema);
    for (int i = 0; i < columns.size(); i++) {
      Schema.Field field = schema.getFields().get(i);
      Object value = row.getValue(i);
      try {
        record.put(i, value == null ? null : toAvro(value, columns.get(i).type(), field.schema()));
      } catch (ArithmeticException | ClassCastException e) {
        throw new IllegalArgumentException(
            "column " + columns.get(i).name() + ": value does not fit " + columns.get(i).type(), e);
      }
    }
    return record;
  }

  /** One non-null value of {@code type} as Avro stores it in {@code fieldSchema}. */
  public static Object toAvro(Object value, ColumnType type, Schema fieldSchema) {
    return switch (type.kind()) {
      case BOOLEAN, INT32, INT64, FLOAT32, FLOAT64, STRING, JSON, UUID -> value;
      case INT16 -> ((Short) value).intValue();
      case DECIMAL -> decimal((BigDecimal) value, type, nonNull(fieldSchema));
      case BYTES -> ByteBuffer.wrap((byte[]) value);
      case DATE -> (int) ((LocalDate) value).toEpochDay();
      case TIME -> timeText((LocalTime) value);
      case TIMESTAMP -> micros((Instant) value);
      case TIMESTAMP_LOCAL -> micros(((LocalDateTime) value).toInstant(ZoneOffset.UTC));
    };
  }

  /**
   * The exact inverse of {@link #toAvro}: one non-null value read from a lake file (Avro's raw
   * representation, as the generic data model returns it) as the row value of {@code type}.
   */
  public static Object fromAvro(Object value, ColumnType type) {
    return switch (type.kind()) {
      case BOOLEAN, INT32, INT64, FLOAT32, FLOAT64 -> value;
      case STRING, JSON, UUID -> value.toString();
      case INT16 -> ((Integer) value).shortValue();
      case DECIMAL -> new BigDecimal(new BigInteger(unscaled(value)), type.scale());
      case BYTES -> bytes((ByteBuffer) value);
      case DATE -> LocalDate.ofEpochDay((Integer) value);
      case TIME -> LocalTime.parse(value.toString());
      case TIMESTAMP -> instant((Long) value);
      case TIMESTAMP_LOCAL -> LocalDateTime.ofInstant(instant((Long) value), ZoneOffset.UTC);
    };
  }

  /** The instant {@code micros} microseconds after the epoch (before it, when negative). */
  public static Instant instant(long micros) {
    return Instant.ofEpochSecond(
        Math.floorDiv(micros, 1_000_000L), Math.floorMod(micros, 1_000_000L) * 1000);
  }

  /** Microseconds since the epoch; sub-microsecond digits (which rows never carry) are dropped. */
  public static long micros(Instant t) {
    return Math.addExact(Math.multiplyExact(t.getEpochSecond(), 1_000_000L), t.getNano() / 1000);
  }

  /** TIME's lake spelling: {@code HH:MM:SS.ffffff}, fixed width so text order is time order. */
  public static String timeText(LocalTime t) {
    return String.format(
        "%02d:%02d:%02d.%06d", t.getHour(), t.getMinute(), t.getSecond(), t.getNano() / 1000);
  }

  private static GenericData.Fixed decimal(BigDecimal value, ColumnType type, Schema fixed) {
    BigDecimal scaled = value.setScale(type.scale());
    if (scaled.precision() > type.precision()) {
      throw new ArithmeticException(value.toPlainString() + " has too many digits for " + type);
    }
    byte[] unscaled = scaled.unscaledValue().toByteArray();
    int size = fixed.getFixedSize();
    byte[] bytes = new byte[size];
    Arrays.fill(bytes, 0, size - unscaled.length, (byte) (unscaled[0] < 0 ? 0xFF : 0x00));
    System.arraycopy(unscaled, 0, bytes, size - unscaled.length, unscaled.length);
    return new GenericData.Fixed(fixed, bytes);
  }

  private static byte[] unscaled(Object value) {
    return value instanceof GenericFixed fixed ? fixed.bytes() : bytes((ByteBuffer) value);
  }

  private static byte[] bytes(ByteBuffer buffer) {
    byte[] copy = new byte[buffer.remaining()];
    buffer.duplicate().get(copy);
    return copy;
  }

  private static Schema nonNull(Schema schema) {
    if (schema.getType() != Schema.Type.UNION) {
      return schema;
    }
    return schema.getTypes().stream()
        .filter(s -> s.getType() != Schema.Type.NULL)
        .findFirst()
        .orElseThrow();
  }
}

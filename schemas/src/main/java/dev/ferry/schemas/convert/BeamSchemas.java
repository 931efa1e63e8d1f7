package dev.ferry.schemas.convert;

import dev.ferry.schemas.inventory.Column;
import dev.ferry.schemas.types.ColumnType;
import java.util.List;
import org.apache.beam.sdk.schemas.Schema;
import org.apache.beam.sdk.schemas.Schema.FieldType;
import org.apache.beam.sdk.schemas.logicaltypes.SqlTypes;

/**
 * Logical types → Beam row schemas. Time values use java.time logical types so microseconds survive
 * (Beam's plain DATETIME is milliseconds): TIMESTAMP is {@code MicrosInstant} (Instant),
 * TIMESTAMP_LOCAL is LocalDateTime, DATE LocalDate, TIME LocalTime. Decimals are BigDecimal with
 * their scale; precision and scale stay in the column's {@link ColumnType}.
 */
public final class BeamSchemas {

  private BeamSchemas() {}

  /** A row schema with one nullable field per column, in order. */
  public static Schema of(List<Column> columns) {
    Schema.Builder b = Schema.builder();
    for (Column c : columns) {
      b.addField(Schema.Field.nullable(c.name(), fieldType(c.type())));
    }
    return b.build();
  }

  /** The Beam field type that carries {@code type}'s values. */
  public static FieldType fieldType(ColumnType type) {
    return switch (type.kind()) {
      case BOOLEAN -> FieldType.BOOLEAN;
      case INT16 -> FieldType.INT16;
      case INT32 -> FieldType.INT32;
      case INT64 -> FieldType.INT64;
      case FLOAT32 -> FieldType.FLOAT;
      case FLOAT64 -> FieldType.DOUBLE;
      case DECIMAL -> FieldType.DECIMAL;
      case STRING, JSON, UUID -> FieldType.STRING;
      case BYTES -> FieldType.BYTES;
      case DATE -> FieldType.logicalType(SqlTypes.DATE);
      case TIME -> FieldType.logicalType(SqlTypes.TIME);
      case TIMESTAMP -> FieldType.logicalType(SqlTypes.TIMESTAMP);
      case TIMESTAMP_LOCAL -> FieldType.logicalType(SqlTypes.DATETIME);
    };
  }
}

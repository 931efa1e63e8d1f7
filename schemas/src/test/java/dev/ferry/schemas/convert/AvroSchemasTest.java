package dev.ferry.schemas.convert;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.ferry.schemas.inventory.Column;
import dev.ferry.schemas.types.ColumnType;
import dev.ferry.schemas.types.ColumnType.Kind;
import java.util.Arrays;
import java.util.List;
import org.apache.avro.JsonProperties;
import org.apache.avro.LogicalTypes;
import org.apache.avro.Schema;
import org.junit.jupiter.api.Test;

class AvroSchemasTest {

  static Column col(String name, ColumnType type) {
    return new Column(name, "", type, true, null);
  }

  static List<Column> everyType() {
    return List.of(
        col("flag", ColumnType.of(Kind.BOOLEAN)),
        col("small", ColumnType.of(Kind.INT16)),
        col("qty", ColumnType.of(Kind.INT32)),
        col("id", ColumnType.of(Kind.INT64)),
        col("ratio", ColumnType.of(Kind.FLOAT32)),
        col("score", ColumnType.of(Kind.FLOAT64)),
        col("amount", ColumnType.decimal(38, 10)),
        col("price", ColumnType.decimal(10, 2)),
        col("name", ColumnType.string(40)),
        col("doc", ColumnType.of(Kind.JSON)),
        col("uid", ColumnType.of(Kind.UUID)),
        col("payload", ColumnType.of(Kind.BYTES)),
        col("born", ColumnType.of(Kind.DATE)),
        col("at", ColumnType.of(Kind.TIME)),
        col("created", ColumnType.of(Kind.TIMESTAMP)),
        col("local", ColumnType.of(Kind.TIMESTAMP_LOCAL)),
        col("Order Details", ColumnType.of(Kind.STRING)));
  }

  @Test
  void everyFieldIsNullableWithNullFirst() {
    Schema record = AvroSchemas.of("shop orders", everyType());
    assertEquals("shop_orders", record.getName());
    for (Schema.Field f : record.getFields()) {
      assertEquals(Schema.Type.UNION, f.schema().getType(), f.name());
      assertEquals(Schema.Type.NULL, f.schema().getTypes().get(0).getType(), f.name());
      assertEquals(JsonProperties.NULL_VALUE, f.defaultVal(), f.name());
    }
  }

  @Test
  void mapsEachLogicalType() {
    Schema record = AvroSchemas.of("t", everyType());
    assertEquals("boolean", value(record, "flag").getType().getName());
    assertEquals("int", value(record, "small").getType().getName());
    assertEquals("int", value(record, "qty").getType().getName());
    assertEquals("long", value(record, "id").getType().getName());
    assertEquals("float", value(record, "ratio").getType().getName());
    assertEquals("double", value(record, "score").getType().getName());
    assertEquals("string", value(record, "name").getType().getName());
    assertEquals("string", value(record, "doc").getType().getName());
    assertEquals("string", value(record, "uid").getType().getName());
    assertEquals("string", value(record, "at").getType().getName());
    assertEquals("bytes", value(record, "payload").getType().getName());
    assertEquals(LogicalTypes.date(), value(record, "born").getLogicalType());
    assertEquals(LogicalTypes.timestampMicros(), value(record, "created").getLogicalType());
    assertEquals(LogicalTypes.timestampMicros(), value(record, "local").getLogicalType());
    Schema amount = value(record, "amount");
    assertEquals(Schema.Type.FIXED, amount.getType());
    assertEquals(16, amount.getFixedSize());
    assertEquals(LogicalTypes.decimal(38, 10), amount.getLogicalType());
    assertEquals(5, value(record, "price").getFixedSize());
    assertEquals(
        Arrays.asList("Order_Details"),
        record.getFields().stream()
            .map(Schema.Field::name)
            .filter(n -> n.startsWith("Order"))
            .toList());
  }

  @Test
  void decimalBytesAreTheFewestThatHoldThePrecision() {
    assertEquals(1, AvroSchemas.decimalBytes(1));
    assertEquals(1, AvroSchemas.decimalBytes(2));
    assertEquals(2, AvroSchemas.decimalBytes(3));
    assertEquals(4, AvroSchemas.decimalBytes(9));
    assertEquals(5, AvroSchemas.decimalBytes(10));
    assertEquals(8, AvroSchemas.decimalBytes(18));
    assertEquals(16, AvroSchemas.decimalBytes(38));
  }

  @Test
  void parsesBackWithAvro() {
    Schema record = AvroSchemas.of("t", everyType());
    assertEquals(record, new Schema.Parser().parse(record.toString()));
    assertThrows(
        IllegalArgumentException.class, () -> ColumnType.decimal(39, 0), "precision is capped");
  }

  private static Schema value(Schema record, String field) {
    return record.getField(field).schema().getTypes().get(1);
  }
}

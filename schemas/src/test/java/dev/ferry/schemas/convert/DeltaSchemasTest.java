package dev.ferry.schemas.convert;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ferry.schemas.inventory.Column;
import dev.ferry.schemas.types.ColumnType;
import dev.ferry.schemas.types.ColumnType.Kind;
import io.delta.standalone.types.ArrayType;
import io.delta.standalone.types.FieldMetadata;
import io.delta.standalone.types.LongType;
import io.delta.standalone.types.StringType;
import io.delta.standalone.types.StructField;
import io.delta.standalone.types.StructType;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class DeltaSchemasTest {

  private static final List<Column> PARTITIONS =
      List.of(
          AvroSchemasTest.col("year", ColumnType.of(Kind.INT32)),
          AvroSchemasTest.col("month", ColumnType.of(Kind.INT32)),
          AvroSchemasTest.col("day", ColumnType.of(Kind.INT32)));

  @Test
  void mapsEachLogicalType() {
    StructType schema = DeltaSchemas.of(AvroSchemasTest.everyType(), PARTITIONS);
    assertEquals(
        List.of(
            "flag boolean",
            "small smallint",
            "qty int",
            "id bigint",
            "ratio float",
            "score double",
            "amount decimal(38,10)",
            "price decimal(10,2)",
            "name string",
            "doc string",
            "uid string",
            "payload binary",
            "born date",
            "at string",
            "created timestamp",
            "local timestamp",
            "Order_Details string",
            "year int",
            "month int",
            "day int"),
        Arrays.stream(schema.getFields())
            .map(f -> f.getName() + " " + DeltaSchemas.typeName(f.getDataType()))
            .toList());
    assertTrue(Arrays.stream(schema.getFields()).allMatch(StructField::isNullable));
  }

  @Test
  void keepsTheSourceNameOfRenamedColumns() {
    StructType schema = DeltaSchemas.of(AvroSchemasTest.everyType(), PARTITIONS);
    assertEquals(
        "Order Details", schema.get("Order_Details").getMetadata().get(LakeNames.SOURCE_NAME_KEY));
    assertFalse(schema.get("name").getMetadata().contains(LakeNames.SOURCE_NAME_KEY));
  }

  @Test
  void namesPartitionsUniquelyAfterTheDataColumns() {
    List<Column> data = List.of(AvroSchemasTest.col("Year", ColumnType.of(Kind.INT64)));
    assertEquals(List.of("year_2", "month", "day"), DeltaSchemas.partitionNames(data, PARTITIONS));
    assertEquals("year_2", DeltaSchemas.of(data, PARTITIONS).getFields()[1].getName());
  }

  @Test
  void readsBackFromJson() {
    StructType schema = DeltaSchemas.of(AvroSchemasTest.everyType(), PARTITIONS);
    assertEquals(schema, io.delta.standalone.types.DataType.fromJson(schema.toJson()));
  }

  @Test
  void readsTheExactColumnsBackFromTheLog() {
    List<Column> all = new ArrayList<>(AvroSchemasTest.everyType());
    all.addAll(PARTITIONS);
    StructType logged =
        (StructType)
            io.delta.standalone.types.DataType.fromJson(
                DeltaSchemas.of(AvroSchemasTest.everyType(), PARTITIONS).toJson());
    List<Column> back = DeltaSchemas.columns(logged);
    assertEquals(all.stream().map(Column::name).toList(), back.stream().map(Column::name).toList());
    assertEquals(all.stream().map(Column::type).toList(), back.stream().map(Column::type).toList());
  }

  @Test
  void infersTypesOfATableThatRecordsNone() {
    StructType bare =
        new StructType(
            Arrays.stream(DeltaSchemas.of(AvroSchemasTest.everyType(), List.of()).getFields())
                .map(f -> new StructField(f.getName(), f.getDataType(), f.isNullable()))
                .toArray(StructField[]::new));
    assertEquals(
        List.of(
            "flag boolean",
            "small smallint",
            "qty int",
            "id bigint",
            "ratio real",
            "score double",
            "amount decimal(38,10)",
            "price decimal(10,2)",
            "name text",
            "doc text",
            "uid text",
            "payload bytes",
            "born date",
            "at text",
            "created timestamp",
            "local timestamp",
            "Order_Details text"),
        DeltaSchemas.columns(bare).stream().map(c -> c.name() + " " + c.type()).toList());
  }

  @Test
  void infersWhenTheRecordedTypeContradictsTheDeltaType() {
    StructType schema =
        new StructType(
            new StructField[] {
              new StructField(
                  "n",
                  new LongType(),
                  true,
                  FieldMetadata.builder().putString(DeltaSchemas.TYPE_KEY, "text").build()),
              new StructField(
                  "m",
                  new LongType(),
                  true,
                  FieldMetadata.builder().putString(DeltaSchemas.TYPE_KEY, "no such").build())
            });
    assertEquals(
        List.of(ColumnType.of(Kind.INT64), ColumnType.of(Kind.INT64)),
        DeltaSchemas.columns(schema).stream().map(Column::type).toList());
  }

  @Test
  void refusesDeltaTypesFerryCannotCarry() {
    StructType schema =
        new StructType(
            new StructField[] {
              new StructField("tags", new ArrayType(new StringType(), true), true)
            });
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> DeltaSchemas.columns(schema));
    assertEquals("column tags has Delta type array, which ferry cannot read", e.getMessage());
  }
}

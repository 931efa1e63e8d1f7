package dev.ferry.schemas.convert;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ferry.schemas.inventory.Column;
import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.apache.avro.Conversions;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.beam.sdk.values.Row;
import org.junit.jupiter.api.Test;

class AvroValuesTest {

  private static final List<Column> COLUMNS = AvroSchemasTest.everyType();
  private static final Schema AVRO = AvroSchemas.of("t", COLUMNS);

  @Test
  void convertsEveryTypeToItsRawAvroValue() {
    Row row = everyValue();
    GenericRecord r = AvroValues.record(row, COLUMNS, AVRO);
    assertEquals(GenericData.get().validate(AVRO, r), true);
    assertEquals(-7, r.get("small"));
    assertEquals(-1, r.get("born"));
    assertEquals("23:59:59.999999", r.get("at"));
    assertEquals(-1L, r.get("created"));
    assertEquals(1_709_600_523_000_004L, r.get("local"));
    assertArrayEquals(new byte[] {0, -1, 127}, ((ByteBuffer) r.get("payload")).array());
    assertEquals(new BigDecimal("-1234567890123456789012345678.0123456789"), decimal(r, "amount"));
    assertEquals(new BigDecimal("-0.01"), decimal(r, "price"));
    assertEquals("Zoë ✓ 日本 😀", r.get("name"));
  }

  @Test
  void keepsNulls() {
    List<Object> nulls = new ArrayList<>(Collections.nCopies(COLUMNS.size(), null));
    Row row = Row.withSchema(BeamSchemas.of(COLUMNS)).addValues(nulls).build();
    GenericRecord r = AvroValues.record(row, COLUMNS, AVRO);
    for (Schema.Field f : AVRO.getFields()) {
      assertNull(r.get(f.name()), f.name());
    }
  }

  @Test
  void padsDecimalsToTheFixedSize() {
    Schema price = AVRO.getField("price").schema().getTypes().get(1);
    GenericData.Fixed one =
        (GenericData.Fixed) AvroValues.toAvro(new BigDecimal("1.5"), COLUMNS.get(7).type(), price);
    assertArrayEquals(new byte[] {0, 0, 0, 0, (byte) 150}, one.bytes());
  }

  @Test
  void refusesDecimalsThatDoNotFit() {
    Schema price = AVRO.getField("price").schema().getTypes().get(1);
    assertThrows(
        ArithmeticException.class,
        () -> AvroValues.toAvro(new BigDecimal("123456789.00"), COLUMNS.get(7).type(), price));
    assertThrows(
        ArithmeticException.class,
        () -> AvroValues.toAvro(new BigDecimal("1.005"), COLUMNS.get(7).type(), price));
  }

  @Test
  void timeTextIsFixedWidth() {
    assertEquals("00:00:00.000000", AvroValues.timeText(LocalTime.MIDNIGHT));
    assertEquals("09:05:01.000120", AvroValues.timeText(LocalTime.of(9, 5, 1, 120_000)));
    assertTrue(
        AvroValues.timeText(LocalTime.of(9, 0)).compareTo(AvroValues.timeText(LocalTime.of(10, 0)))
            < 0);
  }

  @Test
  void fromAvroInvertsToAvroForEveryType() {
    Row row = everyValue();
    GenericRecord r = AvroValues.record(row, COLUMNS, AVRO);
    for (int i = 0; i < COLUMNS.size(); i++) {
      Object back = AvroValues.fromAvro(r.get(i), COLUMNS.get(i).type());
      if (back instanceof byte[] bytes) {
        assertArrayEquals((byte[]) row.getValue(i), bytes, COLUMNS.get(i).name());
      } else {
        assertEquals(row.getValue(i), back, COLUMNS.get(i).name());
      }
    }
  }

  @Test
  void readsDecimalsWithTheirScaleAndTimesBeforeTheEpoch() {
    assertEquals(
        new BigDecimal("-0.01"),
        AvroValues.fromAvro(ByteBuffer.wrap(new byte[] {-1}), COLUMNS.get(7).type()));
    assertEquals(Instant.parse("1969-12-31T23:59:59.999999Z"), AvroValues.instant(-1));
  }

  private static Row everyValue() {
    return Row.withSchema(BeamSchemas.of(COLUMNS))
        .addValues(
            true,
            (short) -7,
            42,
            9_000_000_000L,
            1.5f,
            -2.25,
            new BigDecimal("-1234567890123456789012345678.0123456789"),
            new BigDecimal("-0.01"),
            "Zoë ✓ 日本 😀",
            "{\"a\":1}",
            "123e4567-e89b-12d3-a456-426614174000",
            new byte[] {0, -1, 127},
            LocalDate.of(1969, 12, 31),
            LocalTime.of(23, 59, 59, 999_999_000),
            Instant.parse("1969-12-31T23:59:59.999999Z"),
            LocalDateTime.of(2024, 3, 5, 1, 2, 3, 4_000),
            "x")
        .build();
  }

  private static BigDecimal decimal(GenericRecord r, String field) {
    Schema fixed = AVRO.getField(field).schema().getTypes().get(1);
    return new Conversions.DecimalConversion()
        .fromFixed((GenericData.Fixed) r.get(field), fixed, fixed.getLogicalType());
  }
}

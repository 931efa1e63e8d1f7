package dev.ferry.schemas.mysql;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ferry.schemas.types.ColumnType;
import dev.ferry.schemas.types.ValueRejected;
import java.math.BigDecimal;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The conversions behind the readers, without a server. */
class MysqlValuesTest {

  private static final ColumnType TEXT = ColumnType.string(0);

  @Test
  void zeroDates() {
    assertTrue(MysqlValues.isZeroDate("0000-00-00"));
    assertTrue(MysqlValues.isZeroDate("0000-00-00 00:00:00.000000"));
    assertTrue(MysqlValues.isZeroDate("2024-00-15"));
    assertTrue(MysqlValues.isZeroDate("2024-02-00 10:00:00"));
    assertFalse(MysqlValues.isZeroDate("0000-01-01"));
    assertFalse(MysqlValues.isZeroDate("2024-10-20"));
    assertFalse(MysqlValues.isZeroDate("2024-01-01 00:00:00"));
  }

  @Test
  void setsBecomePostgresArrayLiterals() {
    assertEquals("{}", MysqlValues.setArray(""));
    assertEquals("{\"a\"}", MysqlValues.setArray("a"));
    assertEquals("{\"a\",\"b c\"}", MysqlValues.setArray("a,b c"));
    assertEquals(
        "{\"say \\\"hi\\\"\",\"back\\\\slash\",\"{}\",\"NULL\",\"\"}",
        MysqlValues.setArray("say \"hi\",back\\slash,{},NULL,"));
  }

  @Test
  void setsCastToJsonAreArrays() {
    assertEquals("[]", MysqlValues.setJson(""));
    assertEquals("[\"a\",\"w\\\"v\",\"t\\u0009\"]", MysqlValues.setJson("a,w\"v,t\t"));
  }

  @Test
  void booleansFromTinyint1AreZeroOrOne() throws ValueRejected {
    ColumnType bool = ColumnType.parse("boolean");
    assertEquals(true, MysqlValues.fromInteger(1, bool));
    assertEquals(false, MysqlValues.fromInteger(0, bool));
    ValueRejected e = assertThrows(ValueRejected.class, () -> MysqlValues.fromInteger(5, bool));
    assertEquals(
        "5 is not a boolean (expected 0 or 1): cast the column to smallint to keep it",
        e.getMessage());
  }

  @Test
  void bits() throws ValueRejected {
    ColumnType bool = ColumnType.parse("boolean");
    assertEquals(true, MysqlValues.fromBits(new byte[] {1}, 1, bool));
    assertEquals(false, MysqlValues.fromBits(new byte[] {0}, 1, bool));
    assertEquals(
        "bit value b'10' is not a boolean (expected b'0' or b'1')",
        assertThrows(ValueRejected.class, () -> MysqlValues.fromBits(new byte[] {2}, 2, bool))
            .getMessage());
    assertArrayEquals(
        new byte[] {1, 2},
        (byte[]) MysqlValues.fromBits(new byte[] {1, 2}, 10, ColumnType.parse("bytes")));
    assertEquals("0100000010", MysqlValues.fromBits(new byte[] {1, 2}, 10, TEXT));
    assertEquals(258L, MysqlValues.fromBits(new byte[] {1, 2}, 10, ColumnType.parse("bigint")));
  }

  @Test
  void floatsArriveWidenedAndNarrowExactly() throws ValueRejected {
    assertEquals(0.1f, MysqlValues.fromFloat("0.10000000149011612", ColumnType.parse("real")));
    assertEquals("0.1", MysqlValues.fromFloat("0.10000000149011612", TEXT));
    assertEquals(
        new BigDecimal("0.10"),
        MysqlValues.fromFloat("0.10000000149011612", ColumnType.parse("decimal(5,2)")));
  }

  @Test
  void unsignedBigints() throws ValueRejected {
    assertEquals(
        new BigDecimal("18446744073709551615"),
        MysqlValues.fromUnsigned("18446744073709551615", ColumnType.decimal(20, 0)));
    assertEquals(7L, MysqlValues.fromUnsigned("7", ColumnType.parse("bigint")));
    assertEquals("18446744073709551615", MysqlValues.fromUnsigned("18446744073709551615", TEXT));
  }

  @Test
  void enumErrorValueIsRejectedUnlessItIsALabel() throws ValueRejected {
    assertThrows(
        ValueRejected.class,
        () -> MysqlValues.fromEnum("", List.of("a", "b"), TEXT, ZoneOffset.UTC));
    assertEquals("", MysqlValues.fromEnum("", List.of("", "a"), TEXT, ZoneOffset.UTC));
    assertEquals("a", MysqlValues.fromEnum("a", List.of("a"), TEXT, ZoneOffset.UTC));
  }

  @Test
  void timesOfDayOnly() throws ValueRejected {
    ColumnType time = ColumnType.parse("time");
    assertEquals(
        LocalTime.of(23, 59, 59, 999_999_000),
        MysqlValues.fromTime("23:59:59.999999", time, ZoneOffset.UTC));
    assertEquals(LocalTime.MIDNIGHT, MysqlValues.fromTime("00:00:00", time, ZoneOffset.UTC));
    for (String outside : new String[] {"24:00:00", "-00:00:01", "100:00:00", "838:59:59"}) {
      ValueRejected e =
          assertThrows(
              ValueRejected.class, () -> MysqlValues.fromTime(outside, time, ZoneOffset.UTC));
      assertTrue(e.getMessage().startsWith("'" + outside + "' is not a time of day"), outside);
    }
    assertEquals("838:59:59", MysqlValues.fromTime("838:59:59", TEXT, ZoneOffset.UTC));
  }

  @Test
  void binary16AsUuid() throws ValueRejected {
    byte[] bytes = new byte[16];
    bytes[15] = 1;
    assertEquals(
        "00000000-0000-0000-0000-000000000001",
        MysqlValues.fromBinary(bytes, ColumnType.parse("uuid"), ZoneOffset.UTC, null));
  }
}

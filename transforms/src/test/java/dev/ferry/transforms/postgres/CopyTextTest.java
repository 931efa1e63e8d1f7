package dev.ferry.transforms.postgres;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ferry.schemas.convert.BeamSchemas;
import dev.ferry.schemas.inventory.Column;
import dev.ferry.schemas.types.ColumnType;
import dev.ferry.schemas.types.ColumnType.Kind;
import dev.ferry.schemas.types.ValueRejected;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.util.List;
import org.apache.beam.sdk.values.Row;
import org.junit.jupiter.api.Test;

class CopyTextTest {

  private static Column column(String name, ColumnType type) {
    return new Column(name, "", type, true, null);
  }

  private static String encode(List<Column> columns, NulBytes nul, Object... values)
      throws ValueRejected {
    Row row = Row.withSchema(BeamSchemas.of(columns)).addValues(values).build();
    return new String(new CopyText(columns, nul).encode(row), StandardCharsets.UTF_8);
  }

  private static String one(ColumnType type, Object value) throws ValueRejected {
    return encode(List.of(column("c", type)), NulBytes.REJECT, value);
  }

  @Test
  void escapesTheFourSpecialCharactersOfText() throws ValueRejected {
    assertEquals("a\\\\b\\tc\\nd\\re \\\\N", one(ColumnType.string(0), "a\\b\tc\nd\re \\N"));
  }

  @Test
  void writesNullAsBackslashN() throws ValueRejected {
    List<Column> columns =
        List.of(column("a", ColumnType.string(0)), column("b", ColumnType.of(Kind.INT32)));
    assertEquals("\\N\t\\N", encode(columns, NulBytes.REJECT, null, null));
    assertEquals("\t7", encode(columns, NulBytes.REJECT, "", 7));
  }

  @Test
  void spellsEachTypeTheServersWay() throws ValueRejected {
    assertEquals("t", one(ColumnType.of(Kind.BOOLEAN), true));
    assertEquals("-32768", one(ColumnType.of(Kind.INT16), Short.MIN_VALUE));
    assertEquals("NaN", one(ColumnType.of(Kind.FLOAT64), Double.NaN));
    assertEquals("-Infinity", one(ColumnType.of(Kind.FLOAT32), Float.NEGATIVE_INFINITY));
    assertEquals(
        "10000000000000000000.00",
        one(ColumnType.decimal(22, 2), new BigDecimal("1E+19").setScale(2)));
    assertEquals("\\\\x00ff10", one(ColumnType.of(Kind.BYTES), new byte[] {0, -1, 16}));
    assertEquals("2024-02-29", one(ColumnType.of(Kind.DATE), LocalDate.of(2024, 2, 29)));
    assertEquals("0044-03-15 BC", one(ColumnType.of(Kind.DATE), LocalDate.of(-43, 3, 15)));
    assertEquals("00:00:00.000001", one(ColumnType.of(Kind.TIME), LocalTime.of(0, 0, 0, 1000)));
    assertEquals(
        "2024-01-02 03:04:05.123456+00",
        one(ColumnType.of(Kind.TIMESTAMP), Instant.parse("2024-01-02T03:04:05.123456Z")));
    assertEquals(
        "0001-12-31 23:59:59.999999+00 BC",
        one(ColumnType.of(Kind.TIMESTAMP), Instant.parse("0000-12-31T23:59:59.999999Z")));
    assertEquals(
        "9999-12-31 23:59:59.000000",
        one(ColumnType.of(Kind.TIMESTAMP_LOCAL), LocalDateTime.of(9999, 12, 31, 23, 59, 59)));
  }

  @Test
  void keepsEmojiAsUtf8() throws ValueRejected {
    assertEquals("ok 🚢 ñ", one(ColumnType.string(0), "ok 🚢 ñ"));
  }

  @Test
  void rejectsOrStripsNul() throws ValueRejected {
    ValueRejected e = assertThrows(ValueRejected.class, () -> one(ColumnType.string(0), "a\0b"));
    assertTrue(e.getMessage().startsWith("c: text contains a NUL character"), e.getMessage());
    assertEquals("ab", encode(List.of(column("c", ColumnType.string(0))), NulBytes.STRIP, "a\0b"));
  }

  @Test
  void rejectsUnpairedSurrogates() {
    ValueRejected e =
        assertThrows(ValueRejected.class, () -> one(ColumnType.of(Kind.JSON), "\"\uD83D\""));
    assertTrue(e.getMessage().contains("unpaired UTF-16 surrogate at offset 1"), e.getMessage());
  }
}

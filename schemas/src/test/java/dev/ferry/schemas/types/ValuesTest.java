package dev.ferry.schemas.types;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ferry.schemas.types.ColumnType.Kind;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class ValuesTest {

  private static final ZoneId UTC = ZoneOffset.UTC;
  private static final ZoneId PARIS = ZoneId.of("Europe/Paris");

  private static final ColumnType BOOLEAN = ColumnType.of(Kind.BOOLEAN);
  private static final ColumnType SMALLINT = ColumnType.of(Kind.INT16);
  private static final ColumnType INT = ColumnType.of(Kind.INT32);
  private static final ColumnType BIGINT = ColumnType.of(Kind.INT64);
  private static final ColumnType REAL = ColumnType.of(Kind.FLOAT32);
  private static final ColumnType DOUBLE = ColumnType.of(Kind.FLOAT64);
  private static final ColumnType TEXT = ColumnType.string(0);
  private static final ColumnType JSON = ColumnType.of(Kind.JSON);
  private static final ColumnType UUID = ColumnType.of(Kind.UUID);
  private static final ColumnType BYTES = ColumnType.of(Kind.BYTES);
  private static final ColumnType DATE = ColumnType.of(Kind.DATE);
  private static final ColumnType TIME = ColumnType.of(Kind.TIME);
  private static final ColumnType TIMESTAMP = ColumnType.of(Kind.TIMESTAMP);
  private static final ColumnType TIMESTAMP_LOCAL = ColumnType.of(Kind.TIMESTAMP_LOCAL);

  private static Object text(String value, ColumnType type) throws ValueRejected {
    return Values.fromText(value, type, UTC);
  }

  private static String rejectedText(String value, ColumnType type) {
    return rejectedText(value, type, UTC);
  }

  private static String rejectedText(String value, ColumnType type, ZoneId zone) {
    return assertThrows(ValueRejected.class, () -> Values.fromText(value, type, zone)).getMessage();
  }

  private static void assertContains(String message, String... words) {
    for (String word : words) {
      assertTrue(message.contains(word), () -> "'" + message + "' should mention '" + word + "'");
    }
  }

  @Nested
  class Integers {

    @Test
    void textBecomesTheColumnsJavaType() throws ValueRejected {
      assertEquals(Short.valueOf((short) 42), text("42", SMALLINT));
      assertEquals(Integer.valueOf(42), text("42", INT));
      assertEquals(Long.valueOf(42), text("42", BIGINT));
      assertInstanceOf(Short.class, text("42", SMALLINT));
      assertInstanceOf(Integer.class, text("42", INT));
      assertInstanceOf(Long.class, text("42", BIGINT));
    }

    @ParameterizedTest
    @ValueSource(
        strings = {"42", " 42 ", "\t42\n", "+42", "42.0", "42.000", "4.2e1", "4.2E+1", "0042"})
    void acceptsEveryExactSpellingOfAnInteger(String spelling) throws ValueRejected {
      assertEquals(42, text(spelling, INT));
    }

    @Test
    void acceptsNegativeNumbers() throws ValueRejected {
      assertEquals(-42, text("-42", INT));
      assertEquals(-42, text("-42.0", INT));
    }

    @ParameterizedTest
    @ValueSource(strings = {"42.5", "0.1", "-1.5", "4.25e1"})
    void rejectsFractions(String spelling) {
      assertContains(rejectedText(spelling, INT), "is not an integer");
    }

    @ParameterizedTest
    @ValueSource(
        strings = {
          "abc",
          "",
          "  ",
          "4 2",
          "42abc",
          "0x2A",
          "1,000",
          ".",
          "NaN",
          "inf",
          "-inf",
          "Infinity"
        })
    void rejectsNonNumbers(String spelling) {
      assertContains(rejectedText(spelling, INT), "is not an integer");
    }

    @Test
    void rangeOfSmallint() throws ValueRejected {
      assertEquals((short) 32767, text("32767", SMALLINT));
      assertEquals((short) -32768, text("-32768", SMALLINT));
      assertContains(rejectedText("32768", SMALLINT), "32768", "out of range", "smallint");
      assertContains(rejectedText("-32769", SMALLINT), "out of range", "smallint");
      assertEquals((short) 32767, Values.fromLong(32767, SMALLINT));
      assertThrows(ValueRejected.class, () -> Values.fromLong(32768, SMALLINT));
      assertThrows(ValueRejected.class, () -> Values.fromLong(-32769, SMALLINT));
    }

    @Test
    void rangeOfInt() throws ValueRejected {
      assertEquals(Integer.MAX_VALUE, text("2147483647", INT));
      assertEquals(Integer.MIN_VALUE, text("-2147483648", INT));
      assertContains(rejectedText("2147483648", INT), "out of range", "int");
      assertContains(rejectedText("-2147483649", INT), "out of range", "int");
      assertEquals(Integer.MAX_VALUE, Values.fromLong(Integer.MAX_VALUE, INT));
      assertThrows(ValueRejected.class, () -> Values.fromLong(Integer.MAX_VALUE + 1L, INT));
      assertThrows(ValueRejected.class, () -> Values.fromLong(Integer.MIN_VALUE - 1L, INT));
    }

    @Test
    void rangeOfBigint() throws ValueRejected {
      assertEquals(Long.MAX_VALUE, text("9223372036854775807", BIGINT));
      assertEquals(Long.MIN_VALUE, text("-9223372036854775808", BIGINT));
      assertContains(rejectedText("9223372036854775808", BIGINT), "out of range", "bigint");
      assertContains(rejectedText("99999999999999999999", SMALLINT), "out of range", "smallint");
      assertContains(rejectedText("9223372036854775808.0", BIGINT), "bigint");
      assertContains(rejectedText("1e19", BIGINT), "bigint");
    }

    @Test
    void hugeExponentsAreRejectedNotThrown() {
      assertContains(rejectedText("1e99999999999", INT), "out of range");
      assertContains(rejectedText("1e999999999", BIGINT), "bigint");
    }

    @Test
    void fromDoubleNeedsAnIntegralFiniteValue() throws ValueRejected {
      assertEquals(3, Values.fromDouble(3.0, INT));
      assertEquals((short) -7, Values.fromDouble(-7.0, SMALLINT));
      assertEquals(10_000_000_000L, Values.fromDouble(1e10, BIGINT));
      assertContains(
          assertThrows(ValueRejected.class, () -> Values.fromDouble(3.5, INT)).getMessage(),
          "not an integer");
      assertContains(
          assertThrows(ValueRejected.class, () -> Values.fromDouble(Double.NaN, INT)).getMessage(),
          "not a finite number");
      assertThrows(ValueRejected.class, () -> Values.fromDouble(Double.POSITIVE_INFINITY, BIGINT));
      assertThrows(ValueRejected.class, () -> Values.fromDouble(1e10, INT));
    }

    @Test
    void fromDecimalNeedsAnIntegralValueInRange() throws ValueRejected {
      assertEquals(5, Values.fromDecimal(new BigDecimal("5.000"), INT));
      assertEquals(1000L, Values.fromDecimal(new BigDecimal("1E+3"), BIGINT));
      assertContains(
          assertThrows(ValueRejected.class, () -> Values.fromDecimal(new BigDecimal("5.01"), INT))
              .getMessage(),
          "5.01",
          "not an integer");
      assertThrows(
          ValueRejected.class, () -> Values.fromDecimal(new BigDecimal("40000"), SMALLINT));
    }
  }

  @Nested
  class Booleans {

    @ParameterizedTest
    @ValueSource(strings = {"true", "TRUE", "t", "T", "yes", "YES", "y", "on", "1", " yes "})
    void trueSpellings(String spelling) throws ValueRejected {
      assertEquals(Boolean.TRUE, text(spelling, BOOLEAN));
    }

    @ParameterizedTest
    @ValueSource(strings = {"false", "False", "f", "no", "NO", "n", "off", "0"})
    void falseSpellings(String spelling) throws ValueRejected {
      assertEquals(Boolean.FALSE, text(spelling, BOOLEAN));
    }

    @ParameterizedTest
    @ValueSource(strings = {"maybe", "2", "-1", "", "tru", "1.0", "yess"})
    void rejectsEverythingElse(String spelling) {
      assertContains(rejectedText(spelling, BOOLEAN), "is not a boolean");
    }

    @Test
    void integersZeroAndOneOnly() throws ValueRejected {
      assertEquals(Boolean.FALSE, Values.fromLong(0, BOOLEAN));
      assertEquals(Boolean.TRUE, Values.fromLong(1, BOOLEAN));
      String message =
          assertThrows(ValueRejected.class, () -> Values.fromLong(2, BOOLEAN)).getMessage();
      assertContains(message, "2", "not a boolean", "0 or 1");
      assertThrows(ValueRejected.class, () -> Values.fromLong(-1, BOOLEAN));
    }

    @Test
    void floatingPointIsNotABoolean() {
      assertThrows(ValueRejected.class, () -> Values.fromDouble(1.0, BOOLEAN));
    }
  }

  @Nested
  class Floats {

    @Test
    void textBecomesDoubleOrFloat() throws ValueRejected {
      assertEquals(Double.valueOf(1.5), text("1.5", DOUBLE));
      assertEquals(Float.valueOf(1.5f), text("1.5", REAL));
      assertEquals(Double.valueOf(-2.5e-3), text(" -2.5e-3 ", DOUBLE));
      assertEquals(Double.valueOf(42), text("42", DOUBLE));
    }

    @Test
    void nanAndInfinities() throws ValueRejected {
      assertTrue(Double.isNaN((Double) text("NaN", DOUBLE)));
      assertTrue(Float.isNaN((Float) text("NaN", REAL)));
      assertEquals(Double.POSITIVE_INFINITY, text("inf", DOUBLE));
      assertEquals(Double.NEGATIVE_INFINITY, text("-inf", DOUBLE));
      assertEquals(Double.POSITIVE_INFINITY, text("Infinity", DOUBLE));
      assertEquals(Double.NEGATIVE_INFINITY, text("-Infinity", DOUBLE));
      assertEquals(Float.POSITIVE_INFINITY, text("inf", REAL));
      assertEquals(Float.NEGATIVE_INFINITY, Values.fromDouble(Double.NEGATIVE_INFINITY, REAL));
    }

    @ParameterizedTest
    @ValueSource(strings = {"abc", "", "1.2.3", "nan", "1e", "--1", "1,5"})
    void rejectsNonNumbers(String spelling) {
      assertContains(rejectedText(spelling, DOUBLE), "is not a number");
    }

    @Test
    void finiteTextThatWouldBecomeInfiniteOrZeroIsRejected() throws ValueRejected {
      assertContains(rejectedText("1e400", DOUBLE), "1e400", "out of range", "double");
      assertContains(rejectedText("-1e400", DOUBLE), "out of range");
      assertContains(rejectedText("1e-400", DOUBLE), "out of range");
      assertContains(rejectedText("1e39", REAL), "out of range", "real");
      assertContains(rejectedText("1e-50", REAL), "out of range", "real");
      assertEquals(0.0, text("0e400", DOUBLE));
      assertEquals(0.0, text("0.000", DOUBLE));
    }

    @Test
    void realRange() throws ValueRejected {
      assertEquals(Float.MAX_VALUE, Values.fromDouble(Float.MAX_VALUE, REAL));
      assertThrows(ValueRejected.class, () -> Values.fromDouble(1e39, REAL));
      assertThrows(ValueRejected.class, () -> Values.fromDouble(-1e39, REAL));
      assertThrows(ValueRejected.class, () -> Values.fromDecimal(new BigDecimal("1e400"), DOUBLE));
    }

    @Test
    void integersAndDecimalsBecomeFloats() throws ValueRejected {
      assertEquals(Double.valueOf(7), Values.fromLong(7, DOUBLE));
      assertEquals(Float.valueOf(7), Values.fromLong(7, REAL));
      assertEquals(Double.valueOf(1.25), Values.fromDecimal(new BigDecimal("1.25"), DOUBLE));
      assertEquals(Float.valueOf(1.25f), Values.fromDecimal(new BigDecimal("1.25"), REAL));
      assertEquals(Double.valueOf(2.5), Values.fromDouble(2.5, DOUBLE));
    }
  }

  @Nested
  class Decimals {

    private final ColumnType money = ColumnType.decimal(5, 2);

    @Test
    void resultCarriesTheColumnsScale() throws ValueRejected {
      assertEquals(new BigDecimal("123.40"), text("123.4", money));
      assertEquals(new BigDecimal("5.00"), text("5", money));
      assertEquals(new BigDecimal("-0.50"), text("-.5", money));
      assertEquals(new BigDecimal("0.00"), text("0", money));
      assertEquals(2, ((BigDecimal) text("1", money)).scale());
      assertEquals(new BigDecimal("7.00"), Values.fromLong(7, money));
      assertEquals(new BigDecimal("0.10"), Values.fromDouble(0.1, money));
    }

    @ParameterizedTest
    @ValueSource(strings = {"1.5000", "1.50", "1.500000000", " 1.5 ", "15e-1", "0.15E1"})
    void trailingZerosAreNotALoss(String spelling) throws ValueRejected {
      assertEquals(new BigDecimal("1.50"), text(spelling, money));
    }

    @Test
    void tooManyPlacesNamesTheType() {
      String message = rejectedText("1.234", money);
      assertContains(message, "1.234", "more than 2 decimal places", "decimal(5,2)");
      assertContains(
          assertThrows(ValueRejected.class, () -> Values.fromDouble(0.125, money)).getMessage(),
          "decimal places",
          "decimal(5,2)");
    }

    @Test
    void tooManyDigitsNamesTheType() {
      assertContains(rejectedText("1234.5", money), "1234.5", "too many digits", "decimal(5,2)");
      assertContains(rejectedText("-1000", money), "too many digits");
      assertContains(rejectedText("1e3", money), "too many digits");
      assertContains(rejectedText("1", ColumnType.decimal(2, 2)), "too many digits");
      assertContains(
          assertThrows(ValueRejected.class, () -> Values.fromLong(123456, money)).getMessage(),
          "too many digits",
          "decimal(5,2)");
    }

    @Test
    void boundsAreInclusive() throws ValueRejected {
      assertEquals(new BigDecimal("999.99"), text("999.99", money));
      assertEquals(new BigDecimal("-999.99"), text("-999.99", money));
      assertEquals(new BigDecimal("0.99"), text(".99", ColumnType.decimal(2, 2)));
      String max38 = "9".repeat(38);
      assertEquals(new BigDecimal(max38), text(max38, ColumnType.decimal(38, 0)));
      assertContains(
          rejectedText("1" + "0".repeat(38), ColumnType.decimal(38, 0)), "too many digits");
    }

    @ParameterizedTest
    @ValueSource(strings = {"NaN", "inf", "-inf", "Infinity", "abc", "", "1.2.3", "12,5"})
    void rejectsNonNumbers(String spelling) {
      assertContains(rejectedText(spelling, money), "is not a decimal number");
    }

    @Test
    void hugeExponentsAreRejectedQuickly() {
      // must not expand 10^999999999 in memory, nor throw NumberFormatException
      assertContains(rejectedText("1e999999999", money), "too many digits", "1E+999999999");
      assertContains(rejectedText("1e-999999999", money), "decimal places");
      assertContains(rejectedText("1e99999999999", money), "out of range");
      assertEquals(new BigDecimal("0.00"), assertDoesNotThrowText("0e-999999999", money));
    }

    private Object assertDoesNotThrowText(String value, ColumnType type) {
      try {
        return text(value, type);
      } catch (ValueRejected e) {
        throw new AssertionError(e.getMessage(), e);
      }
    }

    @Test
    void infiniteDoubleIsNotADecimal() {
      assertContains(
          assertThrows(ValueRejected.class, () -> Values.fromDouble(Double.NaN, money))
              .getMessage(),
          "not a finite number",
          "decimal(5,2)");
    }
  }

  @Nested
  class Text {

    @Test
    void keepsTheTextAsIsIncludingBlanks() throws ValueRejected {
      assertEquals("  padded  ", text("  padded  ", TEXT));
      assertEquals("", text("", TEXT));
    }

    @Test
    void varcharCountsCodePointsNotUtf16Units() throws ValueRejected {
      ColumnType three = ColumnType.string(3);
      String emoji = "a\uD83D\uDE00b"; // a😀b: 4 UTF-16 units, 3 characters
      assertEquals(4, emoji.length());
      assertEquals(emoji, text(emoji, three));
      assertEquals("héé", text("héé", three));
      String message = rejectedText(emoji + "c", three);
      assertContains(message, "4 characters", "varchar(3)");
    }

    @Test
    void unboundedTextTakesAnyLength() throws ValueRejected {
      String big = "x".repeat(100_000);
      assertEquals(big, text(big, TEXT));
    }

    @Test
    void numbersBecomeTextWithinTheLimit() throws ValueRejected {
      assertEquals("12345", Values.fromLong(12345, TEXT));
      assertEquals("1.5", Values.fromDouble(1.5, TEXT));
      assertEquals("100", Values.fromDecimal(new BigDecimal("1E+2"), TEXT));
      assertThrows(ValueRejected.class, () -> Values.fromLong(12345, ColumnType.string(4)));
    }
  }

  @Nested
  class Json {

    @ParameterizedTest
    @ValueSource(
        strings = {
          "{}",
          "[]",
          "{\"a\":[1,2,{\"b\":null}]}",
          "42",
          "\"s\"",
          "null",
          "true",
          " {\"a\":1} "
        })
    void keepsValidDocumentsUnchanged(String document) throws ValueRejected {
      assertEquals(document, text(document, JSON));
    }

    @ParameterizedTest
    @ValueSource(strings = {"{", "{a:1}", "{'a':1}", "[1,]", "nope", "{\"a\":1,\"a\":2}"})
    void rejectsInvalidDocuments(String document) {
      assertContains(rejectedText(document, JSON), "not valid JSON");
    }

    @Test
    void rejectsTrailingContent() {
      assertContains(rejectedText("{} {}", JSON), "not one JSON document", "extra content");
      assertContains(rejectedText("[1] [2]", JSON), "extra content");
      assertContains(rejectedText("{} x", JSON), "JSON");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "   ", "\n"})
    void rejectsEmptyText(String document) {
      assertContains(rejectedText(document, JSON), "empty", "JSON");
    }
  }

  @Nested
  class Uuids {

    @Test
    void normalizesToLowerCase() throws ValueRejected {
      assertEquals(
          "123e4567-e89b-12d3-a456-426614174000",
          text(" 123E4567-E89B-12D3-A456-426614174000 ", UUID));
    }

    @ParameterizedTest
    @ValueSource(
        strings = {
          "123e4567e89b12d3a456426614174000",
          "{123e4567-e89b-12d3-a456-426614174000}",
          "123e4567-e89b-12d3-a456-42661417400",
          "123e4567-e89b-12d3-a456-4266141740000",
          "g23e4567-e89b-12d3-a456-426614174000",
          "+0000000-0000-0000-0000-000000000000",
          "1-1-1-1-1",
          "",
        })
    void rejectsAnythingButTheCanonicalForm(String spelling) {
      assertContains(rejectedText(spelling, UUID), "is not a UUID");
    }

    @Test
    void integersAreNotUuids() {
      assertThrows(ValueRejected.class, () -> Values.fromLong(1, UUID));
    }
  }

  @Nested
  class Bytes {

    @Test
    void textBecomesItsUtf8Bytes() throws ValueRejected {
      assertArrayEquals("é€".getBytes(StandardCharsets.UTF_8), (byte[]) text("é€", BYTES));
    }

    @Test
    void numbersAreNotBytes() {
      assertThrows(ValueRejected.class, () -> Values.fromLong(1, BYTES));
      assertThrows(ValueRejected.class, () -> Values.fromDouble(1, BYTES));
    }
  }

  @Nested
  class Dates {

    @Test
    void readsDates() throws ValueRejected {
      assertEquals(LocalDate.of(2024, 2, 29), text("2024-02-29", DATE));
      assertEquals(LocalDate.of(2024, 1, 5), text(" 2024-01-05 ", DATE));
      assertInstanceOf(LocalDate.class, text("2024-01-05", DATE));
    }

    @ParameterizedTest
    @ValueSource(
        strings = {"2024-01-05 00:00:00", "2024-01-05T00:00", "2024-01-05 00:00:00.000000"})
    void midnightDateTimesAreDates(String spelling) throws ValueRejected {
      assertEquals(LocalDate.of(2024, 1, 5), text(spelling, DATE));
    }

    @Test
    void dateTimesWithATimeAreNotDates() {
      assertContains(rejectedText("2024-01-05 10:30:00", DATE), "is a date and time, not a date");
      assertContains(rejectedText("2024-01-05 00:00:00.000001", DATE), "not a date");
    }

    @ParameterizedTest
    @ValueSource(strings = {"2023-02-29", "2023-02-30", "2024-13-01", "2024-00-10", "2024-04-31"})
    void rejectsDaysThatDoNotExist(String spelling) {
      assertContains(rejectedText(spelling, DATE), spelling, "not a valid date");
    }

    @ParameterizedTest
    @ValueSource(
        strings = {"2024", "2024-01", "20240105", "05/01/2024", "2024-1-5", "yesterday", ""})
    void rejectsOtherShapes(String spelling) {
      assertContains(rejectedText(spelling, DATE), "is not a date/time", "YYYY-MM-DD");
    }

    @Test
    void epochNumbersGetTheCastHint() {
      String message =
          assertThrows(ValueRejected.class, () -> Values.fromLong(1_700_000_000L, DATE))
              .getMessage();
      assertContains(message, "1700000000", "is not a date", "Unix epoch", "cast it to bigint");
      for (ColumnType type : new ColumnType[] {TIME, TIMESTAMP, TIMESTAMP_LOCAL}) {
        assertContains(
            assertThrows(ValueRejected.class, () -> Values.fromLong(0, type)).getMessage(),
            "Unix epoch");
        assertContains(
            assertThrows(ValueRejected.class, () -> Values.fromDouble(1.5, type)).getMessage(),
            "Unix epoch");
      }
    }

    @Test
    void noCastHintForTypesWhereItMakesNoSense() {
      String message =
          assertThrows(ValueRejected.class, () -> Values.fromLong(1, UUID)).getMessage();
      assertTrue(!message.contains("epoch"), message);
    }
  }

  @Nested
  class Times {

    @Test
    void readsTimesWithMicroseconds() throws ValueRejected {
      assertEquals(LocalTime.of(12, 34), text("12:34", TIME));
      assertEquals(LocalTime.of(12, 34, 56), text("12:34:56", TIME));
      assertEquals(LocalTime.of(12, 34, 56, 123_456_000), text("12:34:56.123456", TIME));
      assertEquals(LocalTime.of(12, 34, 56, 100_000_000), text("12:34:56.1", TIME));
      assertEquals(LocalTime.of(23, 59, 59, 999_999_000), text("23:59:59.999999000", TIME));
      assertInstanceOf(LocalTime.class, text("00:00", TIME));
    }

    @Test
    void rejectsSubMicrosecondDigits() {
      assertContains(rejectedText("12:34:56.1234567", TIME), "sub-microsecond");
    }

    @ParameterizedTest
    @ValueSource(strings = {"24:00", "12:60", "12:00:60", "25:00:00"})
    void rejectsImpossibleTimes(String spelling) {
      assertContains(rejectedText(spelling, TIME), "not a valid time");
    }

    @ParameterizedTest
    @ValueSource(strings = {"1:00", "12", "noon", "12:00 PM", "12:00:00Z", ""})
    void rejectsOtherShapes(String spelling) {
      assertContains(rejectedText(spelling, TIME), "is not a time of day", "HH:MM");
    }
  }

  @Nested
  class Timestamps {

    @Test
    void naiveValuesAreReadInTheGivenZone() throws ValueRejected {
      Object summer = Values.fromText("2024-07-01 12:00:00", TIMESTAMP, PARIS);
      assertInstanceOf(Instant.class, summer);
      assertEquals(Instant.parse("2024-07-01T10:00:00Z"), summer);
      assertEquals(
          Instant.parse("2024-01-15T11:00:00Z"),
          Values.fromText("2024-01-15 12:00:00", TIMESTAMP, PARIS));
      assertEquals(
          Instant.parse("2024-07-01T12:00:00Z"),
          Values.fromText("2024-07-01 12:00:00", TIMESTAMP, UTC));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(
        delimiter = '|',
        value = {
          "2024-07-01 12:00:00+02:00   | 2024-07-01T10:00:00Z",
          "2024-07-01 12:00:00+0200    | 2024-07-01T10:00:00Z",
          "2024-07-01 12:00:00+02      | 2024-07-01T10:00:00Z",
          "2024-07-01T12:00:00Z        | 2024-07-01T12:00:00Z",
          "2024-07-01T12:00:00z        | 2024-07-01T12:00:00Z",
          "2024-07-01 12:00:00 UTC     | 2024-07-01T12:00:00Z",
          "2024-07-01 12:00:00-05:30   | 2024-07-01T17:30:00Z",
          "2024-07-01T12:00+01:00      | 2024-07-01T11:00:00Z",
          "2024-07-01 00:30:00+02:00   | 2024-06-30T22:30:00Z",
        })
    void offsetsWinOverTheZone(String spelling, String utc) throws ValueRejected {
      assertEquals(Instant.parse(utc), Values.fromText(spelling, TIMESTAMP, PARIS));
    }

    @Test
    void tSeparatorAndDateOnly() throws ValueRejected {
      assertEquals(Instant.parse("2024-03-01T08:15:30Z"), text("2024-03-01T08:15:30", TIMESTAMP));
      assertEquals(Instant.parse("2024-03-01T08:15:00Z"), text("2024-03-01 08:15", TIMESTAMP));
      assertEquals(Instant.parse("2024-03-01T00:00:00Z"), text("2024-03-01", TIMESTAMP));
    }

    @Test
    void microsecondsAreKept() throws ValueRejected {
      assertEquals(
          Instant.parse("2024-03-01T08:15:30.123456Z"),
          text("2024-03-01 08:15:30.123456", TIMESTAMP));
      assertEquals(
          Instant.parse("2024-03-01T08:15:30.100Z"), text("2024-03-01 08:15:30.1", TIMESTAMP));
      assertEquals(
          Instant.parse("2024-03-01T08:15:30.123456Z"),
          text("2024-03-01 08:15:30,123456000", TIMESTAMP));
    }

    @Test
    void nanosecondDigitsAreRejected() {
      String message = rejectedText("2024-03-01 08:15:30.1234567", TIMESTAMP);
      assertContains(message, "2024-03-01 08:15:30.1234567", "sub-microsecond");
      assertContains(
          rejectedText("2024-03-01 08:15:30.123456789", TIMESTAMP_LOCAL), "sub-microsecond");
    }

    @ParameterizedTest
    @ValueSource(
        strings = {
          "2024-03-01 25:00:00",
          "2024-02-30 10:00:00",
          "2024-03-01 10:00:00+25:00",
          "2024-03-01 10:61:00",
        })
    void rejectsImpossibleDateTimes(String spelling) {
      assertContains(rejectedText(spelling, TIMESTAMP), "not a valid date/time");
    }

    @ParameterizedTest
    @ValueSource(
        strings = {
          "2024",
          "1700000000",
          "2024-03-01 10",
          "2024-03-01T",
          "01/03/2024 10:00",
          "2024-03-01 10:00:00 Europe/Paris",
          "2024-03-01 10:00:00 +02:00:00",
        })
    void rejectsOtherShapes(String spelling) {
      assertContains(rejectedText(spelling, TIMESTAMP), "is not a date/time");
    }

    @Test
    void wallClockThatNeverHappenedIsRejected() {
      // Paris skipped 02:00-03:00 on 2024-03-31
      String message = rejectedText("2024-03-31 02:30:00", TIMESTAMP, PARIS);
      assertContains(message, "2024-03-31 02:30:00", "does not exist", "Europe/Paris");
    }

    @Test
    void ambiguousWallClockTakesTheEarlierOffset() throws ValueRejected {
      // Paris went through 02:00-03:00 twice on 2024-10-27: first at +02:00
      assertEquals(
          Instant.parse("2024-10-27T00:30:00Z"),
          Values.fromText("2024-10-27 02:30:00", TIMESTAMP, PARIS));
    }

    @Test
    void localTimestampsKeepTheWallClock() throws ValueRejected {
      Object local = Values.fromText("2024-07-01 12:00:00.5", TIMESTAMP_LOCAL, PARIS);
      assertInstanceOf(LocalDateTime.class, local);
      assertEquals(LocalDateTime.of(2024, 7, 1, 12, 0, 0, 500_000_000), local);
      assertEquals(
          LocalDateTime.of(2024, 7, 1, 12, 0),
          Values.fromText("2024-07-01T12:00", TIMESTAMP_LOCAL, ZoneId.of("Asia/Tokyo")));
      // even one a daylight-saving change skipped in the zone: a wall clock has no zone
      assertEquals(
          LocalDateTime.of(2024, 3, 31, 2, 30),
          Values.fromText("2024-03-31 02:30:00", TIMESTAMP_LOCAL, PARIS));
    }

    @Test
    void localTimestampsWithAnOffsetMoveToTheZonesWallClock() throws ValueRejected {
      assertEquals(
          LocalDateTime.of(2024, 7, 1, 14, 0),
          Values.fromText("2024-07-01 12:00:00Z", TIMESTAMP_LOCAL, PARIS));
      assertEquals(
          LocalDateTime.of(2024, 7, 1, 12, 0),
          Values.fromText("2024-07-01 12:00:00+02:00", TIMESTAMP_LOCAL, PARIS));
    }
  }
}

package dev.ferry.schemas.types;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ferry.schemas.types.ColumnType.Kind;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

class ColumnTypeTest {

  private static final String ACCEPTED =
      "use one of boolean, smallint, int, bigint, real, double, decimal(p,s), text, varchar(n),"
          + " json, uuid, bytes, date, time, timestamp, timestamp_local";

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource(
      delimiter = '|',
      value = {
        "boolean         | boolean",
        "bool            | boolean",
        "smallint        | smallint",
        "int16           | smallint",
        "int             | int",
        "integer         | int",
        "int32           | int",
        "bigint          | bigint",
        "int64           | bigint",
        "long            | bigint",
        "real            | real",
        "float           | real",
        "float32         | real",
        "double          | double",
        "float64         | double",
        "decimal(10,2)   | decimal(10,2)",
        "numeric(10,2)   | decimal(10,2)",
        "decimal(10)     | decimal(10,0)",
        "decimal         | decimal(38,0)",
        "numeric         | decimal(38,0)",
        "decimal(1,0)    | decimal(1,0)",
        "decimal(38,38)  | decimal(38,38)",
        "text            | text",
        "string          | text",
        "varchar(40)     | varchar(40)",
        "varchar         | text",
        "varchar(0)      | text",
        "json            | json",
        "jsonb           | json",
        "uuid            | uuid",
        "bytes           | bytes",
        "bytea           | bytes",
        "binary          | bytes",
        "blob            | bytes",
        "date            | date",
        "time            | time",
        "timestamp       | timestamp",
        "timestamptz     | timestamp",
        "timestamp_local | timestamp_local",
        "datetime        | timestamp_local",
      })
  void parsesEverySpelling(String spelling, String printed) {
    ColumnType type = ColumnType.parse(spelling);
    assertEquals(printed, type.toString());
    assertEquals(type, ColumnType.parse(printed), "toString reads back to the same type");
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "BIGINT               | bigint",
        "Decimal(12,4)        | decimal(12,4)",
        "'  decimal ( 12 , 4 ) '| decimal(12,4)",
        "' varchar( 7 ) '     | varchar(7)",
        "TIMESTAMP_LOCAL      | timestamp_local",
      })
  void ignoresCaseAndBlanks(String spelling, String printed) {
    assertEquals(printed, ColumnType.parse(spelling).toString());
  }

  @ParameterizedTest
  @EnumSource(Kind.class)
  void everyKindPrintsASpellingThatParsesBack(Kind kind) {
    ColumnType type =
        switch (kind) {
          case DECIMAL -> ColumnType.decimal(18, 3);
          case STRING -> ColumnType.string(12);
          default -> ColumnType.of(kind);
        };
    assertEquals(type, ColumnType.parse(type.toString()));
  }

  @Test
  void parsedTypesCarryTheirSizes() {
    assertEquals(new ColumnType(Kind.DECIMAL, 0, 10, 2), ColumnType.parse("decimal(10,2)"));
    assertEquals(new ColumnType(Kind.STRING, 40, 0, 0), ColumnType.parse("varchar(40)"));
    assertEquals(new ColumnType(Kind.STRING, 0, 0, 0), ColumnType.parse("text"));
    assertEquals(new ColumnType(Kind.INT32, 0, 0, 0), ColumnType.parse("int"));
    assertEquals(ColumnType.MAX_DECIMAL_PRECISION, ColumnType.parse("decimal").precision());
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "",
        "   ",
        "integerr",
        "varchar2",
        "double precision",
        "decimal(10,2",
        "decimal(,2)",
        "decimal(10,2,1)",
        "decimal(-1,0)",
        "varchar(n)",
        "int(5)",
        "timestamp(3)",
        "text(10)",
        "varchar(10,2)",
        "varchar(99999999999)",
        "decimal(99999999999,2)",
        "tinyint",
        "money",
      })
  void rejectsUnknownSpellingsListingTheAcceptedOnes(String spelling) {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> ColumnType.parse(spelling));
    assertEquals("unknown type '" + spelling + "': " + ACCEPTED, e.getMessage());
  }

  @ParameterizedTest(name = "decimal({0},{1})")
  @CsvSource({"0,0", "39,0", "39,2", "10,11", "1,2", "100,0"})
  void rejectsDecimalsOutOfBounds(int precision, int scale) {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> ColumnType.decimal(precision, scale));
    assertEquals(
        "decimal("
            + precision
            + ","
            + scale
            + ") is out of range: precision 1..38, 0 <= scale <= precision",
        e.getMessage());
    IllegalArgumentException parsed =
        assertThrows(
            IllegalArgumentException.class,
            () -> ColumnType.parse("decimal(" + precision + "," + scale + ")"));
    assertTrue(parsed.getMessage().contains("precision 1..38"), parsed.getMessage());
  }

  @Test
  void rejectsNegativeScaleThroughTheConstructor() {
    assertThrows(IllegalArgumentException.class, () -> new ColumnType(Kind.DECIMAL, 0, 10, -1));
  }

  @ParameterizedTest(name = "decimal({0},{1})")
  @CsvSource({"1,0", "1,1", "38,0", "38,38", "10,10", "10,0"})
  void acceptsDecimalsAtTheBounds(int precision, int scale) {
    ColumnType type = ColumnType.decimal(precision, scale);
    assertEquals(precision, type.precision());
    assertEquals(scale, type.scale());
    assertEquals("decimal(" + precision + "," + scale + ")", type.toString());
  }

  @Test
  void boundsApplyOnlyToDecimals() {
    // precision and scale mean nothing for other kinds; they must not be checked there
    assertEquals("int", new ColumnType(Kind.INT32, 0, 0, 0).toString());
    assertEquals("varchar(5)", ColumnType.string(5).toString());
  }

  @Test
  void survivesJavaSerialization() throws Exception {
    ColumnType type = ColumnType.decimal(12, 3);
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
      out.writeObject(type);
    }
    try (ObjectInputStream in =
        new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
      assertEquals(type, in.readObject());
    }
  }
}

package dev.ferry.schemas.postgres;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ferry.schemas.inventory.Column;
import dev.ferry.schemas.types.ColumnType;
import dev.ferry.schemas.types.ValueRejected;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PostgresDefaultsTest {

  private static String translate(String expression, String type) throws ValueRejected {
    return PostgresDefaults.translate(expression, ColumnType.parse(type)).orElseThrow();
  }

  @ParameterizedTest(name = "{0} on {1} -> {2}")
  @CsvSource(
      delimiter = '|',
      quoteCharacter = '"',
      value = {
        "0                 | bigint          | 0",
        "-12               | int             | -12",
        "(7)               | smallint        | 7",
        "'42'              | bigint          | 42",
        "0                 | boolean         | false",
        "1                 | boolean         | true",
        "TRUE              | boolean         | true",
        "'no'              | boolean         | false",
        "0                 | decimal(10,2)   | 0.00",
        "1.5               | decimal(10,2)   | 1.50",
        "2.5e3             | double          | 2500.0",
        "'NaN'             | double          | 'NaN'",
        "'anonymous'       | text            | 'anonymous'",
        "'it''s'           | varchar(10)     | 'it''s'",
        "0                 | text            | '0'",
        "''                | text            | ''",
        "'2024-02-29'      | date            | '2024-02-29'",
        "'12:30'           | time            | '12:30'",
        "'2024-01-02 03:04:05' | timestamp   | '2024-01-02T03:04:05Z'",
        "'2024-01-02 03:04:05' | timestamp_local | '2024-01-02T03:04:05'",
        "CURRENT_TIMESTAMP | timestamp       | CURRENT_TIMESTAMP",
        "current_timestamp | timestamp_local | (CURRENT_TIMESTAMP AT TIME ZONE 'UTC')",
        "CURRENT_TIMESTAMP | text            | "
            + "to_char((CURRENT_TIMESTAMP AT TIME ZONE 'UTC'), 'YYYY-MM-DD HH24:MI:SS')",
      })
  void translatesLiterals(String expression, String type, String expected) throws ValueRejected {
    assertEquals(expected, translate(expression, type));
  }

  @Test
  void translatesJsonText() throws ValueRejected {
    assertEquals("'{\"a\": [1]}'", translate("'{\"a\": [1]}'", "json"));
    assertThrows(ValueRejected.class, () -> translate("'{oops'", "json"));
  }

  @Test
  void noDefaultForNullOrNone() throws ValueRejected {
    assertEquals(
        Optional.empty(), PostgresDefaults.translate(null, ColumnType.of(ColumnType.Kind.INT64)));
    assertEquals(Optional.empty(), PostgresDefaults.translate("NULL", ColumnType.string(0)));
  }

  @ParameterizedTest(name = "{0} on {1}")
  @CsvSource(
      delimiter = '|',
      quoteCharacter = '"',
      value = {
        "(datetime('now'))  | timestamp     | not translated",
        "X'00'              | bytes         | not translated",
        "1 + 1              | int           | not translated",
        "(1)+(2)            | int           | not translated",
        "'abc'              | int           | not an integer",
        "2                  | boolean       | not a boolean",
        "123.456            | decimal(5,2)  | decimal places",
        "'toolong'          | varchar(3)    | longer than",
        "CURRENT_TIMESTAMP  | date          | CURRENT_TIMESTAMP is not a date",
        "CURRENT_TIMESTAMP  | varchar(10)   | does not fit",
      })
  void refusesWhatItCannotTranslate(String expression, String type, String reason) {
    ValueRejected e = assertThrows(ValueRejected.class, () -> translate(expression, type));
    assertTrue(e.getMessage().contains(reason), e.getMessage());
  }

  private static Optional<String> of(Column c, String dialect) throws ValueRejected {
    return PostgresDefaults.of(c, dialect);
  }

  @Test
  void postgresLiteralsLoseTheirCast() throws ValueRejected {
    assertEquals(
        Optional.of("'ok'"), of(Sources.kept("m", "mood", true, "'ok'::mood"), "postgres"));
    assertEquals(
        Optional.of("'{a,\"b c\"}'"),
        of(Sources.kept("t", "text[]", true, "'{a,\"b c\"}'::text[]"), "postgres"));
    assertEquals(
        Optional.of("'it''s'"),
        of(
            Shop.col("v", "varchar", "varchar(10)", true, "'it''s'::character varying"),
            "postgres"));
    assertEquals(
        Optional.of("-1"), of(Shop.col("n", "integer", "int", true, "'-1'::integer"), "postgres"));
    // Only PostgreSQL sources write casts this way.
    assertThrows(
        ValueRejected.class, () -> of(Shop.col("n", "INT", "int", true, "'1'::int"), "sqlite"));
  }

  @Test
  void theSequenceReplacesNextval() throws ValueRejected {
    Column serial =
        Shop.col("id", "integer", "int", false, "nextval('t_id_seq'::regclass)")
            .withAutoIncrement(true);
    assertEquals(Optional.empty(), of(serial, "postgres"));
    ValueRejected e =
        assertThrows(ValueRejected.class, () -> of(serial.withAutoIncrement(false), "postgres"));
    assertTrue(e.getMessage().contains("nextval"), e.getMessage());
  }

  @ParameterizedTest(name = "{0} on {1} from {2}")
  @CsvSource(
      delimiter = '|',
      quoteCharacter = '"',
      value = {
        "current_timestamp()  | timestamp       | mysql    | CURRENT_TIMESTAMP",
        "CURRENT_TIMESTAMP(6) | timestamp_local | mysql    | LOCALTIMESTAMP",
        "now()                | timestamp       | postgres | CURRENT_TIMESTAMP",
        "CURRENT_TIMESTAMP    | timestamp_local | postgres | LOCALTIMESTAMP",
        "CURRENT_TIMESTAMP    | timestamp_local | sqlite   | (CURRENT_TIMESTAMP AT TIME ZONE 'UTC')",
      })
  void theCurrentTimeAsEachSourceWritesIt(
      String expression, String type, String dialect, String expected) throws ValueRejected {
    assertEquals(Optional.of(expected), of(Shop.col("t", "", type, true, expression), dialect));
  }

  @Test
  void sqliteHasNoNowFunction() {
    assertThrows(
        ValueRejected.class, () -> of(Shop.col("t", "", "timestamp", true, "now()"), "sqlite"));
  }
}

package dev.ferry.schemas.postgres;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
}

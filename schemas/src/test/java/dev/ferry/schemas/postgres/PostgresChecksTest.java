package dev.ferry.schemas.postgres;

import static dev.ferry.schemas.postgres.Shop.col;
import static dev.ferry.schemas.postgres.Shop.table;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ferry.schemas.inventory.Table;
import dev.ferry.schemas.sql.Identifiers;
import dev.ferry.schemas.types.ValueRejected;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PostgresChecksTest {

  private static final Table T =
      table(
          "t",
          List.of(
              col("amount", "decimal(10,2)", "decimal(10,2)", true, null),
              col("status", "varchar(10)", "varchar(10)", true, null),
              col("references", "text", "text", true, null),
              col("Order Details", "text", "text", true, null),
              col("a\"b", "text", "text", true, null),
              col("doc", "json", "json", true, null),
              col("note", "text", "text", true, null),
              col(Shop.LONG_COLUMN, "text", "text", true, null)),
          List.of(),
          List.of(),
          List.of());

  private static String translate(String condition, String dialect) throws ValueRejected {
    return PostgresChecks.translate(
        condition, dialect, T, c -> Identifiers.quote(PostgresNames.fit(c)));
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '¦',
      quoteCharacter = '~',
      value = {
        "(`amount` >= 0)                                        ¦ \"amount\" >= 0",
        "((`amount` > 0) and (`amount` < 100))                  ¦ (\"amount\" > 0) AND (\"amount\" < 100)",
        "`status` in (_utf8mb4'new',_utf8mb4'paid')             ¦ \"status\" IN ('new','paid')",
        "(`status` in (_utf8mb4\\'new\\',_utf8mb4\\'paid\\'))   ¦ \"status\" IN ('new','paid')",
        "`a\"b` <> 'it\\'s' OR `a\"b` <> 'it''s'                ¦ \"a\"\"b\" <> 'it''s' OR \"a\"\"b\" <> 'it''s'",
        "`note` <> 'tab\\there'                                 ¦ \"note\" <> 'tab\there'",
        "`note` like 'x\\%'                                     ¦ \"note\" LIKE 'x\\%'",
        "\"double\" <> `note`                                   ¦ 'double' <> \"note\"",
        "length(`note`) > 2                                     ¦ octet_length(\"note\") > 2",
        "char_length(`note`) between 1 and 3                    ¦ char_length(\"note\") BETWEEN 1 AND 3",
        "ucase(`status`) = lcase(`status`)                      ¦ upper(\"status\") = lower(\"status\")",
        "AMOUNT > -1.5e3                                        ¦ \"amount\" > -1.5e3",
        "`Order Details` is not null                            ¦ \"Order Details\" IS NOT NULL",
        "`references` <> ''                                     ¦ \"references\" <> ''",
        "`amount` % 2 = 0 and not (`amount` * 2 > 10)           ¦ \"amount\" % 2 = 0 AND NOT (\"amount\" * 2 > 10)",
        "coalesce(`note`, 'x') != 'y'                           ¦ coalesce(\"note\", 'x') != 'y'",
        "`"
            + Shop.LONG_COLUMN
            + "` <> ''                                          ¦ \"the_date_on_which_this_order_was_first_promised_to_the_e60e4970\" <> ''",
      })
  void translatesMysql(String condition, String expected) throws ValueRejected {
    assertEquals(expected, translate(condition, "mysql"));
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '¦',
      quoteCharacter = '~',
      value = {
        "amount >= 0                        ¦ \"amount\" >= 0",
        "[Order Details] <> ''              ¦ \"Order Details\" <> ''",
        "\"a\"\"b\" == 'x'                  ¦ \"a\"\"b\" = 'x'",
        "length(status) = 3                 ¦ length(\"status\") = 3",
        "amount / 2 > 1                     ¦ \"amount\" / 2 > 1",
        "note || 'x' <> 'it''s'             ¦ \"note\" || 'x' <> 'it''s'",
        "`references` IN ('a', 'b')         ¦ \"references\" IN ('a', 'b')",
        "status NOT LIKE 'x\\%'             ¦ \"status\" NOT LIKE 'x\\%'",
      })
  void translatesSqlite(String condition, String expected) throws ValueRejected {
    assertEquals(expected, translate(condition, "sqlite"));
  }

  @ParameterizedTest(name = "{0} ({1})")
  @CsvSource(
      delimiter = '¦',
      quoteCharacter = '~',
      value = {
        "`note` regexp '^a'                ¦ mysql  ¦ \"regexp\" is neither a column",
        "`amount` / 2 > 1                  ¦ mysql  ¦ operator / is not translated",
        "`note` || 'x'                     ¦ mysql  ¦ operator || is not translated",
        "`note` <=> NULL                   ¦ mysql  ¦ operator <=> is not translated",
        "`missing` > 0                     ¦ mysql  ¦ \"missing\" is not a column",
        "json_extract(`doc`, '$.a') = 1    ¦ mysql  ¦ function json_extract",
        "`t`.`amount` > 0                  ¦ mysql  ¦ \"t\" is not a column",
        "`amount` > 0x1F                   ¦ mysql  ¦ \"x1F\" is neither a column",
        "`note` <> '\\0'                   ¦ mysql  ¦ NUL character",
        "`amount` > 0 -- comment           ¦ mysql  ¦ comment",
        "`amount` > 0 # comment            ¦ mysql  ¦ comment",
        "`note` <> 'open                   ¦ mysql  ¦ does not end",
        "typeof(amount) = 'integer'        ¦ sqlite ¦ function typeof",
        "note glob 'x*'                    ¦ sqlite ¦ \"glob\" is neither a column",
        "\"missing\" = 1                   ¦ sqlite ¦ \"missing\" is not a column",
        "amount > (select 1)               ¦ sqlite ¦ \"select\" is neither a column",
        "amount > 0                        ¦ mongodb ¦ conditions of mongodb sources",
      })
  void refusesWhatItCannotTranslate(String condition, String dialect, String reason) {
    ValueRejected e = assertThrows(ValueRejected.class, () -> translate(condition, dialect));
    assertTrue(e.getMessage().contains(reason), e.getMessage());
  }

  @Test
  void refusesAnEmptyCondition() {
    assertThrows(ValueRejected.class, () -> translate(" ( ) ", "mysql"));
    assertThrows(ValueRejected.class, () -> translate("  ", "sqlite"));
  }

  @Test
  void mariaDbJsonChecksAreEnforcedByJsonb() {
    assertEquals(
        Optional.of("column \"doc\" is jsonb, which holds only valid JSON"),
        PostgresChecks.redundant("json_valid(`doc`)", "mysql", T));
    assertEquals(
        Optional.of("column \"doc\" is jsonb, which holds only valid JSON"),
        PostgresChecks.redundant("(JSON_VALID(doc))", "mysql", T));
    assertEquals(Optional.empty(), PostgresChecks.redundant("json_valid(`note`)", "mysql", T));
    assertEquals(Optional.empty(), PostgresChecks.redundant("`doc` is not null", "mysql", T));
    assertEquals(Optional.empty(), PostgresChecks.redundant("json_valid(`doc", "mysql", T));
  }

  @Test
  void checkClauseWrapsABareCondition() {
    assertEquals("CHECK (a > 0)", PostgresChecks.checkClause(" a > 0 "));
    assertEquals(
        "CHECK ((a > 0)) NOT VALID", PostgresChecks.checkClause("CHECK ((a > 0)) NOT VALID"));
    assertEquals("check(a > 0)", PostgresChecks.checkClause("check(a > 0)"));
    assertEquals("CHECK (checked)", PostgresChecks.checkClause("checked"));
  }
}

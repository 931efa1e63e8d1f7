package dev.ferry.schemas.mysql;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.ferry.schemas.mysql.MysqlDefaults.Default;
import dev.ferry.schemas.mysql.MysqlTypes.Stored;
import org.junit.jupiter.api.Test;

/** COLUMN_DEFAULT as MariaDB 10.2.7+ (quoted) and MySQL (bare) print it. */
class MysqlDefaultsTest {

  private static String maria(String raw, Stored stored) {
    return MysqlDefaults.normalize(raw, stored, false, "", true).expression();
  }

  private static String mysql(String raw, Stored stored, String extra) {
    return MysqlDefaults.normalize(raw, stored, false, extra, false).expression();
  }

  @Test
  void noDefault() {
    assertEquals(null, maria(null, Stored.INTEGER));
    assertEquals(null, maria("NULL", Stored.TEXT), "MariaDB spells a missing default NULL");
    assertEquals(null, mysql(null, Stored.TEXT, ""));
  }

  @Test
  void stringsBecomeStandardLiterals() {
    assertEquals("'it''s'", maria("'it''s'", Stored.TEXT));
    assertEquals("'a\\b'", maria("'a\\\\b'", Stored.TEXT));
    assertEquals("'x\ny'", maria("'x\\ny'", Stored.TEXT));
    assertEquals("'NULL'", maria("'NULL'", Stored.TEXT), "the text NULL is a string");
    assertEquals("''", maria("''", Stored.TEXT));
    assertEquals("'it''s'", mysql("it's", Stored.TEXT, ""));
    assertEquals("'NULL'", mysql("NULL", Stored.TEXT, ""), "MySQL's NULL default is SQL NULL");
    assertEquals("'active'", mysql("active", Stored.ENUM, ""));
    assertEquals("'2024-01-01'", mysql("2024-01-01", Stored.DATE, ""));
  }

  @Test
  void numbersStayNumbers() {
    assertEquals("1.50", maria("1.50", Stored.DECIMAL));
    assertEquals("-3", maria("-3", Stored.INTEGER));
    assertEquals("0", mysql("0", Stored.INTEGER, ""));
    assertEquals("1e10", mysql("1e10", Stored.DOUBLE, ""));
  }

  @Test
  void currentTimestampInEverySpelling() {
    for (String now :
        new String[] {
          "current_timestamp()", "current_timestamp(6)", "CURRENT_TIMESTAMP", "now()", "NOW(3)"
        }) {
      assertEquals("CURRENT_TIMESTAMP", maria(now, Stored.DATETIME), now);
      assertEquals("CURRENT_TIMESTAMP", mysql(now, Stored.TIMESTAMP, "DEFAULT_GENERATED"), now);
    }
    assertEquals("CURRENT_TIMESTAMP", mysql("CURRENT_TIMESTAMP", Stored.TIMESTAMP, ""), "5.7");
    assertEquals("'now()'", mysql("now()", Stored.TEXT, ""), "a string on a text column");
  }

  @Test
  void zeroDatesBecomeNoDefaultAndAskForNull() {
    assertEquals(
        new Default(null, true),
        MysqlDefaults.normalize("'0000-00-00 00:00:00'", Stored.DATETIME, false, "", true));
    assertEquals(
        new Default(null, true),
        MysqlDefaults.normalize("0000-00-00", Stored.DATE, false, "", false));
    assertEquals(
        new Default(null, true),
        MysqlDefaults.normalize("'2024-00-01'", Stored.TIMESTAMP, false, "", true));
  }

  @Test
  void bitDefaultsOfBooleansAreZeroOrOne() {
    assertEquals("1", MysqlDefaults.normalize("b'1'", Stored.BIT, true, "", true).expression());
    assertEquals("0", MysqlDefaults.normalize("b'0'", Stored.BIT, true, "", false).expression());
    assertEquals(
        "b'101'", MysqlDefaults.normalize("b'101'", Stored.BIT, false, "", true).expression());
  }

  @Test
  void setDefaultsBecomeArrayLiterals() {
    assertEquals("'{\"a\",\"b\"}'", maria("'a,b'", Stored.SET));
    assertEquals("'{}'", mysql("", Stored.SET, ""));
  }

  @Test
  void expressionsStayAsTheServerPrintsThem() {
    assertEquals("(1 + 2)", maria("(1 + 2)", Stored.INTEGER));
    assertEquals("uuid()", maria("uuid()", Stored.TEXT));
    assertEquals("(rand() * 10)", mysql("(rand() * 10)", Stored.DOUBLE, "DEFAULT_GENERATED"));
  }
}

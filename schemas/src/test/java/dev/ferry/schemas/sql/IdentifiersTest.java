package dev.ferry.schemas.sql;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class IdentifiersTest {

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource(
      delimiter = '|',
      quoteCharacter = '`',
      value = {
        "Order \"Details\"  | \"Order \"\"Details\"\"\"",
        "orders             | \"orders\"",
        "references         | \"references\"",
        "Mixed Case         | \"Mixed Case\"",
        "\"                 | \"\"\"\"",
        "a\"\"b             | \"a\"\"\"\"b\"",
        "it's               | \"it's\"",
        "`  spaced  `       | \"  spaced  \"",
        "café 😀            | \"café 😀\"",
        "x; DROP TABLE y -- | \"x; DROP TABLE y --\"",
      })
  void quotesEveryName(String name, String quoted) {
    assertEquals(quoted, Identifiers.quote(name));
  }

  @Test
  void quotesTheEmptyName() {
    assertEquals("\"\"", Identifiers.quote(""));
  }

  @Test
  void rejectsNul() {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> Identifiers.quote("bad\0name"));
    assertEquals("identifier contains a NUL character: bad?name", e.getMessage());
    assertFalse(e.getMessage().contains("\0"));
  }

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource(
      delimiter = '|',
      quoteCharacter = '`',
      value = {
        "users            | 'users'",
        "it's             | 'it''s'",
        "''               | ''''''",
        "Order \"Details\"| 'Order \"Details\"'",
        "``               | ''",
        "x' OR '1'='1     | 'x'' OR ''1''=''1'",
      })
  void quotesLiterals(String value, String literal) {
    assertEquals(literal, Identifiers.literal(value));
  }

  /** SQLite reads quoted names and literals back as exactly the text that went in. */
  @ParameterizedTest
  @ValueSource(
      strings = {"Order \"Details\"", "references", "select", "x\"; DROP TABLE t; --", "it's", " "})
  void sqliteReadsQuotedNamesBackUnchanged(String name) throws SQLException {
    try (Connection c = DriverManager.getConnection("jdbc:sqlite::memory:");
        Statement s = c.createStatement()) {
      s.executeUpdate(
          "CREATE TABLE " + Identifiers.quote(name) + " (" + Identifiers.quote(name) + " TEXT)");
      s.executeUpdate(
          "INSERT INTO " + Identifiers.quote(name) + " VALUES (" + Identifiers.literal(name) + ")");
      try (ResultSet rs =
          s.executeQuery(
              "SELECT name FROM sqlite_master WHERE type = 'table' AND name = "
                  + Identifiers.literal(name))) {
        assertTrue(rs.next(), "table " + name + " not found by its literal name");
        assertEquals(name, rs.getString(1));
      }
      try (ResultSet rs =
          s.executeQuery(
              "SELECT " + Identifiers.quote(name) + " FROM " + Identifiers.quote(name))) {
        assertTrue(rs.next());
        assertEquals(name, rs.getString(1));
        assertEquals(name, rs.getMetaData().getColumnName(1));
      }
    }
  }

  /** A dollar quote ends at its tag's first copy: the tag must not occur before the end. */
  @ParameterizedTest
  @ValueSource(
      strings = {" BEGIN END ", "x$ferry$; DROP TABLE t; --", "$ferry$ $ferry1$", "a$ferry"})
  void dollarQuotedEndsOnlyAtItsClosingTag(String body) {
    String quoted = Identifiers.dollarQuoted(body);
    String tag = quoted.substring(0, quoted.indexOf('$', 1) + 1);
    assertEquals(tag + body + tag, quoted);
    assertEquals(quoted.length() - tag.length(), quoted.indexOf(tag, tag.length()), quoted);
  }
}

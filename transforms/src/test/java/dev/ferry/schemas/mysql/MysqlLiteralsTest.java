package dev.ferry.schemas.mysql;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.List;
import org.junit.jupiter.api.Test;

class MysqlLiteralsTest {

  @Test
  void readsLabelListsWithCommasQuotesAndEscapes() {
    assertEquals(
        List.of("a", "b,c", "it's", "back\\slash", "say \"hi\"", "", "(x)"),
        MysqlLiterals.stringList("'a','b,c','it''s','back\\\\slash','say \"hi\"','','(x)'"));
  }

  @Test
  void unescapesMysqlSequences() {
    assertEquals(
        "a\0b\nc\rd\te\u001a\\%\\_'\"",
        MysqlLiterals.unquote("'a\\0b\\nc\\rd\\te\\Z\\%\\_\\'\\\"'"));
  }

  @Test
  void unquotesOneLiteralOnly() {
    assertEquals("it's", MysqlLiterals.unquote("'it''s'"));
    assertEquals("", MysqlLiterals.unquote("''"));
    assertNull(MysqlLiterals.unquote("'a' + 'b'"));
    assertNull(MysqlLiterals.unquote("current_timestamp()"));
    assertNull(MysqlLiterals.unquote("'unterminated"));
  }
}

package dev.ferry.schemas.postgres;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.ferry.schemas.postgres.SqlTokens.Kind;
import dev.ferry.schemas.postgres.SqlTokens.Token;
import dev.ferry.schemas.types.ValueRejected;
import java.util.List;
import org.junit.jupiter.api.Test;

class SqlTokensTest {

  private static List<String> kinds(String sql, String dialect) throws ValueRejected {
    return SqlTokens.of(sql, dialect).stream().map(t -> t.kind() + ":" + t.value()).toList();
  }

  @Test
  void readsMysqlQuotingAndIntroducers() throws ValueRejected {
    assertEquals(
        List.of(
            "IDENTIFIER:a`b",
            "SPACE: ",
            "SYMBOL:<>",
            "WORD:_utf8mb4",
            "STRING:it's",
            "SYMBOL:,",
            "STRING:x",
            "SYMBOL:,",
            "STRING:y\"z",
            "SYMBOL:,",
            "STRING:q"),
        kinds("`a``b`  <>_utf8mb4'it\\'s',\"x\",'y\"z',\\'q\\'", "mysql"));
  }

  @Test
  void readsSqliteAndPostgresIdentifiers() throws ValueRejected {
    assertEquals(
        List.of("IDENTIFIER:a\"b", "SYMBOL:==", "IDENTIFIER:c d", "SYMBOL:||", "STRING:it's"),
        kinds("\"a\"\"b\"==[c d]||'it''s'", "sqlite"));
    assertEquals(
        List.of(
            "STRING:a\\b", "SYMBOL:::", "WORD:public", "SYMBOL:.", "IDENTIFIER:Mood", "SYMBOL:["),
        kinds("'a\\b'::public.\"Mood\"[", "postgres"));
  }

  @Test
  void readsNumbers() throws ValueRejected {
    assertEquals(
        List.of("NUMBER:1.5e-3", "SYMBOL:+", "NUMBER:.5", "SYMBOL:-", "NUMBER:2", "WORD:e"),
        kinds("1.5e-3+.5-2e", "sqlite"));
  }

  @Test
  void keepsTheSourceTextOfEachToken() throws ValueRejected {
    List<Token> tokens = SqlTokens.of("'it''s'  ::  mood", "postgres");
    assertEquals("'it''s'  ::  mood", tokens.stream().map(Token::text).reduce("", String::concat));
    assertEquals(Kind.SPACE, tokens.get(1).kind());
  }

  @Test
  void refusesCommentsAndUnendedQuotes() {
    assertThrows(ValueRejected.class, () -> SqlTokens.of("a -- b", "sqlite"));
    assertThrows(ValueRejected.class, () -> SqlTokens.of("a /* b */", "postgres"));
    assertThrows(ValueRejected.class, () -> SqlTokens.of("a # b", "mysql"));
    assertThrows(ValueRejected.class, () -> SqlTokens.of("'a", "mysql"));
    assertThrows(ValueRejected.class, () -> SqlTokens.of("\\'a", "mysql"));
    assertThrows(ValueRejected.class, () -> SqlTokens.of("\\'a\\\\\\'", "mysql"));
    assertThrows(ValueRejected.class, () -> SqlTokens.of("\"a", "postgres"));
    assertThrows(ValueRejected.class, () -> SqlTokens.of("[a", "sqlite"));
  }
}

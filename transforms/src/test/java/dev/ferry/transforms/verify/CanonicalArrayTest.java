package dev.ferry.transforms.verify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import dev.ferry.testkit.PostgresExtension;
import dev.ferry.testkit.TestDatabase;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * An array literal as ferry writes it (every element quoted) and as PostgreSQL prints it (quotes
 * only where needed) have one canonical spelling; a quoted "NULL" stays a string.
 */
@ExtendWith(PostgresExtension.class)
class CanonicalArrayTest {

  private static void assertSame(String a, String b) {
    assertEquals(CanonicalArray.of(a), CanonicalArray.of(b), a + " vs " + b);
  }

  private static void assertDiffer(String a, String b) {
    assertNotEquals(CanonicalArray.of(a), CanonicalArray.of(b), a + " vs " + b);
  }

  @Test
  void quotedAndBareElementsAreOne() {
    assertEquals("{\"x\",\"w\\\"v\"}", CanonicalArray.of("{x,\"w\\\"v\"}"));
    assertSame("{\"x\",\"w\\\"v\"}", "{x,\"w\\\"v\"}");
    assertDiffer("{x,y}", "{y,x}");
    assertDiffer("{x,y}", "{x}");
  }

  @Test
  void aBareNullIsNullAndAQuotedNullIsAString() {
    assertEquals("{NULL,\"NULL\"}", CanonicalArray.of("{null,\"NULL\"}"));
    assertSame("{NULL}", "{Null}");
    assertDiffer("{NULL}", "{\"NULL\"}");
    assertDiffer("{NULL}", "{\"\"}");
  }

  @Test
  void emptyAndNestedArrays() {
    assertEquals("{}", CanonicalArray.of("{}"));
    assertSame("{}", " { } ");
    assertDiffer("{}", "{\"\"}");
    assertEquals("{{\"1\",\"2\"},{\"3\",\"4\"}}", CanonicalArray.of("{{1,2},{3,4}}"));
    assertSame("{{1,2},{3,4}}", "{{\"1\",\"2\"},{\"3\",\"4\"}}");
    assertDiffer("{{1,2},{3,4}}", "{1,2,3,4}");
    assertDiffer("{{1,2},{3,4}}", "{{1,2},{4,3}}");
  }

  @Test
  void spacesAroundElementsGoAndSpacesInsideStay() {
    assertSame("{ a , b }", "{a,b}");
    assertSame("{a b,c}", "{\"a b\",\"c\"}");
    assertDiffer("{\" a\"}", "{a}"); // quoted spaces are the element's
  }

  @Test
  void backslashesAndQuotesInsideQuotedElements() {
    assertEquals("{\"a\\\\b\"}", CanonicalArray.of("{\"a\\\\b\"}"));
    assertSame("{\"a\\\\b\",\"c\\\"d\"}", "{\"a\\\\b\",\"c\\\"d\"}");
    assertSame("{\"\\x\"}", "{x}"); // a backslash before an ordinary character is dropped
    assertSame("{\"a,b\",\"{c}\"}", "{\"a,b\",\"{c}\"}");
    assertDiffer("{\"a,b\"}", "{a,b}");
  }

  @Test
  void aBackslashInABareElementEscapesTheNextCharacterAsInPostgres() {
    assertSame("{a\\,b}", "{\"a,b\"}");
    assertSame("{c\\\\d}", "{\"c\\\\d\"}");
    assertSame("{\\NULL}", "{\"NULL\"}"); // an escaped NULL is the string
    assertSame("{e\\ }", "{\"e \"}"); // an escaped space is kept
    assertSame("{\\}}", "{\"}\"}");
  }

  @Test
  void textThatIsNotAnArrayLiteralIsReturnedAsIs() {
    for (String text :
        List.of("", "x", "{", "{a", "{a,}", "{,a}", "{\"a}", "{a}b", "[1,2]", "[1:2]={1,2}")) {
      assertEquals(text, CanonicalArray.of(text), text);
    }
  }

  /** PostgreSQL's own output of each literal, as a {@code text[]}, is the same array. */
  @Test
  void postgresOwnOutputEqualsTheLiteralCanonically(TestDatabase db) throws Exception {
    List<String> literals =
        List.of(
            "{\"x\",\"w\\\"v\"}",
            "{\"a b\",\"NULL\",NULL,\"\"}",
            "{ a , b }",
            "{}",
            "{{\"1\",\"2\"},{\"3\",\"4\"}}",
            "{\"back\\\\slash\",\"com,ma\",\"{brace}\",\"é 🚢\"}",
            "{null,NuLL}",
            "{a\\,b,c\\\\d,\\NULL,e\\ }");
    try (Connection c = db.connect();
        PreparedStatement q = c.prepareStatement("SELECT ?::text[]::text")) {
      for (String literal : literals) {
        q.setString(1, literal);
        try (ResultSet rs = q.executeQuery()) {
          rs.next();
          String printed = rs.getString(1);
          assertEquals(
              CanonicalArray.of(literal), CanonicalArray.of(printed), literal + " → " + printed);
        }
      }
    }
  }
}

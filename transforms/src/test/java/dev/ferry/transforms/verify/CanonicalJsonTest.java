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
 * A source's JSON text and the {@code jsonb} PostgreSQL made of it have one canonical spelling;
 * different documents, and text that is not one JSON value, keep theirs.
 */
@ExtendWith(PostgresExtension.class)
class CanonicalJsonTest {

  private static void assertSame(String a, String b) {
    assertEquals(CanonicalJson.of(a), CanonicalJson.of(b), a + " vs " + b);
  }

  private static void assertDiffer(String a, String b) {
    assertNotEquals(CanonicalJson.of(a), CanonicalJson.of(b), a + " vs " + b);
  }

  @Test
  void keysAreSortedAndSpacesDropped() {
    assertEquals(
        "{\"a\":1,\"b\":[true,null]}",
        CanonicalJson.of("{ \"b\" : [ true , null ],\n\t\"a\": 1 }"));
    assertSame("{\"b\":1,\"a\":2}", "{\"a\":2,\"b\":1}");
    assertDiffer("{\"a\":1,\"b\":2}", "{\"a\":2,\"b\":1}");
  }

  @Test
  void keysInJsonbsOrderStayAndOthersAreSortedIntoIt() {
    // jsonb prints shorter keys first: its text is already in the canonical order
    assertEquals(
        "{\"n\":1,\"tag\":\"red\",\"flag\":true}",
        CanonicalJson.of("{\"n\": 1, \"tag\": \"red\", \"flag\": true}"));
    assertEquals(
        "{\"n\":1,\"tag\":\"red\",\"flag\":true}",
        CanonicalJson.of("{\"flag\":true,\"tag\":\"red\",\"n\":1}"));
    // an object out of order inside one in order, and the other way round
    assertSame("{\"a\":{\"zz\":1,\"b\":2},\"bb\":0}", "{\"bb\":0,\"a\":{\"b\":2,\"zz\":1}}");
    // a duplicate key after sorted ones: the last still wins
    assertEquals("{\"a\":3,\"b\":2}", CanonicalJson.of("{\"a\":1,\"b\":2,\"a\":3}"));
  }

  @Test
  void controlCharactersAreEscapedBetweenPlainRuns() {
    assertEquals("\"a\\u0001b\\\"c\"", CanonicalJson.of("\"a\\u0001b\\\"c\""));
  }

  @Test
  void theLastOfDuplicateKeysWinsAsInJsonb() {
    assertEquals("{\"a\":2}", CanonicalJson.of("{\"a\":1,\"a\":2}"));
    assertDiffer("{\"a\":1,\"a\":2}", "{\"a\":1}");
  }

  @Test
  void numbersCompareByValue() {
    assertSame("1.50", "1.5");
    assertSame("1e2", "100");
    assertSame("1E+2", "100.000");
    assertSame("0.0", "0");
    assertSame("-0", "0");
    assertSame("{\"n\":[1.10,2e-1]}", "{\"n\":[1.1,0.2]}");
    assertSame("12345678901234567890123", "1.2345678901234567890123e22");
    assertDiffer("1.5", "1.05");
    assertDiffer("100", "-100");
    // digits beyond a double's survive
    assertDiffer("0.10000000000000000001", "0.1");
    // a number is not its text
    assertDiffer("1", "\"1\"");
  }

  @Test
  void nestedArraysAndObjectsAreCanonicalAllTheWayDown() {
    assertSame(
        "{\"z\":[{\"y\":1,\"x\":[2,{\"b\":1.0,\"a\":null}]}],\"a\":{}}",
        "{\"a\":{},\"z\":[{\"x\":[2,{\"a\":null,\"b\":1}],\"y\":1}]}");
    // arrays keep their order
    assertDiffer("[1,2]", "[2,1]");
    assertDiffer("[[1],[2]]", "[[2],[1]]");
    assertDiffer("[]", "{}");
  }

  @Test
  void unicodeAndEscapesMeanTheirCharacters() {
    assertSame("\"\\u00e9\"", "\"é\"");
    assertSame("\"\\ud83d\\udea2\"", "\"🚢\"");
    assertSame("\"a\\/b\"", "\"a/b\"");
    assertSame("{\"k\\u00e9\":\"\\t\"}", "{\"ké\":\"\\u0009\"}");
    assertSame(
        "\"line\\nbreak \\\"quoted\\\" back\\\\slash\"",
        "\"line\\u000abreak \\u0022quoted\\u0022 back\\u005cslash\"");
    assertDiffer("\"é\"", "\"e\\u0301\""); // no Unicode normalization: jsonb keeps both
  }

  @Test
  void aStringThatLooksLikeJsonStaysAString() {
    String inner = "\"{\\\"b\\\":1,\\\"a\\\":2}\"";
    assertEquals(inner, CanonicalJson.of(inner));
    assertDiffer(inner, "{\"a\":2,\"b\":1}");
  }

  @Test
  void textThatIsNotJsonIsReturnedAsIs() {
    for (String text :
        List.of(
            "",
            "   ",
            "not json",
            "{a:1}",
            "{\"a\":1",
            "[1,]",
            "'single'",
            "NaN",
            "1e9999999999")) {
      assertEquals(text, CanonicalJson.of(text), text);
    }
  }

  @Test
  void textWithMoreThanOneValueIsNotOneJsonDocument() {
    // jsonb refuses these; they must not compare equal to their first value
    assertDiffer("{\"a\":1} trailing", "{\"a\":1}");
    assertDiffer("1 2", "1");
    assertEquals("[1] [2]", CanonicalJson.of("[1] [2]"));
  }

  /** What PostgreSQL's {@code jsonb} prints of each source text is the same document. */
  @Test
  void jsonbsOwnOutputEqualsTheSourceTextCanonically(TestDatabase db) throws Exception {
    List<String> sources =
        List.of(
            "{\"b\": 1, \"a\": [1.50, 1e2, -0.0, 2E-3]}",
            "{\"a\": 1, \"a\": {\"z\": null, \"y\": false}}",
            "[\"\\u00e9\\/\\t\\n\\\"\\\\\", \"🚢 東京\", \"\\u0001\"]",
            "{\"nested\": [[1, [2, [3]]], {\"k\": \"{\\\"not\\\": \\\"parsed\\\"}\"}]}",
            "123456789012345678901234567890.123456789",
            "\"just a string\"",
            "{\"\": \"\", \"ä\": 0.10}",
            "  true  ");
    try (Connection c = db.connect();
        PreparedStatement q = c.prepareStatement("SELECT ?::jsonb::text")) {
      for (String source : sources) {
        q.setString(1, source);
        try (ResultSet rs = q.executeQuery()) {
          rs.next();
          String jsonb = rs.getString(1);
          assertEquals(CanonicalJson.of(source), CanonicalJson.of(jsonb), source + " → " + jsonb);
        }
      }
    }
  }
}

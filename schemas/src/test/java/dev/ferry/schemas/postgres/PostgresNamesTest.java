package dev.ferry.schemas.postgres;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ferry.schemas.postgres.PostgresNames.Rename;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PostgresNamesTest {

  private static int bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8).length;
  }

  @Test
  void keepsNamesOfAtMost63Bytes() {
    String exactly63 = "c".repeat(63);
    PostgresNames names = PostgresNames.of(List.of("id", exactly63));
    assertEquals(List.of("id", exactly63), names.targets());
    assertEquals(List.of(), names.renames());
  }

  @Test
  void cutsA70ByteNameTo54BytesAndAHashOfTheWholeName() {
    String name = "a".repeat(70);
    // The expected hash is sha256("a" x 70), computed outside Java.
    String expected = "a".repeat(54) + "_6bd5e503";
    assertEquals(expected, PostgresNames.fit(name));
    assertEquals(63, bytes(expected));
    PostgresNames names = PostgresNames.of(List.of(name));
    assertEquals(expected, names.get(name));
    assertEquals(List.of(new Rename(name, expected)), names.renames());
    assertEquals("longer than 63 bytes", names.renames().get(0).reason());
  }

  @Test
  void namesEqualInTheirFirst63BytesStayApart() {
    String prefix = "customer_" + "x".repeat(54);
    assertEquals(63, bytes(prefix));
    String one = prefix + "_one";
    String two = prefix + "_two";
    PostgresNames names = PostgresNames.of(List.of(one, two));
    assertEquals(prefix.substring(0, 54) + "_61402969", names.get(one));
    assertEquals(prefix.substring(0, 54) + "_0c789a92", names.get(two));
    assertNotEquals(names.get(one), names.get(two));
    assertEquals(2, names.renames().size());
  }

  @Test
  void cutsMultiByteNamesOnACharacterBoundary() {
    String name = "a" + "é".repeat(40); // 81 bytes; 54 would split an é
    String fitted = PostgresNames.fit(name);
    assertEquals("a" + "é".repeat(26) + "_4831141c", fitted);
    assertEquals(62, bytes(fitted));
    String emoji = "\uD83D\uDE00".repeat(20); // 80 bytes of 4-byte characters
    String cut = PostgresNames.fit(emoji);
    assertEquals("\uD83D\uDE00".repeat(13), cut.substring(0, cut.length() - 9));
    assertTrue(bytes(cut) <= PostgresNames.MAX_BYTES);
    assertEquals(cut, new String(cut.getBytes(StandardCharsets.UTF_8), StandardCharsets.UTF_8));
  }

  @Test
  void isDeterministicAndIndependentOfOrder() {
    String longName = "n".repeat(80);
    List<String> a = PostgresNames.of(List.of("x", longName, "y")).targets();
    List<String> b = PostgresNames.of(List.of(longName, "y", "x")).targets();
    assertEquals(a, PostgresNames.of(List.of("x", longName, "y")).targets());
    assertEquals(a.get(1), b.get(0));
  }

  @Test
  void numbersANameGivenTwice() {
    PostgresNames names = PostgresNames.of(List.of("idx_created", "idx_created", "idx_created"));
    assertEquals(List.of("idx_created", "idx_created_2", "idx_created_3"), names.targets());
    assertEquals("the name is taken in the same namespace", names.renames().get(0).reason());
    assertEquals(Map.of("idx_created", "idx_created"), names.mapping());
  }

  @Test
  void aKeptNameNeverLosesToARenamedOne() {
    String longName = "a".repeat(70);
    String lookalike = "a".repeat(54) + "_6bd5e503";
    PostgresNames names = PostgresNames.of(List.of(longName, lookalike));
    assertEquals(lookalike, names.get(lookalike));
    assertNotEquals(lookalike, names.get(longName));
    assertTrue(bytes(names.get(longName)) <= PostgresNames.MAX_BYTES);
  }

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource(
      delimiter = '|',
      value = {
        "references       | \"references\"",
        "order            | \"order\"",
        "OrderDetails     | \"OrderDetails\"",
        "Order Details    | \"Order Details\"",
        "Order \"Details\" | \"Order \"\"Details\"\"\"",
      })
  void quotesEveryName(String name, String quoted) {
    PostgresNames names = PostgresNames.of(List.of(name));
    assertEquals(name, names.get(name));
    assertEquals(quoted, names.quote(name));
  }

  @Test
  void refusesUnknownNames() {
    PostgresNames names = PostgresNames.of(List.of("id"));
    assertThrows(IllegalArgumentException.class, () -> names.get("ID"));
  }
}

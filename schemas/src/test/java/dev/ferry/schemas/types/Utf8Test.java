package dev.ferry.schemas.types;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

class Utf8Test {

  private static byte[] bytes(int... values) {
    byte[] b = new byte[values.length];
    for (int i = 0; i < values.length; i++) {
      b[i] = (byte) values[i];
    }
    return b;
  }

  private static byte[] hex(String hex) {
    byte[] b = new byte[hex.length() / 2];
    for (int i = 0; i < b.length; i++) {
      b[i] = (byte) Integer.parseInt(hex.substring(2 * i, 2 * i + 2), 16);
    }
    return b;
  }

  @ParameterizedTest
  @EnumSource(Utf8.Policy.class)
  void decodesValidTextUnderEitherPolicy(Utf8.Policy policy) throws ValueRejected {
    String text = "plain ascii, é, €, 中文, \uD83D\uDE00 and a NUL \0 too";
    assertEquals(text, Utf8.decode(text.getBytes(StandardCharsets.UTF_8), policy));
    assertEquals("", Utf8.decode(new byte[0], policy));
  }

  @Test
  void decodeStrictReturnsTheText() throws ValueRejected {
    assertEquals("Grüße", Utf8.decodeStrict("Grüße".getBytes(StandardCharsets.UTF_8)));
  }

  @ParameterizedTest(name = "{0}: bad byte at {1}")
  @CsvSource({
    // a Latin-1 'é' in the middle of ASCII
    "61E962, 1",
    // a lone continuation byte at the start
    "8061, 0",
    // a sequence cut short at the end: 'ab' then the first byte of 'é'
    "6162C3, 2",
    // a three-byte sequence cut short by ASCII
    "E282 41, 0",
    // overlong encoding of '/'
    "2FC0AF, 1",
    // a UTF-16 surrogate encoded as UTF-8 (CESU)
    "41EDA080, 1",
    // beyond U+10FFFF
    "41F4908080, 1",
    // bytes that never occur in UTF-8
    "414243FF, 3",
    "FE, 0",
    // the bad byte after valid multi-byte characters: offsets count bytes, not characters
    "C3A9E282AC80, 5",
  })
  void rejectsInvalidBytesNamingTheOffset(String hexBytes, int offset) {
    byte[] input = hex(hexBytes.replace(" ", ""));
    ValueRejected e =
        assertThrows(ValueRejected.class, () -> Utf8.decode(input, Utf8.Policy.REJECT));
    assertEquals("text is not valid UTF-8 (bad byte at offset " + offset + ")", e.getMessage());
    assertThrows(ValueRejected.class, () -> Utf8.decodeStrict(input));
  }

  @Test
  void replaceTurnsBadBytesIntoTheReplacementCharacter() throws ValueRejected {
    assertEquals("a\uFFFDb", Utf8.decode(bytes('a', 0xE9, 'b'), Utf8.Policy.REPLACE));
    assertEquals("ab\uFFFD", Utf8.decode(bytes('a', 'b', 0xC3), Utf8.Policy.REPLACE));
    assertEquals("\uFFFD\uFFFD", Utf8.decode(bytes(0xFF, 0xFE), Utf8.Policy.REPLACE));
    assertEquals("é\uFFFD", Utf8.decode(bytes(0xC3, 0xA9, 0x80), Utf8.Policy.REPLACE));
  }

  @Test
  void replaceKeepsGoodTextAroundTheBadBytes() throws ValueRejected {
    byte[] mixed = "héllo ".getBytes(StandardCharsets.UTF_8);
    byte[] input = new byte[mixed.length + 2];
    System.arraycopy(mixed, 0, input, 0, mixed.length);
    input[mixed.length] = (byte) 0xE9;
    input[mixed.length + 1] = '!';
    assertEquals("héllo \uFFFD!", Utf8.decode(input, Utf8.Policy.REPLACE));
  }
}

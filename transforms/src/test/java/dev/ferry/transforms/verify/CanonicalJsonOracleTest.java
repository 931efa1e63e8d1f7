package dev.ferry.transforms.verify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.math.BigDecimal;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * {@link CanonicalJson} scans JSON by hand for speed; Jackson's parser is the oracle here. On
 * random documents (nested, escaped, spaced, numbers in many spellings, keys out of order and
 * twice) and on their mutilations, the scan must agree with Jackson on what is JSON and write what
 * a canonical form built from Jackson's tokens writes.
 */
class CanonicalJsonOracleTest {

  private static final JsonFactory JACKSON = new JsonFactory();
  private static final String[] KEYS = {"a", "b", "n", "tag", "flag", "ké", "", "a\"q", "zz", "ab"};
  private static final String[] NUMBERS = {
    "0",
    "-0",
    "7",
    "-12",
    "10",
    "1.50",
    "1e2",
    "1E+2",
    "2e-3",
    "-0.0",
    "123456789012345678",
    "1234567890123456789",
    "100.000",
    "0.10000000000000000001",
    "9007199254740993"
  };
  private static final String[] STRINGS = {
    "plain",
    "é",
    "\\u00e9",
    "\\ud83d\\udea2",
    "🚢 東京",
    "a\\/b",
    "tab\\tnew\\nline",
    "q\\\"uote",
    "back\\\\slash",
    "\\u0001",
    "\\u005c",
    ""
  };
  private static final String[] SPACES = {"", "", "", " ", "\n\t ", "\r\n"};

  @Test
  void randomDocumentsMatchTheOracle() {
    Random random = new Random(20261121);
    for (int i = 0; i < 2_000; i++) {
      String doc = space(random) + value(random, 0) + space(random);
      String expected = oracle(doc);
      assertEquals(expected, CanonicalJson.of(doc), doc);
    }
  }

  @Test
  void mutilatedDocumentsAreJsonExactlyWhenJacksonSaysSo() {
    Random random = new Random(7);
    String cuts = "{}[]\",:.-e0 \\tu";
    for (int i = 0; i < 2_000; i++) {
      StringBuilder doc = new StringBuilder(value(random, 0));
      int at = random.nextInt(doc.length() + 1);
      switch (random.nextInt(3)) {
        case 0 -> {
          if (at < doc.length()) {
            doc.deleteCharAt(at);
          }
        }
        case 1 -> doc.insert(at, cuts.charAt(random.nextInt(cuts.length())));
        default -> doc.setLength(at);
      }
      String text = doc.toString();
      StringBuilder out = new StringBuilder();
      CharSequence canonical = CanonicalJson.append(text, out);
      String expected = oracle(text);
      if (expected == text) {
        assertSame(text, canonical, "Jackson refuses " + text);
        assertEquals(0, out.length(), text);
      } else {
        assertEquals(expected, canonical.toString(), text);
      }
    }
  }

  private static String space(Random random) {
    return SPACES[random.nextInt(SPACES.length)];
  }

  private static String value(Random random, int depth) {
    int kind = random.nextInt(depth > 3 ? 4 : 6);
    return switch (kind) {
      case 0 -> NUMBERS[random.nextInt(NUMBERS.length)];
      case 1 -> "\"" + STRINGS[random.nextInt(STRINGS.length)] + "\"";
      case 2 -> new String[] {"true", "false", "null"}[random.nextInt(3)];
      case 3 -> "\"" + STRINGS[random.nextInt(STRINGS.length)] + random.nextInt(100) + "\"";
      case 4 -> {
        StringBuilder a = new StringBuilder("[").append(space(random));
        int n = random.nextInt(4);
        for (int i = 0; i < n; i++) {
          a.append(i > 0 ? "," + space(random) : "").append(value(random, depth + 1));
        }
        yield a.append(space(random)).append(']').toString();
      }
      default -> {
        StringBuilder o = new StringBuilder("{").append(space(random));
        int n = random.nextInt(5);
        for (int i = 0; i < n; i++) {
          o.append(i > 0 ? "," + space(random) : "")
              .append('"')
              .append(KEYS[random.nextInt(KEYS.length)].replace("\"", "\\\""))
              .append('"')
              .append(space(random))
              .append(':')
              .append(space(random))
              .append(value(random, depth + 1));
        }
        yield o.append(space(random)).append('}').toString();
      }
    };
  }

  /** The canonical form from Jackson's tokens, or {@code text} itself when Jackson refuses it. */
  private static String oracle(String text) {
    try (JsonParser parser = JACKSON.createParser(text)) {
      JsonToken first = parser.nextToken();
      if (first == null) {
        return text;
      }
      StringBuilder out = new StringBuilder();
      write(parser, first, out);
      return parser.nextToken() == null ? out.toString() : text;
    } catch (IOException | NumberFormatException e) {
      return text; // a NumberFormatException: an exponent beyond an int's range
    }
  }

  private static void write(JsonParser parser, JsonToken token, StringBuilder out)
      throws IOException {
    switch (token) {
      case START_OBJECT -> {
        Map<String, String> fields =
            new TreeMap<>(
                (a, b) ->
                    a.length() != b.length()
                        ? Integer.compare(a.length(), b.length())
                        : a.compareTo(b));
        for (JsonToken t = parser.nextToken(); t != JsonToken.END_OBJECT; t = parser.nextToken()) {
          StringBuilder name = new StringBuilder();
          quote(parser.currentName(), name);
          StringBuilder field = new StringBuilder();
          write(parser, parser.nextToken(), field);
          fields.put(name.substring(1, name.length() - 1), field.toString());
        }
        out.append('{');
        String comma = "";
        for (Map.Entry<String, String> f : fields.entrySet()) {
          out.append(comma).append('"').append(f.getKey()).append("\":").append(f.getValue());
          comma = ",";
        }
        out.append('}');
      }
      case START_ARRAY -> {
        out.append('[');
        String comma = "";
        for (JsonToken t = parser.nextToken(); t != JsonToken.END_ARRAY; t = parser.nextToken()) {
          out.append(comma);
          write(parser, t, out);
          comma = ",";
        }
        out.append(']');
      }
      case VALUE_STRING -> quote(parser.getText(), out);
      case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> {
        BigDecimal n = new BigDecimal(parser.getText());
        out.append(n.signum() == 0 ? "0" : n.stripTrailingZeros().toString());
      }
      default -> out.append(parser.getText());
    }
  }

  private static void quote(String s, StringBuilder out) {
    out.append('"');
    for (char c : s.toCharArray()) {
      if (c == '"' || c == '\\') {
        out.append('\\').append(c);
      } else if (c < 0x20) {
        out.append(String.format("\\u%04x", (int) c));
      } else {
        out.append(c);
      }
    }
    out.append('"');
  }
}

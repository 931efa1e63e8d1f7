package dev.ferry.transforms.verify;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.math.BigDecimal;
import java.util.Map;
import java.util.TreeMap;

/**
 * One spelling of a JSON document, so a source's JSON text and the {@code jsonb} PostgreSQL made of
 * it compare equal: {@code jsonb} sorts keys, drops spaces, keeps the last of duplicate keys and
 * rewrites {@code 1e2} as {@code 100}; MySQL's JSON type does much the same in its own order.
 *
 * <p>The form: objects with keys sorted, arrays in order, no spaces, numbers by value ({@code 1.50}
 * and {@code 1.5} are one number, as in {@code jsonb} equality), strings with JSON's escapes. Text
 * that does not parse as one JSON value is returned as is: it then compares as text.
 *
 * <p>Written straight from Jackson's token stream, without a tree: a JSON column is the costliest
 * value a verify digests.
 */
final class CanonicalJson {

  private static final JsonFactory FACTORY = new JsonFactory();

  private CanonicalJson() {}

  static String of(String text) {
    try (JsonParser parser = FACTORY.createParser(text)) {
      JsonToken first = parser.nextToken();
      if (first == null) {
        return text;
      }
      StringBuilder out = new StringBuilder(text.length());
      value(parser, first, out);
      // "{…} x" is not one JSON value (jsonb refuses it): it must not equal its first value
      return parser.nextToken() == null ? out.toString() : text;
    } catch (IOException e) {
      return text;
    }
  }

  private static void value(JsonParser parser, JsonToken token, StringBuilder out)
      throws IOException {
    switch (token) {
      case START_OBJECT -> {
        Map<String, String> fields = new TreeMap<>(); // sorted; the last of a duplicate key wins
        for (JsonToken t = parser.nextToken(); t != JsonToken.END_OBJECT; t = parser.nextToken()) {
          String name = parser.currentName();
          StringBuilder field = new StringBuilder();
          value(parser, parser.nextToken(), field);
          fields.put(name, field.toString());
        }
        out.append('{');
        boolean first = true;
        for (Map.Entry<String, String> field : fields.entrySet()) {
          if (!first) {
            out.append(',');
          }
          first = false;
          quote(field.getKey(), out);
          out.append(':').append(field.getValue());
        }
        out.append('}');
      }
      case START_ARRAY -> {
        out.append('[');
        boolean first = true;
        for (JsonToken t = parser.nextToken(); t != JsonToken.END_ARRAY; t = parser.nextToken()) {
          if (!first) {
            out.append(',');
          }
          first = false;
          value(parser, t, out);
        }
        out.append(']');
      }
      case VALUE_STRING -> quote(parser.getText(), out);
      case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> {
        BigDecimal number = new BigDecimal(parser.getText());
        out.append(number.signum() == 0 ? "0" : number.stripTrailingZeros().toString());
      }
      case VALUE_TRUE -> out.append("true");
      case VALUE_FALSE -> out.append("false");
      case VALUE_NULL -> out.append("null");
      default -> throw new IOException("unexpected " + token);
    }
  }

  /** A JSON string: quotes, backslashes and control characters escaped, the rest as is. */
  private static void quote(String s, StringBuilder out) {
    out.append('"');
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
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

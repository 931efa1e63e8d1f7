package dev.ferry.transforms.verify;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import java.math.BigDecimal;
import java.util.Iterator;
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
 */
final class CanonicalJson {

  private static final ObjectMapper MAPPER =
      new ObjectMapper()
          .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
          // "{…} x" is not one JSON value (jsonb refuses it): it must not equal its first value
          .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

  /** Made once: a mapper's own readTree looks the node type up on every call. */
  private static final ObjectReader READER = MAPPER.reader();

  private CanonicalJson() {}

  static String of(String text) {
    JsonNode node;
    try {
      node = READER.readTree(text);
    } catch (JsonProcessingException e) {
      return text;
    }
    if (node == null || node.isMissingNode()) {
      return text;
    }
    StringBuilder out = new StringBuilder(text.length());
    write(node, out);
    return out.toString();
  }

  private static void write(JsonNode node, StringBuilder out) {
    if (node.isObject()) {
      Map<String, JsonNode> sorted = new TreeMap<>();
      for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> field = it.next();
        sorted.put(field.getKey(), field.getValue());
      }
      out.append('{');
      boolean first = true;
      for (Map.Entry<String, JsonNode> field : sorted.entrySet()) {
        if (!first) {
          out.append(',');
        }
        first = false;
        quote(field.getKey(), out);
        out.append(':');
        write(field.getValue(), out);
      }
      out.append('}');
    } else if (node.isArray()) {
      out.append('[');
      for (int i = 0; i < node.size(); i++) {
        if (i > 0) {
          out.append(',');
        }
        write(node.get(i), out);
      }
      out.append(']');
    } else if (node.isNumber()) {
      BigDecimal value = node.decimalValue();
      out.append(value.signum() == 0 ? "0" : value.stripTrailingZeros().toString());
    } else if (node.isTextual()) {
      quote(node.textValue(), out);
    } else {
      out.append(node.asText()); // true, false, null
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

package dev.ferry.schemas.convert;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.util.Base64;
import java.util.Map;
import org.apache.beam.sdk.values.Row;

/**
 * Values as JSON, for dead letters and reports: the original values of a rejected row must be
 * readable and complete. Bytes become base64, decimals keep every digit, times are ISO-8601.
 */
public final class JsonValues {

  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  private JsonValues() {}

  /** One JSON object with a member per entry, in the map's order. */
  public static String object(Map<String, ?> values) {
    ObjectNode node = NODES.objectNode();
    values.forEach((k, v) -> node.set(k, node(v)));
    return write(node);
  }

  /** One JSON object with a member per field of {@code row}. */
  public static String object(Row row) {
    ObjectNode node = NODES.objectNode();
    for (int i = 0; i < row.getFieldCount(); i++) {
      node.set(row.getSchema().getField(i).getName(), node(row.getValue(i)));
    }
    return write(node);
  }

  /** A JSON node for one value of any type a row carries. */
  public static JsonNode node(Object v) {
    if (v == null) {
      return NODES.nullNode();
    }
    if (v instanceof Boolean b) {
      return NODES.booleanNode(b);
    }
    if (v instanceof Short || v instanceof Integer || v instanceof Long) {
      return NODES.numberNode(((Number) v).longValue());
    }
    if (v instanceof Float f) {
      return Float.isFinite(f) ? NODES.numberNode(f) : NODES.textNode(f.toString());
    }
    if (v instanceof Double d) {
      return Double.isFinite(d) ? NODES.numberNode(d) : NODES.textNode(d.toString());
    }
    if (v instanceof BigDecimal d) {
      return NODES.numberNode(d);
    }
    if (v instanceof byte[] bytes) {
      return NODES.textNode("base64:" + Base64.getEncoder().encodeToString(bytes));
    }
    if (v instanceof Row r) {
      return NODES.rawValueNode(new com.fasterxml.jackson.databind.util.RawValue(object(r)));
    }
    return NODES.textNode(v.toString());
  }

  private static String write(JsonNode node) {
    try {
      return MAPPER.writeValueAsString(node);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException("cannot write JSON", e);
    }
  }
}

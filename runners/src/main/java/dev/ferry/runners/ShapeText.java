package dev.ferry.runners;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ferry.schemas.document.CollectionShape;
import dev.ferry.schemas.document.FieldPath;
import dev.ferry.schemas.document.FieldStats;
import dev.ferry.schemas.inventory.SourceObject;
import dev.ferry.schemas.mongo.MongoInventory;
import dev.ferry.schemas.mongo.SampledCollection;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Renders a MongoDB inventory for {@code ferry inspect mongodb://…}: per collection its count
 * estimate, then each field path with its BSON types (as shares of the values seen at the path) and
 * the share of sampled documents that have it, e.g.
 *
 * <pre>
 * contacts.[].phone  STRING 98%, NULL 2%  (in 96% of documents)
 * </pre>
 */
final class ShapeText {

  private ShapeText() {}

  static String text(MongoInventory inv) {
    StringBuilder out = new StringBuilder();
    out.append(
        String.format(
            Locale.ROOT,
            "mongodb source %s: %d collections, %d objects not copied%n",
            inv.source(),
            inv.collections().size(),
            inv.notCopied().size()));
    for (SampledCollection c : inv.collections()) {
      CollectionShape shape = c.shape();
      out.append(
          String.format(
              Locale.ROOT,
              "%ncollection %s  (%s documents; %d sampled: %s)%n",
              c.name(),
              shape.estimatedCount() < 0 ? "unknown number of" : "~" + shape.estimatedCount(),
              shape.sampled(),
              c.sampling().text()));
      int width = shape.fields().stream().mapToInt(f -> path(f.path()).length()).max().orElse(0);
      for (FieldStats f : shape.fields()) {
        out.append(
            String.format(
                Locale.ROOT,
                "  %-" + width + "s  %s  (in %s of documents)%n",
                path(f.path()),
                types(f),
                percent(f.documents(), shape.sampled())));
      }
    }
    if (!inv.notCopied().isEmpty()) {
      out.append("\nnot copied (listed only):\n");
      for (SourceObject o : inv.notCopied()) {
        out.append("  ").append(o.kind()).append(' ').append(o.name());
        if (!o.definition().isEmpty()) {
          out.append(' ').append(o.definition());
        }
        out.append('\n');
      }
    }
    return out.toString();
  }

  static String json(MongoInventory inv) throws Exception {
    ObjectMapper mapper = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    ObjectNode root = mapper.createObjectNode();
    root.put("source", inv.source());
    root.put("dialect", "mongodb");
    root.put("database", inv.database());
    ArrayNode collections = root.putArray("collections");
    for (SampledCollection c : inv.collections()) {
      CollectionShape shape = c.shape();
      ObjectNode n = collections.addObject();
      n.put("name", c.name());
      n.put("estimated_count", shape.estimatedCount());
      n.put("sampled", shape.sampled());
      n.put("sampling", c.sampling().name().toLowerCase(Locale.ROOT));
      ArrayNode fields = n.putArray("fields");
      for (FieldStats f : shape.fields()) {
        ObjectNode fn = fields.addObject();
        fn.put("path", path(f.path()));
        f.path().segments().forEach(fn.putArray("segments")::add);
        fn.put("documents", f.documents());
        ObjectNode types = fn.putObject("types");
        byCount(f).forEach(e -> types.put(e.getKey(), e.getValue()));
      }
    }
    ArrayNode others = root.putArray("not_copied");
    for (SourceObject o : inv.notCopied()) {
      others
          .addObject()
          .put("kind", o.kind())
          .put("name", o.name())
          .put("definition", o.definition());
    }
    return mapper.writeValueAsString(root) + "\n";
  }

  /**
   * The path as people read it: keys joined by dots, array steps as {@code []}; a key that would
   * read as something else (a dot or space in it, empty, quotes) is written as a JSON string.
   */
  static String path(FieldPath path) {
    List<String> shown = new ArrayList<>();
    for (String s : path.segments()) {
      shown.add(s.equals(FieldPath.ARRAY) || plain(s) ? s : quoted(s));
    }
    return String.join(".", shown);
  }

  private static boolean plain(String key) {
    if (key.isEmpty() || key.equals(FieldPath.ARRAY)) {
      return false;
    }
    for (int i = 0; i < key.length(); i++) {
      char ch = key.charAt(i);
      if (ch == '.' || ch == '"' || ch == '\\' || Character.isWhitespace(ch) || ch < 0x20) {
        return false;
      }
    }
    return true;
  }

  private static String quoted(String key) {
    StringBuilder b = new StringBuilder("\"");
    for (int i = 0; i < key.length(); i++) {
      char ch = key.charAt(i);
      switch (ch) {
        case '"' -> b.append("\\\"");
        case '\\' -> b.append("\\\\");
        default -> {
          if (ch < 0x20) {
            b.append(String.format(Locale.ROOT, "\\u%04x", (int) ch));
          } else {
            b.append(ch);
          }
        }
      }
    }
    return b.append('"').toString();
  }

  /** {@code STRING 98%, NULL 2%}: each type's share of the values seen at the path. */
  private static String types(FieldStats f) {
    long total = f.types().values().stream().mapToLong(Long::longValue).sum();
    return byCount(f).stream()
        .map(e -> e.getKey() + " " + percent(e.getValue(), total))
        .collect(Collectors.joining(", "));
  }

  /** Most frequent first, then by name, so the output is the same on every run. */
  private static List<Map.Entry<String, Long>> byCount(FieldStats f) {
    return f.types().entrySet().stream()
        .sorted(
            Map.Entry.<String, Long>comparingByValue(Comparator.reverseOrder())
                .thenComparing(Map.Entry.comparingByKey()))
        .toList();
  }

  /** Whole percent, but never "0%" for something seen nor "100%" for something not always seen. */
  static String percent(long part, long whole) {
    if (whole <= 0) {
      return "0%";
    }
    long p = Math.round(100.0 * part / whole);
    if (p == 0 && part > 0) {
      return "<1%";
    }
    if (p == 100 && part < whole) {
      return ">99%";
    }
    return p + "%";
  }
}

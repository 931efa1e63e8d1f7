package dev.ferry.schemas.document;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.bson.BsonBinary;
import org.bson.BsonBinarySubType;
import org.bson.BsonDocument;
import org.bson.BsonValue;

/**
 * Counts what a run of documents holds, path by path, into a {@link CollectionShape}: every path
 * including those inside arrays ({@code contacts.[].phone}), the BSON types seen there ({@code
 * NULL} as its own type, so a null and a missing field stay apart), and in how many documents the
 * path occurs. Not thread-safe; one counter per collection.
 *
 * <pre>{@code
 * ShapeCounter counter = new ShapeCounter();
 * for (BsonDocument d : sample) counter.add(d);
 * CollectionShape shape = counter.shape("contracts", estimatedCount);
 * }</pre>
 */
public final class ShapeCounter {

  /** The type name of a standard (subtype 4) UUID. */
  public static final String UUID = "UUID";

  private static final FieldPath ROOT = new FieldPath(List.of());

  private final Map<FieldPath, Tally> tallies = new LinkedHashMap<>();
  private long documents;

  /** Counts one document. */
  public void add(BsonDocument document) {
    documents++;
    Set<FieldPath> seen = new HashSet<>();
    fields(ROOT, document, seen);
    for (FieldPath p : seen) {
      tallies.get(p).documents++;
    }
  }

  /** How many documents were added. */
  public long documents() {
    return documents;
  }

  /**
   * The shape so far. Fields come parents first, each followed by its children (depth first), and
   * siblings in the order they were first seen.
   */
  public CollectionShape shape(String collection, long estimatedCount) {
    Map<FieldPath, List<FieldPath>> children = new LinkedHashMap<>();
    for (FieldPath p : tallies.keySet()) {
      children.computeIfAbsent(parent(p), k -> new ArrayList<>()).add(p);
    }
    List<FieldStats> fields = new ArrayList<>(tallies.size());
    appendTree(ROOT, children, fields);
    return new CollectionShape(collection, documents, estimatedCount, fields);
  }

  private void appendTree(
      FieldPath parent, Map<FieldPath, List<FieldPath>> children, List<FieldStats> out) {
    for (FieldPath p : children.getOrDefault(parent, List.of())) {
      out.add(tallies.get(p).stats());
      appendTree(p, children, out);
    }
  }

  private void fields(FieldPath path, BsonDocument document, Set<FieldPath> seen) {
    for (Map.Entry<String, BsonValue> e : document.entrySet()) {
      value(path.child(e.getKey()), e.getValue(), seen);
    }
  }

  private void value(FieldPath path, BsonValue value, Set<FieldPath> seen) {
    tallies.computeIfAbsent(path, Tally::new).count(typeName(value));
    seen.add(path);
    if (value.isDocument()) {
      fields(path, value.asDocument(), seen);
    } else if (value.isArray()) {
      FieldPath element = path.element();
      for (BsonValue v : value.asArray()) {
        value(element, v, seen);
      }
    }
  }

  /** The name a value's type is counted under. */
  static String typeName(BsonValue value) {
    if (value.isBinary()) {
      BsonBinary b = value.asBinary();
      if (b.getType() == BsonBinarySubType.UUID_STANDARD.getValue() && b.getData().length == 16) {
        return UUID;
      }
    }
    return value.getBsonType().name();
  }

  private static FieldPath parent(FieldPath p) {
    List<String> s = p.segments();
    return new FieldPath(s.subList(0, s.size() - 1));
  }

  /** The counts at one path. */
  private static final class Tally {
    final FieldPath path;
    final Map<String, Long> types = new HashMap<>();
    long documents;

    Tally(FieldPath path) {
      this.path = path;
    }

    void count(String type) {
      types.merge(type, 1L, Long::sum);
    }

    FieldStats stats() {
      Map<String, Long> byName = new LinkedHashMap<>();
      types.entrySet().stream()
          .sorted(
              Map.Entry.<String, Long>comparingByValue(Comparator.reverseOrder())
                  .thenComparing(Map.Entry.comparingByKey()))
          .forEach(e -> byName.put(e.getKey(), e.getValue()));
      return new FieldStats(path, byName, documents);
    }
  }
}

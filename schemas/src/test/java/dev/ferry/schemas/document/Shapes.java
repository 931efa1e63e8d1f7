package dev.ferry.schemas.document;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.bson.BsonArray;
import org.bson.BsonBinarySubType;
import org.bson.BsonDocument;
import org.bson.BsonValue;

/**
 * Shapes and documents for tests: a shape computed from documents the way a sampler counts them
 * (each occurrence once, array elements one by one), and fixture documents from {@code
 * documents/*.json}.
 */
final class Shapes {

  private Shapes() {}

  /** Documents parsed from Extended JSON text: one document, or an array of them. */
  static List<BsonDocument> parse(String json) {
    String t = json.strip();
    if (t.startsWith("[")) {
      return BsonArray.parse(t).getValues().stream().map(BsonValue::asDocument).toList();
    }
    return List.of(BsonDocument.parse(t));
  }

  /** The documents of a fixture file under {@code src/test/resources/documents/}. */
  static List<BsonDocument> fixture(String name) {
    try (InputStream in = Shapes.class.getResourceAsStream("/documents/" + name)) {
      if (in == null) {
        throw new IllegalStateException("missing test resource documents/" + name);
      }
      return parse(new String(in.readAllBytes(), StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  static CollectionShape of(String collection, List<BsonDocument> documents) {
    return of(collection, documents, false);
  }

  /**
   * @param uuids whether binary subtypes 3 and 4 count as {@code UUID} (a sampler that tells them
   *     apart) rather than {@code BINARY}
   */
  static CollectionShape of(String collection, List<BsonDocument> documents, boolean uuids) {
    Map<FieldPath, Map<String, Long>> types = new LinkedHashMap<>();
    Map<FieldPath, Set<Integer>> inDocuments = new HashMap<>();
    for (int i = 0; i < documents.size(); i++) {
      walk(documents.get(i), FieldPath.of(), i, types, inDocuments, uuids);
    }
    List<FieldStats> fields = new ArrayList<>();
    types.forEach(
        (path, counts) -> fields.add(new FieldStats(path, counts, inDocuments.get(path).size())));
    return new CollectionShape(collection, documents.size(), documents.size(), fields);
  }

  static CollectionShape of(String collection, String json) {
    return of(collection, parse(json));
  }

  private static void walk(
      BsonDocument d,
      FieldPath at,
      int doc,
      Map<FieldPath, Map<String, Long>> types,
      Map<FieldPath, Set<Integer>> inDocuments,
      boolean uuids) {
    for (Map.Entry<String, BsonValue> e : d.entrySet()) {
      value(e.getValue(), at.child(e.getKey()), doc, types, inDocuments, uuids);
    }
  }

  private static void value(
      BsonValue v,
      FieldPath path,
      int doc,
      Map<FieldPath, Map<String, Long>> types,
      Map<FieldPath, Set<Integer>> inDocuments,
      boolean uuids) {
    String type = v.getBsonType().name();
    if (uuids && v.isBinary() && BsonBinarySubType.isUuid(v.asBinary().getType())) {
      type = "UUID";
    }
    types.computeIfAbsent(path, p -> new LinkedHashMap<>()).merge(type, 1L, Long::sum);
    inDocuments.computeIfAbsent(path, p -> new HashSet<>()).add(doc);
    if (v.isDocument()) {
      walk(v.asDocument(), path, doc, types, inDocuments, uuids);
    } else if (v.isArray()) {
      for (BsonValue element : v.asArray()) {
        value(element, path.element(), doc, types, inDocuments, uuids);
      }
    }
  }
}

package dev.ferry.schemas.document;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.bson.BsonDocument;
import org.junit.jupiter.api.Test;

class ShapeCounterTest {

  private static CollectionShape shape(String... documents) {
    ShapeCounter counter = new ShapeCounter();
    for (String d : documents) {
      counter.add(BsonDocument.parse(d));
    }
    return counter.shape("c", documents.length);
  }

  private static List<String> paths(CollectionShape shape) {
    return shape.fields().stream().map(f -> f.path().toString()).toList();
  }

  @Test
  void childrenFollowTheirParentEvenWhenSeenLater() {
    CollectionShape shape =
        shape("{\"a\": {\"x\": 1}, \"b\": 2}", "{\"a\": {\"y\": 1}, \"c\": [{\"z\": 1}]}");

    assertEquals(List.of("a", "a.x", "a.y", "b", "c", "c.[]", "c.[].z"), paths(shape));
    assertEquals(2, shape.sampled());
  }

  @Test
  void nullIsATypeAndMissingIsNot() {
    CollectionShape shape = shape("{\"a\": null}", "{\"a\": 1}", "{}");

    FieldStats a = shape.field(FieldPath.of("a")).orElseThrow();
    assertEquals(Map.of("NULL", 1L, "INT32", 1L), a.types());
    assertEquals(2, a.documents());
  }

  @Test
  void arrayPathsCountElementsAndDocumentsApart() {
    CollectionShape shape =
        shape("{\"m\": [[1, 2], [3, {\"$numberLong\": \"4\"}]]}", "{\"m\": []}", "{\"m\": [null]}");

    assertEquals(List.of("m", "m.[]", "m.[].[]"), paths(shape));
    assertEquals(3, shape.field(FieldPath.of("m")).orElseThrow().documents());
    FieldStats elements = shape.field(FieldPath.of("m", "[]")).orElseThrow();
    assertEquals(Map.of("ARRAY", 2L, "NULL", 1L), elements.types());
    assertEquals(2, elements.documents());
    FieldStats inner = shape.field(FieldPath.of("m", "[]", "[]")).orElseThrow();
    assertEquals(Map.of("INT32", 3L, "INT64", 1L), inner.types());
    assertEquals(1, inner.documents());
  }

  @Test
  void keysWithDotsStayOneSegment() {
    CollectionShape shape = shape("{\"a.b\": {\"c d\": true}}");

    assertTrue(shape.field(new FieldPath(List.of("a.b", "c d"))).isPresent());
    assertTrue(shape.field(FieldPath.of("a", "b")).isEmpty());
  }

  @Test
  void onlyStandardUuidsCountAsUuid() {
    CollectionShape shape =
        shape(
            "{\"u\": {\"$binary\": {\"base64\": \"c//SZESzTGmQ6OfR38A11A==\", \"subType\": \"04\"}}}",
            "{\"u\": {\"$binary\": {\"base64\": \"c//SZESzTGmQ6OfR38A11A==\", \"subType\": \"03\"}}}",
            "{\"u\": {\"$binary\": {\"base64\": \"AAEC\", \"subType\": \"04\"}}}",
            "{\"u\": {\"$binary\": {\"base64\": \"AAEC\", \"subType\": \"00\"}}}");

    assertEquals(
        Map.of("UUID", 1L, "BINARY", 3L), shape.field(FieldPath.of("u")).orElseThrow().types());
  }

  @Test
  void anEmptyRunHasNoFields() {
    CollectionShape shape = new ShapeCounter().shape("c", -1);
    assertEquals(0, shape.sampled());
    assertEquals(-1, shape.estimatedCount());
    assertTrue(shape.fields().isEmpty());
  }
}

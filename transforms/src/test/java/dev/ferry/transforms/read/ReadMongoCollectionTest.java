package dev.ferry.transforms.read;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ferry.schemas.Secret;
import dev.ferry.schemas.mongo.CollectionSplit;
import dev.ferry.schemas.mongo.MongoLogin;
import dev.ferry.testkit.MongoExtension;
import dev.ferry.testkit.TestMongoDatabase;
import dev.ferry.testkit.TestPipelineExtension;
import dev.ferry.transforms.metrics.TableMetrics;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.PipelineResult;
import org.apache.beam.sdk.io.Read;
import org.apache.beam.sdk.metrics.MetricNameFilter;
import org.apache.beam.sdk.metrics.MetricResult;
import org.apache.beam.sdk.metrics.MetricsFilter;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.apache.beam.sdk.runners.TransformHierarchy;
import org.apache.beam.sdk.testing.PAssert;
import org.apache.beam.sdk.testing.TestPipeline;
import org.apache.beam.sdk.transforms.MapElements;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.display.DisplayData;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.TypeDescriptors;
import org.bson.BsonDocument;
import org.bson.BsonInt32;
import org.bson.BsonString;
import org.bson.BsonTimestamp;
import org.bson.RawBsonDocument;
import org.bson.json.JsonMode;
import org.bson.json.JsonWriterSettings;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * {@link ReadMongoCollection} against mongo-java-server: every document of {@code
 * documents/bson-types.json} comes out as it went in (same canonical Extended JSON, field order
 * included), filters, the read count, display data without secrets, and the split decision.
 */
@ExtendWith({MongoExtension.class, TestPipelineExtension.class})
class ReadMongoCollectionTest {

  private static final JsonWriterSettings CANONICAL =
      JsonWriterSettings.builder().outputMode(JsonMode.EXTENDED).build();

  private static TestMongoDatabase db;
  private static List<BsonDocument> fixture;

  @BeforeAll
  static void load(TestMongoDatabase database) throws IOException {
    db = database;
    fixture = db.insertJson("types", resource("documents/bson-types.json"));
    // Keys that canonical Extended JSON text would read back as type wrappers: BSON keeps them.
    db.insert(
        "ambiguous",
        List.of(
            new BsonDocument("_id", new BsonInt32(1))
                .append("looks_like_oid", new BsonDocument("$oid", new BsonString("not hex")))
                .append(
                    "looks_like_date",
                    new BsonDocument("$date", new BsonTimestamp(1_700_000_000, 1)))));
    db.insert(
        "int_ids",
        List.of(
            new BsonDocument("_id", new BsonInt32(1)), new BsonDocument("_id", new BsonInt32(2))));
  }

  static String resource(String name) throws IOException {
    try (InputStream in =
        ReadMongoCollectionTest.class.getClassLoader().getResourceAsStream(name)) {
      if (in == null) {
        throw new IOException("no test resource " + name);
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  private static MongoLogin login() {
    return MongoLogin.of(db.connectionString(), "", Secret.of(""));
  }

  private static PCollection<String> canonical(PCollection<RawBsonDocument> docs) {
    return docs.apply(
        "Canonical", MapElements.into(TypeDescriptors.strings()).via(d -> d.toJson(CANONICAL)));
  }

  @Test
  void everyDocumentComesOutAsItWentIn(TestPipeline p) {
    PCollection<RawBsonDocument> docs = p.apply(ReadMongoCollection.of(login(), "types"));

    List<String> expected = fixture.stream().map(d -> d.toJson(CANONICAL)).toList();
    PAssert.that(canonical(docs)).containsInAnyOrder(expected);
    PipelineResult result = p.run();
    result.waitUntilFinish();
    assertEquals(
        fixture.size(), counter(result, TableMetrics.documents("types"), TableMetrics.READ));
  }

  @Test
  void keysThatLookLikeTypeWrappersStayKeys(TestPipeline p) {
    PCollection<RawBsonDocument> docs = p.apply(ReadMongoCollection.of(login(), "ambiguous"));

    PAssert.thatSingleton(docs)
        .satisfies(
            d -> {
              assertEquals(new BsonString("not hex"), d.getDocument("looks_like_oid").get("$oid"));
              assertEquals(
                  new BsonTimestamp(1_700_000_000, 1),
                  d.getDocument("looks_like_date").get("$date"));
              return null;
            });
    p.run().waitUntilFinish();
  }

  @Test
  void aFilterInShellModeReadsOnlyWhatMatches(TestPipeline p) {
    ReadMongoCollection read =
        ReadMongoCollection.of(login(), "types")
            .withFilter(
                "{\"kind\": \"mixed\", \"_id\": {\"$gt\": ObjectId(\"65a1f0c2e4b0a1b2c3d4e503\")}}");
    PCollection<RawBsonDocument> docs = p.apply(read);

    PAssert.that(
            docs.apply(
                MapElements.into(TypeDescriptors.strings())
                    .via(d -> d.getObjectId("_id").getValue().toHexString())))
        .containsInAnyOrder(
            "65a1f0c2e4b0a1b2c3d4e504",
            "65a1f0c2e4b0a1b2c3d4e505",
            "65a1f0c2e4b0a1b2c3d4e506",
            "65a1f0c2e4b0a1b2c3d4e507");
    p.run().waitUntilFinish();
    assertEquals(
        "{\"kind\": \"mixed\", \"_id\": {\"$gt\": {\"$oid\": \"65a1f0c2e4b0a1b2c3d4e503\"}}}",
        read.filter());
  }

  @Test
  void aFilterThatIsNotADocumentIsRefusedNamingTheCollection() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> ReadMongoCollection.of(login(), "types").withFilter("{kind: "));
    assertTrue(e.getMessage().startsWith("filter of collection types is not a JSON document"));
    assertThrows(
        IllegalArgumentException.class,
        () -> ReadMongoCollection.of(login(), "types").withFilter("[1, 2]"));
  }

  @Test
  void theServerHereCannotSplitAndTheProbeSaysWhy() {
    CollectionSplit small =
        CollectionSplit.probe(login(), "types", CollectionSplit.DEFAULT_BYTES_PER_SPLIT);
    assertFalse(small.parallel());
    assertTrue(
        small.describe().matches("one reader: \\d+\\.\\d MB fits one reader"), small.describe());

    // Ask for ranges of a byte each, so that only the server's abilities decide.
    CollectionSplit objectIds = CollectionSplit.probe(login(), "types", 1);
    assertEquals(
        "one reader: the server runs neither splitVector nor $bucketAuto", objectIds.describe());
    CollectionSplit ints = CollectionSplit.probe(login(), "int_ids", 1);
    assertEquals(
        "one reader: its _id values are not all ObjectIds, which MongoDbIO's ranges need",
        ints.describe());
  }

  @Test
  void aSplitReadAsksMongoDbIoForItsRanges() {
    Pipeline p = Pipeline.create();
    p.apply(
        ReadMongoCollection.of(login(), "types")
            .withSplit(new CollectionSplit(CollectionSplit.Method.SPLIT_VECTOR, 8, "1 GB")));
    Map<String, Object> mongoDbIo = displayDataOf(p, Read.Bounded.class);
    assertEquals(8L, ((Number) mongoDbIo.get("numSplits")).longValue());
    assertEquals(false, mongoDbIo.get("bucketAuto"));

    Pipeline q = Pipeline.create();
    q.apply(
        ReadMongoCollection.of(login(), "types")
            .withSplit(new CollectionSplit(CollectionSplit.Method.BUCKET_AUTO, 4, "1 GB")));
    Map<String, Object> bucketed = displayDataOf(q, Read.Bounded.class);
    assertEquals(4L, ((Number) bucketed.get("numSplits")).longValue());
    assertEquals(true, bucketed.get("bucketAuto"));
  }

  @Test
  void aCollectionBiggerThanOneServerReplyIsReadInBatches() {
    // 60 MB: more than the driver takes in one reply (48 MB), which mongo-java-server would send
    // if the cursor asked for no batch size.
    String filler = "x".repeat(3_000);
    List<BsonDocument> big = new ArrayList<>();
    for (int i = 0; i < 20_000; i++) {
      big.add(new BsonDocument("_id", new BsonInt32(i)).append("filler", new BsonString(filler)));
    }
    db.insert("big", big);
    ReadMongoCollection read = ReadMongoCollection.of(login(), "big");
    long[] seen = {0, -1};
    MongoRangeReader.of("big")
        .read(
            read.source(),
            PipelineOptionsFactory.create(),
            d -> {
              seen[0]++;
              seen[1] = Math.max(seen[1], d.getInt32("_id").getValue());
            });
    assertEquals(20_000, seen[0]);
    assertEquals(19_999, seen[1]);
    db.collection("big").drop();
  }

  @Test
  void displayDataNamesTheReadButNotThePassword() {
    String password = "pw-marker-51c0";
    MongoLogin login =
        MongoLogin.of(db.connectionString() + "?appName=t", "reader", Secret.of(password));
    ReadMongoCollection read =
        ReadMongoCollection.of(login, "types")
            .withFilter("{\"kind\": \"mixed\"}")
            .withSplit(
                CollectionSplit.single("the server runs neither splitVector nor $bucketAuto"));

    Map<String, Object> items = new java.util.HashMap<>();
    DisplayData.from(read).items().forEach(i -> items.put(i.getKey(), i.getValue()));
    assertEquals(db.connectionString(), items.get("url"));
    assertEquals("reader", items.get("user"));
    assertEquals("types", items.get("collection"));
    assertEquals("{\"kind\": \"mixed\"}", items.get("filter"));
    assertEquals(
        "one reader: the server runs neither splitVector nor $bucketAuto", items.get("reader"));
    assertFalse(items.toString().contains(password), items.toString());
    assertFalse(read.toString().contains(password));

    // No transform of the expanded read shows it either: MongoDbIO's source included.
    Pipeline p = Pipeline.create();
    p.apply(read);
    List<String> all = new ArrayList<>();
    for (PTransform<?, ?> t : transforms(p)) {
      DisplayData.from(t).items().forEach(i -> all.add(i.getKey() + "=" + i.getValue()));
    }
    assertTrue(
        all.stream().anyMatch(i -> i.equals("url=" + db.connectionString())), all.toString());
    assertFalse(all.toString().contains(password), all.toString());
    assertFalse(
        all.stream().anyMatch(i -> i.contains("reader@") || i.contains("reader:" + password)),
        "no credentials in any URI: " + all);
  }

  /** The display data of the first transform of {@code type} in {@code p}. */
  private static Map<String, Object> displayDataOf(Pipeline p, Class<?> type) {
    PTransform<?, ?> found =
        transforms(p).stream()
            .filter(type::isInstance)
            .findFirst()
            .orElseThrow(
                () -> new AssertionError("no " + type.getSimpleName() + " in the pipeline"));
    Map<String, Object> items = new java.util.HashMap<>();
    DisplayData.from(found).items().forEach(i -> items.put(i.getKey(), i.getValue()));
    return items;
  }

  /** Every transform of {@code p}, composites and primitives, in topological order. */
  private static List<PTransform<?, ?>> transforms(Pipeline p) {
    List<PTransform<?, ?>> all = new ArrayList<>();
    p.traverseTopologically(
        new Pipeline.PipelineVisitor.Defaults() {
          @Override
          public CompositeBehavior enterCompositeTransform(TransformHierarchy.Node node) {
            visitPrimitiveTransform(node);
            return CompositeBehavior.ENTER_TRANSFORM;
          }

          @Override
          public void visitPrimitiveTransform(TransformHierarchy.Node node) {
            if (node.getTransform() != null) {
              all.add(node.getTransform());
            }
          }
        });
    return all;
  }

  static long counter(PipelineResult result, String table, String name) {
    long sum = 0;
    List<MetricResult<Long>> counters = new ArrayList<>();
    result
        .metrics()
        .queryMetrics(
            MetricsFilter.builder()
                .addNameFilter(MetricNameFilter.named(TableMetrics.namespace(table), name))
                .build())
        .getCounters()
        .forEach(counters::add);
    for (MetricResult<Long> c : counters) {
      sum += c.getAttempted();
    }
    return sum;
  }
}

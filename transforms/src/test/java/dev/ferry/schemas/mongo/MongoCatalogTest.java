package dev.ferry.schemas.mongo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ferry.schemas.Secret;
import dev.ferry.schemas.SourceException;
import dev.ferry.schemas.document.CollectionShape;
import dev.ferry.schemas.document.FieldPath;
import dev.ferry.schemas.document.FieldStats;
import dev.ferry.schemas.inventory.SourceObject;
import dev.ferry.schemas.mongo.SampledCollection.Sampling;
import dev.ferry.testkit.MongoExtension;
import dev.ferry.testkit.MongoServer;
import dev.ferry.testkit.TestMongoDatabase;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.bson.BsonDocument;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The inventory and sampled shapes of {@code documents/clients.json} on mongo-java-server. */
@ExtendWith(MongoExtension.class)
class MongoCatalogTest {

  private static TestMongoDatabase db;

  @BeforeAll
  static void load(TestMongoDatabase database) throws IOException {
    db = database;
    db.insertJson("clients", resource("documents/clients.json"));
    db.insertJson("events", "[{\"_id\": 1, \"at\": {\"$date\": \"2024-01-01T00:00:00Z\"}}]");
  }

  static String resource(String name) throws IOException {
    try (InputStream in = MongoCatalogTest.class.getClassLoader().getResourceAsStream(name)) {
      if (in == null) {
        throw new IOException("no test resource " + name);
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  private static MongoLogin login() {
    return MongoLogin.of(db.connectionString(), "", Secret.of(""));
  }

  private static FieldStats field(CollectionShape shape, String... segments) {
    return shape
        .field(FieldPath.of(segments))
        .orElseThrow(() -> new AssertionError("no path " + List.of(segments)));
  }

  @Test
  void samplesEveryPathWithItsTypesAndDocuments() {
    MongoInventory inv = MongoCatalog.read(login(), MongoCatalog.DEFAULT_SAMPLE_SIZE);

    assertEquals(db.connectionString(), inv.source());
    assertEquals(db.name(), inv.database());
    assertEquals(
        List.of("clients", "events"), inv.collections().stream().map(c -> c.name()).toList());
    SampledCollection clients = inv.collection("clients").orElseThrow();
    assertEquals(Sampling.ALL, clients.sampling());
    CollectionShape shape = clients.shape();
    assertEquals(10, shape.sampled());
    assertEquals(10, shape.estimatedCount());
    assertEquals(
        List.of(
            "_id",
            "name",
            "age",
            "email",
            "contacts",
            "contacts.[]",
            "contacts.[].kind",
            "contacts.[].phone",
            "address",
            "address.city",
            "address.geo",
            "address.geo.[]",
            "tags",
            "tags.[]",
            "a.b",
            "matrix",
            "matrix.[]",
            "matrix.[].[]"),
        shape.fields().stream().map(f -> f.path().toString()).toList());

    assertEquals(Map.of("OBJECT_ID", 10L), field(shape, "_id").types());
    assertEquals(Map.of("INT32", 6L, "INT64", 2L, "DOUBLE", 1L), field(shape, "age").types());
    assertEquals(9, field(shape, "age").documents());
    // null is a type of its own; the missing one only shows in the document count
    assertEquals(Map.of("STRING", 7L, "NULL", 2L), field(shape, "email").types());
    assertEquals(9, field(shape, "email").documents());
    // one empty array: 9 documents have contacts, 8 have an element
    assertEquals(9, field(shape, "contacts").documents());
    assertEquals(Map.of("DOCUMENT", 13L), field(shape, "contacts", "[]").types());
    assertEquals(8, field(shape, "contacts", "[]").documents());
    FieldStats phone = field(shape, "contacts", "[]", "phone");
    assertEquals(Map.of("STRING", 11L, "NULL", 1L), phone.types());
    assertEquals(8, phone.documents());
    assertEquals(Map.of("DOUBLE", 6L), field(shape, "address", "geo", "[]").types());
    assertEquals(Map.of("INT32", 3L), field(shape, "matrix", "[]", "[]").types());
    // a key with a dot is one segment, not a path
    assertEquals(1, field(shape, "a.b").documents());
    assertTrue(shape.field(FieldPath.of("a", "b")).isEmpty());
  }

  @Test
  void takesARandomSampleWhenTheCollectionIsBigger() {
    SampledCollection clients = MongoCatalog.read(login(), 4).collection("clients").orElseThrow();

    assertEquals(Sampling.RANDOM, clients.sampling());
    assertEquals(4, clients.shape().sampled());
    assertEquals(10, clients.shape().estimatedCount());
    assertEquals(4, field(clients.shape(), "name").documents());
  }

  @Test
  void takesTheFirstDocumentsWhenToldNotToSampleAtRandom() {
    SampledCollection clients =
        MongoCatalog.read(login(), 3, false).collection("clients").orElseThrow();

    assertEquals(Sampling.FIRST, clients.sampling());
    assertEquals(3, clients.shape().sampled());
    // the first three in natural order: Ana, Bruno, Carla
    assertEquals(Map.of("INT32", 2L, "INT64", 1L), field(clients.shape(), "age").types());
  }

  @Test
  void viewsAndSystemCollectionsAreListedNotCopied() {
    // mongo-java-server has no views: classify listCollections entries as a real server sends them
    BsonDocument view =
        BsonDocument.parse(
            "{\"name\": \"active_clients\", \"type\": \"view\", \"options\": {\"viewOn\":"
                + " \"clients\", \"pipeline\": [{\"$match\": {\"active\": true}}]}}");
    assertEquals(
        Optional.of(
            new SourceObject(
                "view", "active_clients", "on clients: [{\"$match\": {\"active\": true}}]")),
        MongoCatalog.notCopied(view));
    assertEquals(
        Optional.of(new SourceObject("system collection", "system.profile", "")),
        MongoCatalog.notCopied(
            BsonDocument.parse("{\"name\": \"system.profile\", \"type\": \"collection\"}")));
    assertEquals(
        Optional.empty(),
        MongoCatalog.notCopied(
            BsonDocument.parse("{\"name\": \"clients\", \"type\": \"collection\"}")));
    assertEquals(
        Optional.empty(), MongoCatalog.notCopied(BsonDocument.parse("{\"name\": \"clients\"}")));
  }

  @Test
  void anUnknownDatabaseNamesTheServerAndWhatItHas() {
    MongoLogin nowhere =
        MongoLogin.of(MongoServer.shared().connectionString("no_such_db"), "", Secret.of(""));
    SourceException e = assertThrows(SourceException.class, () -> MongoCatalog.read(nowhere, 10));
    String host = "127.0.0.1:" + MongoServer.shared().port();
    assertTrue(
        e.getMessage()
            .startsWith("mongodb: there is no database 'no_such_db' on " + host + " (it has "),
        e.getMessage());
    assertTrue(e.getMessage().contains(db.name()), e.getMessage());
  }

  @Test
  void anUnreachableServerFailsInSecondsWithOneLine() throws IOException {
    int port;
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      port = s.getLocalPort();
    }
    MongoLogin login = MongoLogin.of("mongodb://127.0.0.1:" + port + "/crm", "", Secret.of(""));
    long start = System.nanoTime();
    SourceException e = assertThrows(SourceException.class, () -> MongoCatalog.read(login, 10));
    long seconds = (System.nanoTime() - start) / 1_000_000_000L;

    assertTrue(seconds < 15, "took " + seconds + " s");
    assertEquals(
        "mongodb: cannot reach 127.0.0.1:"
            + port
            + " (Connection refused): check the host and port in"
            + " mongodb://127.0.0.1:"
            + port
            + "/crm and that the server runs",
        e.getMessage());
  }

  @Test
  void aFailedLoginNamesTheUserButNeverThePassword() {
    String password = "pw:marker@/7f3a";
    MongoLogin login = MongoLogin.of(db.connectionString(), "bob", Secret.of(password));
    SourceException e = assertThrows(SourceException.class, () -> MongoCatalog.read(login, 10));

    // mongo-java-server knows no authentication, so every login fails there
    assertTrue(
        e.getMessage()
            .startsWith(
                "mongodb: login as 'bob' to 127.0.0.1:"
                    + MongoServer.shared().port()
                    + " failed ("),
        e.getMessage());
    assertTrue(e.getMessage().endsWith("): check the user and the password"), e.getMessage());
    for (Throwable t = e; t != null; t = t.getCause()) {
      assertFalse(String.valueOf(t.getMessage()).contains(password), t.toString());
    }
  }
}

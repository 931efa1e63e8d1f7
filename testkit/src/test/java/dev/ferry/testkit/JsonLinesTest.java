package dev.ferry.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Sorts;
import dev.ferry.schemas.Secret;
import dev.ferry.schemas.SourceException;
import dev.ferry.schemas.mongo.MongoLogin;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.bson.BsonDocument;
import org.bson.BsonInt32;
import org.bson.BsonType;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

@ExtendWith(MongoExtension.class)
class JsonLinesTest {

  private static final String CONTRACT =
      """
      {"_id": {"$oid": "650000000000000000000001"}, "n": {"$numberLong": "5"}, \
      "amount": {"$numberDecimal": "1234.50"}, \
      "signed_at": {"$date": {"$numberLong": "1767225600000"}}, "name": "João"}""";

  @TempDir Path dir;
  private MongoCollection<BsonDocument> contracts;
  private int files;

  @BeforeEach
  void emptyCollection(TestMongoDatabase db) {
    contracts = db.collection("contracts");
    contracts.deleteMany(new BsonDocument());
  }

  @Test
  void loadsEveryLineKeepingTheBsonTypes() throws IOException {
    Path file = write(CONTRACT, "", "{\"_id\": 2, \"name\": \"Ana\"}\r", "{\"_id\": 3}");

    assertEquals(3, JsonLines.of(file).check());
    assertEquals(3, JsonLines.of(file).replaceInto(contracts));

    List<BsonDocument> stored =
        contracts.find().sort(Sorts.ascending("_id")).into(new ArrayList<>());
    assertEquals(3, stored.size());
    BsonDocument first = stored.stream().filter(d -> d.isObjectId("_id")).findFirst().orElseThrow();
    assertEquals(BsonType.INT64, first.get("n").getBsonType());
    assertEquals(
        new BigDecimal("1234.50"), first.getDecimal128("amount").getValue().bigDecimalValue());
    assertEquals(1767225600000L, first.getDateTime("signed_at").getValue());
    assertEquals("João", first.getString("name").getValue());
    assertTrue(stored.contains(new BsonDocument("_id", new BsonInt32(3))));
  }

  @Test
  void loadingAgainReplacesTheDocuments() throws IOException {
    contracts.insertOne(new BsonDocument("_id", new BsonInt32(99)));
    Path file = write(CONTRACT, "{\"_id\": 2}");

    JsonLines.of(file).replaceInto(contracts);
    JsonLines.of(file).replaceInto(contracts);

    assertEquals(2, contracts.countDocuments());
    assertEquals(0, contracts.countDocuments(new BsonDocument("_id", new BsonInt32(99))));
  }

  @Test
  void loadsInBatchesInFileOrder() throws IOException {
    List<String> lines = new ArrayList<>();
    for (int i = 0; i < JsonLines.BATCH * 2 + 7; i++) {
      lines.add("{\"_id\": " + i + "}");
    }
    Path file = write(lines.toArray(String[]::new));

    assertEquals(JsonLines.BATCH * 2 + 7, JsonLines.of(file).replaceInto(contracts));
    assertEquals(JsonLines.BATCH * 2 + 7, contracts.countDocuments());
  }

  @Test
  void aBadLineIsNamedAndChangesNothing() throws IOException {
    contracts.insertOne(new BsonDocument("_id", new BsonInt32(1)));
    Path file = write(CONTRACT, "{\"_id\": 2}", "{\"_id\": 3, \"amount\": }");

    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class, () -> JsonLines.of(file).replaceInto(contracts));

    assertTrue(e.getMessage().startsWith(file + ":3: not valid Extended JSON: "), e.getMessage());
    assertFalse(e.getMessage().contains("\n"), e.getMessage());
    assertEquals(1, contracts.countDocuments(), "the collection is left as it was");
  }

  @Test
  void eachLineMustHoldExactlyOneObject() throws IOException {
    Path array = write("{\"a\": 1}", "[1, 2]");
    assertEquals(
        array + ":2: not a JSON object (each line must hold one document)", message(array));

    Path two = write("{\"a\": 1} {\"b\": 2}");
    assertEquals(
        two + ":1: text after the document's closing brace (one document per line)", message(two));

    Path badDate = write("{\"a\": 1}", "", "{\"a\": {\"$date\": \"yesterday\"}}");
    assertTrue(
        message(badDate).startsWith(badDate + ":3: not valid Extended JSON: "), message(badDate));
  }

  @Test
  void namesAMissingEmptyOrNonUtf8File() throws IOException {
    Path missing = dir.resolve("nope.jsonl");
    assertEquals(missing + ": no such file", message(missing));

    Path empty = write("", "  ");
    assertEquals(empty + ": no documents in the file (it is empty)", message(empty));

    Path latin1 = dir.resolve("latin1.jsonl");
    Files.write(
        latin1, "{\"a\": 1}\n{\"name\": \"Jos\u00e9\"}\n".getBytes(StandardCharsets.ISO_8859_1));
    assertEquals(latin1 + ":2: not UTF-8 text", message(latin1));
  }

  @Test
  void loadsThroughAConnectionStringAndSaysWhereItWent(TestMongoDatabase db) throws IOException {
    Path file = write(CONTRACT, "{\"_id\": 2}");
    MongoLogin login = MongoLogin.of(db.connectionString(), null, null);

    assertEquals(2, DemoServers.load(JsonLines.of(file), login, "contracts"));
    assertEquals(2, contracts.countDocuments());
  }

  @Test
  void anUnreachableServerIsOneLine() throws IOException {
    Path file = write(CONTRACT);
    MongoLogin login =
        MongoLogin.of(
            "mongodb://127.0.0.1:"
                + LocalServers.freePort()
                + "/credit?serverSelectionTimeoutMS=300",
            "app",
            Secret.of("s3cret-pw"));

    SourceException e =
        assertThrows(
            SourceException.class, () -> DemoServers.load(JsonLines.of(file), login, "contracts"));

    assertTrue(e.getMessage().startsWith("mongodb: cannot reach 127.0.0.1:"), e.getMessage());
    assertFalse(e.getMessage().contains("s3cret-pw"), e.getMessage());
    assertFalse(e.getMessage().contains("\n"), e.getMessage());
  }

  private String message(Path file) {
    return assertThrows(IllegalArgumentException.class, () -> JsonLines.of(file).check())
        .getMessage();
  }

  private Path write(String... lines) throws IOException {
    Path file = dir.resolve("documents-" + ++files + ".jsonl");
    Files.writeString(file, String.join("\n", lines) + "\n");
    return file;
  }
}

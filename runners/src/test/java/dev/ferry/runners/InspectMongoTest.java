package dev.ferry.runners;

import static dev.ferry.runners.Cli.ferry;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ferry.testkit.MongoExtension;
import dev.ferry.testkit.TestMongoDatabase;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * {@code ferry inspect mongodb://…} against mongo-java-server: each field path with its types and
 * frequency as text and JSON, and one line (never the password) when the server or login fails.
 */
@ExtendWith(MongoExtension.class)
class InspectMongoTest {

  private static TestMongoDatabase db;

  @BeforeAll
  static void load(TestMongoDatabase database) {
    db = database;
    db.insertJson(
        "clients",
        """
        [
          {"_id": 1, "name": "Ana", "contacts": [{"phone": "1"}, {"phone": "2"}], "a.b": 1},
          {"_id": 2, "name": "Bia", "contacts": [{"phone": null}]},
          {"_id": 3, "name": "Caio", "contacts": [{"phone": "3"}, {}]},
          {"_id": {"$numberLong": "4"}, "name": null}
        ]
        """);
  }

  @Test
  void printsEachPathWithItsTypesAndFrequency() {
    Cli.Result r = ferry("inspect", db.connectionString()).exits(ExitCode.OK);

    String out = r.out();
    assertTrue(
        out.startsWith(
            "mongodb source " + db.connectionString() + ": 1 collections, 0 objects not copied\n"),
        out);
    assertTrue(
        out.contains("\ncollection clients  (~4 documents; 4 sampled: all documents)\n"), out);
    assertTrue(
        out.contains("\n  _id                INT32 75%, INT64 25%  (in 100% of documents)\n"), out);
    assertTrue(
        out.contains("\n  name               STRING 75%, NULL 25%  (in 100% of documents)\n"), out);
    assertTrue(out.contains("\n  contacts           ARRAY 100%  (in 75% of documents)\n"), out);
    assertTrue(out.contains("\n  contacts.[]        DOCUMENT 100%  (in 75% of documents)\n"), out);
    assertTrue(
        out.contains("\n  contacts.[].phone  STRING 75%, NULL 25%  (in 75% of documents)\n"), out);
    assertTrue(out.contains("\n  \"a.b\"              INT32 100%  (in 25% of documents)\n"), out);
    assertEquals("", r.err());
  }

  @Test
  void printsTheSameAsJson() throws Exception {
    Cli.Result r = ferry("inspect", "--json", db.connectionString()).exits(ExitCode.OK);

    JsonNode json = new ObjectMapper().readTree(r.out());
    assertEquals("mongodb", json.path("dialect").asText());
    assertEquals(db.name(), json.path("database").asText());
    JsonNode clients = json.path("collections").get(0);
    assertEquals("clients", clients.path("name").asText());
    assertEquals(4, clients.path("estimated_count").asLong());
    assertEquals(4, clients.path("sampled").asLong());
    assertEquals("all", clients.path("sampling").asText());
    JsonNode phone = null;
    for (JsonNode f : clients.path("fields")) {
      if (f.path("path").asText().equals("contacts.[].phone")) {
        phone = f;
      }
    }
    assertTrue(phone != null, r.out());
    assertEquals("[\"contacts\",\"[]\",\"phone\"]", phone.path("segments").toString());
    assertEquals(3, phone.path("documents").asLong());
    assertEquals(3, phone.path("types").path("STRING").asLong());
    assertEquals(1, phone.path("types").path("NULL").asLong());
  }

  @Test
  void samplesAtRandomWhenTheCollectionIsBiggerThanTheSample() throws Exception {
    Cli.Result r = ferry("inspect", "--json", "--sample", "2", db.connectionString()).exits(0);

    JsonNode clients = new ObjectMapper().readTree(r.out()).path("collections").get(0);
    assertEquals("random", clients.path("sampling").asText());
    assertEquals(2, clients.path("sampled").asLong());
  }

  @Test
  void anUnreachableServerIsOneLineAndExitThree() throws IOException {
    int port;
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      port = s.getLocalPort();
    }
    Cli.Result r = ferry("inspect", "mongodb://127.0.0.1:" + port + "/crm");

    assertEquals(ExitCode.FAILURE, r.exit(), r.out() + r.err());
    assertEquals(
        "ferry: mongodb: cannot reach 127.0.0.1:"
            + port
            + " (Connection refused): check the host and port in mongodb://127.0.0.1:"
            + port
            + "/crm and that the server runs",
        r.oneLineError());
  }

  @Test
  void aFailedLoginNamesTheUserNotThePassword() {
    String marker = "pw-marker-9c1e";
    Cli.Result r =
        ferry(
            Map.of("MONGO_PW", marker),
            "inspect",
            db.connectionString(),
            "--user",
            "bob",
            "--password-env",
            "MONGO_PW");

    assertEquals(ExitCode.FAILURE, r.exit(), r.out() + r.err());
    String line = r.oneLineError();
    assertTrue(line.contains("login as 'bob'"), line);
    assertFalse((r.out() + r.err()).contains(marker), "the password never shows");
  }

  @Test
  void credentialsInTheUrlOrNoDatabaseAreUsageErrors() {
    Cli.Result inUrl =
        ferry("inspect", "mongodb://bob:hunter2@127.0.0.1:27017/crm").exits(ExitCode.USAGE);
    assertTrue(inUrl.oneLineError().contains("has credentials in the URL"), inUrl.err());
    assertFalse(inUrl.err().contains("hunter2"));

    Cli.Result noDb = ferry("inspect", "mongodb://127.0.0.1:27017").exits(ExitCode.USAGE);
    assertTrue(noDb.oneLineError().contains("names no database"), noDb.err());
  }
}

package dev.ferry.runners;

import static dev.ferry.runners.Cli.ferry;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ferry.testkit.MongoServer;
import dev.ferry.testkit.PostgresServer;
import dev.ferry.testkit.TestDatabase;
import dev.ferry.testkit.TestMongoDatabase;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.bson.BsonArray;
import org.bson.BsonDocument;
import org.bson.BsonObjectId;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * The contracts example end to end: {@code examples/make_contracts.py} generates the collection,
 * mongo-java-server holds it, and {@code ferry run examples/mongo-contracts.yaml} loads it into
 * eight related PostgreSQL tables. Checks the tables and their foreign keys, values, child counts
 * against the arrays, the five bad contracts in the dead letters with their reasons, re-run
 * idempotence, and a contract whose arrays shrank replacing its child rows.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class MigrateMongoTest {

  static final Path EXAMPLE = ShopFixture.REPO.resolve("examples/mongo-contracts.yaml");
  static final int COUNT = 60;

  /** make_contracts.py's bad positions below COUNT, and what must be said about each. */
  static final Map<Integer, String> BAD =
      Map.of(
          7, "identities[0].number: '",
          19, "operations.amount: -",
          31, "installments.due_date:",
          43, "operation",
          55, "amount");

  static final String[] TABLES = {
    "clients",
    "identities",
    "addresses",
    "contacts",
    "bank_accounts",
    "operations",
    "installments",
    "cet_details"
  };

  @TempDir static Path dir;
  static TestMongoDatabase mongo;
  static TestDatabase pg;
  static List<BsonDocument> documents;

  @BeforeAll
  static void servers() throws Exception {
    documents = contracts(dir, COUNT);
    mongo = MongoServer.shared().createDatabase("credit");
    mongo.insert("contracts", documents);
    pg = PostgresServer.shared().createDatabase("credit_target");
  }

  /** {@code count} contracts as {@code examples/make_contracts.py} makes them, in {@code dir}. */
  static List<BsonDocument> contracts(Path dir, int count) throws Exception {
    Path jsonl = dir.resolve("contracts.jsonl");
    Process p =
        new ProcessBuilder(
                "python3",
                "examples/make_contracts.py",
                "--out",
                jsonl.toString(),
                "--count",
                String.valueOf(count))
            .directory(ShopFixture.REPO.toFile())
            .redirectErrorStream(true)
            .redirectOutput(dir.resolve("make.log").toFile())
            .start();
    assertTrue(p.waitFor(60, TimeUnit.SECONDS));
    assertEquals(0, p.exitValue(), Files.readString(dir.resolve("make.log")));
    return Files.readAllLines(jsonl, StandardCharsets.UTF_8).stream()
        .map(BsonDocument::parse)
        .toList();
  }

  static Cli.Result run(String... extra) {
    List<String> args = new ArrayList<>(List.of("run", EXAMPLE.toString()));
    args.addAll(List.of(extra));
    return ferry(env(mongo.connectionString()), args.toArray(String[]::new));
  }

  static Map<String, String> env(String mongoUrl) {
    return Map.of(
        "MONGO_URL", mongoUrl,
        "PG_URL", pg.jdbcUrl(),
        "PG_USER", pg.user(),
        "PG_PASSWORD", pg.password());
  }

  @Test
  @Order(0)
  void planShowsTheTablesTheirKeysAndTheDdlWithoutMovingData() throws Exception {
    Cli.Result r =
        ferry(env(mongo.connectionString()), "plan", EXAMPLE.toString()).exits(ExitCode.OK);

    String out = r.out();
    assertTrue(
        out.contains(
            "collection contracts: 60 documents sampled (all documents) → clients,"
                + " identities, addresses, contacts, bank_accounts, operations, installments,"
                + " cet_details"),
        out);
    assertTrue(out.contains("  reads: one reader: "), out);
    assertTrue(out.contains("note: operation.installments.[].number: INT32 and INT64 seen"), out);
    assertTrue(out.contains("flattened from collection contracts"), out);
    assertTrue(out.contains("rule installments.due_date: ascending"), out);
    assertTrue(out.contains("CREATE TABLE \"credit\".\"installments\""), out);
    assertTrue(out.contains("FOREIGN KEY"), out);
    assertFalse(exists("clients"), "plan creates nothing");
  }

  @Test
  @Order(1)
  void loadsEightRelatedTablesAndRejectsTheFiveBadContracts() throws Exception {
    Cli.Result r = run("--report", dir.resolve("first.json").toString()).exits(ExitCode.OK);

    assertTrue(
        r.out().contains("collection contracts: 60 documents sampled (all documents)"), r.out());
    assertTrue(r.out().contains("one reader: "), r.out());
    for (String table : TABLES) {
      assertTrue(exists(table), table + " exists");
    }
    assertEquals(COUNT - BAD.size(), count("clients"));
    assertEquals(COUNT - BAD.size(), count("operations"));
    assertEquals(COUNT - BAD.size(), count("bank_accounts"));
    assertEquals(arrayTotal("client", "documents"), count("identities"));
    assertEquals(arrayTotal("client", "addresses"), count("addresses"));
    assertEquals(arrayTotal("client", "contacts"), count("contacts"));
    assertEquals(arrayTotal("operation", "installments"), count("installments"));
    assertEquals(arrayTotal("operation", "cet"), count("cet_details"));

    // Foreign keys: every child table references its parent.
    Map<String, String> parents = foreignKeys();
    assertEquals("clients", parents.get("identities"));
    assertEquals("clients", parents.get("addresses"));
    assertEquals("clients", parents.get("contacts"));
    assertEquals("clients", parents.get("bank_accounts"));
    assertEquals("clients", parents.get("operations"));
    assertEquals("operations", parents.get("installments"));
    assertEquals("operations", parents.get("cet_details"));

    // Dead letters: one per bad contract, the reason naming what is wrong.
    Map<String, String> reasons = deadLetters();
    assertEquals(BAD.size(), reasons.size(), reasons.toString());
    BAD.forEach(
        (i, said) -> {
          String reason = reasons.get(String.format("CCB-2026-%06d", i));
          assertTrue(reason != null && reason.contains(said), i + ": " + reason);
        });

    JsonNode report = new ObjectMapper().readTree(dir.resolve("first.json").toFile());
    assertTrue(report.path("reconciled").asBoolean(), report.toString());
    assertEquals("documents", report.path("totals").path("unit").asText());
    assertEquals(COUNT, report.path("totals").path("read").asLong());
    assertEquals(BAD.size(), report.path("totals").path("rejected").asLong());
    JsonNode docs = table(report, "contracts (documents)");
    assertEquals(COUNT, docs.path("read").asLong());
    assertEquals(COUNT - BAD.size(), docs.path("written").asLong());
    assertEquals(BAD.size(), docs.path("rejected").asLong());
    assertEquals(
        arrayTotal("operation", "installments"),
        table(report, "installments").path("written").asLong());
  }

  @Test
  @Order(2)
  void valuesKeepTheirTypes() throws Exception {
    BsonDocument first = documents.get(0);
    String id = first.getObjectId("_id").getValue().toHexString();
    try (Connection c = pg.connect();
        Statement s = c.createStatement();
        ResultSet rs =
            s.executeQuery(
                "SELECT o.amount, o.signed_at, i.due_date, i.amount, i.number"
                    + " FROM credit.operations o JOIN credit.installments i"
                    + " ON i._root_id = o._root_id WHERE o._root_id = '"
                    + id
                    + "' AND i._ordinal = 0")) {
      assertTrue(rs.next());
      BsonDocument op = first.getDocument("operation");
      assertEquals(
          op.getDecimal128("amount").decimal128Value().bigDecimalValue(), rs.getBigDecimal(1));
      assertEquals(
          op.getDateTime("signed_at").getValue(), rs.getTimestamp(2).toInstant().toEpochMilli());
      BsonDocument inst = op.getArray("installments").get(0).asDocument();
      assertEquals(
          inst.getDateTime("due_date").getValue(), rs.getTimestamp(3).toInstant().toEpochMilli());
      assertEquals(
          inst.getDecimal128("amount").decimal128Value().bigDecimalValue(), rs.getBigDecimal(4));
      assertEquals(1L, rs.getLong(5));
    }
  }

  @Test
  @Order(3)
  void aReRunChangesNothing() throws Exception {
    Map<String, Long> before = counts();
    run().exits(ExitCode.OK);
    assertEquals(before, counts());
  }

  @Test
  @Order(4)
  void anUpdatedContractReplacesItsChildRows() throws Exception {
    BsonDocument doc = documents.get(1).clone();
    BsonObjectId id = doc.get("_id").asObjectId();
    BsonDocument op = doc.getDocument("operation");
    BsonArray installments = op.getArray("installments");
    int before = installments.size();
    BsonArray shorter = new BsonArray(new ArrayList<>(installments.subList(0, 2)));
    op.put("installments", shorter);
    doc.getDocument("client").put("name", new org.bson.BsonString("Renamed Client"));
    // mongo-java-server 1.47 fails replaceOne on these documents: delete and insert instead.
    mongo.collection("contracts").deleteOne(new BsonDocument("_id", id));
    mongo.collection("contracts").insertOne(doc);
    Map<String, Long> countsBefore = counts();

    run().exits(ExitCode.OK);

    String hex = id.getValue().toHexString();
    assertEquals(2, count("installments WHERE _root_id = '" + hex + "'"));
    assertEquals(
        countsBefore.get("installments") - before + 2, (long) counts().get("installments"));
    assertEquals(
        "Renamed Client", text("SELECT client_name FROM credit.clients WHERE _id = '" + hex + "'"));
  }

  @Test
  @Order(5)
  void anUnreachableServerFailsInOneLine() throws Exception {
    int closed;
    try (java.net.ServerSocket s = new java.net.ServerSocket(0)) {
      closed = s.getLocalPort();
    }
    long start = System.nanoTime();
    Cli.Result r =
        ferry(env("mongodb://127.0.0.1:" + closed + "/credit"), "run", EXAMPLE.toString())
            .exits(ExitCode.FAILURE);
    String line = r.oneLineError();
    assertTrue(line.contains("127.0.0.1:" + closed), line);
    assertFalse(r.err().contains(pg.password()));
    assertTrue(TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - start) < 30);
  }

  private static JsonNode table(JsonNode report, String name) {
    for (JsonNode t : report.path("tables")) {
      if (t.path("table").asText().equals(name)) {
        return t;
      }
    }
    throw new AssertionError("no table " + name + " in " + report);
  }

  /** The total length of {@code object.array} over the good contracts. */
  private static long arrayTotal(String object, String array) {
    long total = 0;
    for (int i = 0; i < documents.size(); i++) {
      if (!BAD.containsKey(i)) {
        total += documents.get(i).getDocument(object).getArray(array).size();
      }
    }
    return total;
  }

  private static Map<String, Long> counts() throws SQLException {
    Map<String, Long> counts = new HashMap<>();
    for (String t : TABLES) {
      counts.put(t, count(t));
    }
    return counts;
  }

  private static long count(String tableAndWhere) throws SQLException {
    return Long.parseLong(text("SELECT count(*) FROM credit." + tableAndWhere));
  }

  private static boolean exists(String table) throws SQLException {
    return text("SELECT to_regclass('credit." + table + "') IS NOT NULL").equals("t");
  }

  private static String text(String sql) throws SQLException {
    try (Connection c = pg.connect();
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery(sql)) {
      assertTrue(rs.next(), sql);
      return rs.getString(1);
    }
  }

  /** Child table → the table its foreign key references, in schema credit. */
  private static Map<String, String> foreignKeys() throws SQLException {
    Map<String, String> parents = new HashMap<>();
    try (Connection c = pg.connect();
        Statement s = c.createStatement();
        ResultSet rs =
            s.executeQuery(
                "SELECT con.conrelid::regclass::text, con.confrelid::regclass::text"
                    + " FROM pg_constraint con JOIN pg_namespace n ON n.oid = con.connamespace"
                    + " WHERE con.contype = 'f' AND n.nspname = 'credit'")) {
      while (rs.next()) {
        parents.put(strip(rs.getString(1)), strip(rs.getString(2)));
      }
    }
    return parents;
  }

  private static String strip(String regclass) {
    return regclass.substring(regclass.indexOf('.') + 1);
  }

  /** Contract number → reason, of the dead letters of the first run. */
  private static Map<String, String> deadLetters() throws SQLException, IOException {
    Map<String, String> reasons = new HashMap<>();
    try (Connection c = pg.connect();
        Statement s = c.createStatement();
        ResultSet rs =
            s.executeQuery(
                "SELECT row_values->>'contract_number', reason, table_name, stage"
                    + " FROM credit.ferry_dead_letters")) {
      while (rs.next()) {
        assertEquals("contracts (documents)", rs.getString(3));
        reasons.put(rs.getString(1), rs.getString(4) + ": " + rs.getString(2));
      }
    }
    return reasons;
  }
}

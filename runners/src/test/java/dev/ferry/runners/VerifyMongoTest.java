package dev.ferry.runners;

import static dev.ferry.runners.Cli.ferry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ferry.testkit.MongoServer;
import dev.ferry.testkit.PostgresServer;
import dev.ferry.testkit.TestDatabase;
import dev.ferry.testkit.TestMongoDatabase;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code ferry verify} of a MongoDB collection flattened into related PostgreSQL tables, against
 * the real mongo-java-server and an embedded PostgreSQL: equal after the load (sub-documents,
 * arrays inside arrays, unicode, decimals, dates; a document a rule rejects counted as rejected),
 * then each kind of damage in a child table named, and a changed source document found.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class VerifyMongoTest {

  static final String ORDERS =
      """
      [
       {"_id": 1, "customer": {"name": "Zoë Ünal", "city": "São Paulo"},
        "total": {"$numberDecimal": "1234.56"}, "placed": {"$date": "2024-03-01T10:15:30.123Z"},
        "lines": [
          {"sku": "A-1", "qty": 2, "price": {"$numberDecimal": "9.99"},
           "parts": [{"code": "p1", "weight": 1.5}, {"code": "p2", "weight": 0.25}]},
          {"sku": "B-2", "qty": 1, "price": {"$numberDecimal": "100.00"},
           "parts": [{"code": "p3", "weight": 2.0}]}]},
       {"_id": 2, "customer": {"name": "李小龍", "city": "香港"},
        "total": {"$numberDecimal": "0.10"}, "placed": {"$date": "1999-12-31T23:59:59.999Z"},
        "lines": [
          {"sku": "C-3", "qty": 3, "price": {"$numberDecimal": "0.03"},
           "parts": [{"code": "p4", "weight": 0.5}]},
          {"sku": "D-4", "qty": 4, "price": {"$numberDecimal": "12.50"}, "parts": []},
          {"sku": "E-5", "qty": 5, "price": {"$numberDecimal": "7.00"},
           "parts": [{"code": "p5", "weight": 3.75}]}]},
       {"_id": 3, "customer": {"name": "Ἀθηνᾶ 🦉", "city": "Αθήνα"},
        "total": {"$numberDecimal": "99999999.99"}, "placed": {"$date": "2024-02-29T00:00:00Z"},
        "lines": [
          {"sku": "F-6", "qty": 1, "price": {"$numberDecimal": "99999999.99"},
           "parts": [{"code": "p6", "weight": 10.0}]}]},
       {"_id": 4, "customer": {"name": "Ørsted", "city": "København"},
        "total": {"$numberDecimal": "-5.00"}, "placed": {"$date": "2023-07-14T12:00:00Z"},
        "lines": []},
       {"_id": 5, "customer": {"name": "Bad qty", "city": "Nowhere"},
        "total": {"$numberDecimal": "1.00"}, "placed": {"$date": "2023-01-01T00:00:00Z"},
        "lines": [{"sku": "Z-0", "qty": 0, "price": {"$numberDecimal": "1.00"}, "parts": []}]}
      ]
      """;

  @TempDir static Path dir;
  static TestMongoDatabase mongo;
  static TestDatabase pg;
  static Path job;

  @BeforeAll
  static void load() throws Exception {
    mongo = MongoServer.shared().createDatabase("shop_docs");
    mongo.insertJson("orders", ORDERS);
    pg = PostgresServer.shared().createDatabase("verify_docs");
    job = dir.resolve("orders.yaml");
    Files.writeString(
        job,
        """
        name: verify-orders
        source:
          kind: mongodb
          url: ${MONGO_URL}
          tables: [orders]
        target:
          kind: postgres
          url: ${PG_URL}
          user: ${PG_USER}
          password: ${PG_PASSWORD}
          schema: docs
          mode: create
        flatten:
          orders:
            paths:
              lines:        {rename: lines}
              lines.parts:  {rename: parts}
              total:        {cast: "decimal(12,2)"}
              lines.price:  {cast: "decimal(12,2)"}
        rules:
          - column: lines.qty
            range: {min: 1}
        max_rejected: 1
        """);
    ferry(env(), "run", job.toString()).exits(0);
  }

  static Map<String, String> env() {
    return Map.of(
        "MONGO_URL", mongo.connectionString(),
        "PG_URL", pg.jdbcUrl(),
        "PG_USER", pg.user(),
        "PG_PASSWORD", pg.password());
  }

  static Cli.Result verify(Path report) {
    return ferry(env(), "verify", job.toString(), "--report", report.toString());
  }

  static Map<String, JsonNode> tables(Path report) throws Exception {
    JsonNode root = new ObjectMapper().readTree(report.toFile());
    Map<String, JsonNode> byName = new TreeMap<>();
    root.get("tables").forEach(t -> byName.put(t.get("table").asText(), t));
    return byName;
  }

  @Test
  @Order(1)
  void theLoadedTargetIsEqual() throws Exception {
    Path report = dir.resolve("equal.json");
    Cli.Result r = verify(report);
    System.out.println(r.out());
    System.out.println(Files.readString(report));
    r.exits(0);
  }
}

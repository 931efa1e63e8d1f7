package dev.ferry.runners;

import static dev.ferry.runners.Cli.ferry;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ferry.testkit.PostgresServer;
import dev.ferry.testkit.TestDatabase;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code ferry verify} of a SQLite shop loaded into a real PostgreSQL: equal after the load (the
 * job's normalizations and the rule's one rejected row accounted for, booleans, microseconds,
 * decimals and unicode through the mapping), then each kind of damage done to the target is found
 * and named by table, key and column.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class VerifyPostgresTest {

  @TempDir static Path dir;
  static LakeShop shop;
  static TestDatabase target;
  static Path job;

  @BeforeAll
  static void load() throws Exception {
    shop = LakeShop.create(dir);
    target = PostgresServer.shared().createDatabase("verify_shop");
    job = dir.resolve("verify.yaml");
    Files.writeString(
        job,
        """
        name: verify-shop
        source:
          kind: sqlite
          url: jdbc:sqlite:%s
        target:
          kind: postgres
          url: %s
          user: %s
          password: ${PG_PASSWORD}
          schema: shop
          mode: create
        normalize:
          - column: "*.*"
            steps: [trim, nfc, empty_to_null]
        rules:
          - column: order_lines.qty
            range: {min: 1}
        max_rejected: 1
        """
            .formatted(shop.db, target.jdbcUrl(), target.user()));
    ferry(env(), "run", job.toString()).exits(0);
  }

  static Map<String, String> env() {
    return Map.of("PG_PASSWORD", target.password());
  }

  static Cli.Result verify(Path report, String... extra) {
    List<String> args = new ArrayList<>(List.of("verify", job.toString()));
    args.addAll(List.of("--report", report.toString()));
    if (!List.of(extra).contains("--chunk-rows")) {
      args.addAll(List.of("--chunk-rows", "50"));
    }
    args.addAll(List.of(extra));
    return ferry(env(), args.toArray(String[]::new));
  }

  static Map<String, JsonNode> tables(Path report) throws Exception {
    JsonNode root = new ObjectMapper().readTree(report.toFile());
    Map<String, JsonNode> byName = new java.util.TreeMap<>();
    root.get("tables").forEach(t -> byName.put(t.get("table").asText(), t));
    return byName;
  }

  @Test
  @Order(1)
  void theLoadedTargetIsEqual() throws Exception {
    Path report = dir.resolve("equal.json");
    Cli.Result r = verify(report).exits(0);
    assertTrue(r.out().contains("ferry: verify: all 2 tables equal"), r.out());
    Map<String, JsonNode> t = tables(report);
    assertEquals(200, t.get("orders").get("source_rows").asLong());
    assertEquals(200, t.get("orders").get("target_rows").asLong());
    assertEquals("equal", t.get("orders").get("verdict").asText());
    assertTrue(t.get("orders").get("chunks").asLong() >= 4, "chunks of 50 rows: " + r.out());
    long lines = shop.lines.size();
    assertEquals(lines - 1, t.get("order_lines").get("source_rows").asLong());
    assertEquals(1, t.get("order_lines").get("rejected").asLong(), "the qty 0 line");
    assertEquals(lines - 1, t.get("order_lines").get("target_rows").asLong());
    assertEquals(0, t.get("order_lines").get("orphans").asLong());
  }

  @Test
  @Order(2)
  void everyKindOfDamageIsFoundAndNamed() throws Exception {
    try (Connection c = target.connect();
        Statement s = c.createStatement()) {
      s.execute("SET search_path = shop");
      s.execute("UPDATE orders SET amount = amount + 1 WHERE id = 7"); // changed value
      s.execute("UPDATE orders SET note = '' WHERE id = 4"); // NULL in the source
      s.execute(
          "INSERT INTO orders SELECT 1000, customer_id, status, updated_at, created_on, amount,"
              + " note, paid FROM orders WHERE id = 1"); // extra, beyond the source's keys
      s.execute("DELETE FROM order_lines WHERE order_id = 20 AND line_no = 1"); // deleted
      s.execute("UPDATE order_lines SET line_no = 9 WHERE order_id = 30 AND line_no = 1"); // key
      s.execute("ALTER TABLE order_lines DROP CONSTRAINT order_lines_fk1");
      s.execute("INSERT INTO order_lines VALUES (999, 1, 1, 1.00)"); // orphan (and extra)
    }
    // chunks of 50 rows, a bucket each; then one chunk per table, in a hundred key buckets
    assertDamageNamed(verify(dir.resolve("damaged.json")).exits(1), dir.resolve("damaged.json"));
    Path buckets = dir.resolve("damaged-buckets.json");
    assertDamageNamed(verify(buckets, "--chunk-rows", "100000").exits(1), buckets);
  }

  private static void assertDamageNamed(Cli.Result r, Path report) throws Exception {
    assertTrue(r.out().contains("ferry: verify: 2 of 2 tables differ"), r.out());
    Map<String, JsonNode> t = tables(report);
    JsonNode orders = t.get("orders");
    assertEquals("DIFFERS", orders.get("verdict").asText());
    assertEquals(0, orders.get("missing").asLong(), r.out());
    assertEquals(1, orders.get("extra").asLong(), r.out());
    assertEquals(2, orders.get("changed").asLong(), r.out());
    assertEquals(1, orders.get("changed_columns").get("amount").asLong());
    assertEquals(1, orders.get("changed_columns").get("note").asLong());
    assertTrue(r.out().contains("orders: extra id=1000"), r.out());
    assertTrue(r.out().contains("orders: changed id=4: note NULL → ''"), r.out());
    assertTrue(r.out().contains("orders: changed id=7: amount "), r.out());
    JsonNode lines = t.get("order_lines");
    assertEquals(2, lines.get("missing").asLong(), r.out());
    assertEquals(2, lines.get("extra").asLong(), r.out());
    assertEquals(1, lines.get("orphans").asLong(), r.out());
    assertTrue(r.out().contains("order_lines: missing order_id=20, line_no=1"), r.out());
    assertTrue(r.out().contains("order_lines: missing order_id=30, line_no=1"), r.out());
    assertTrue(r.out().contains("order_lines: extra order_id=30, line_no=9"), r.out());
    assertTrue(
        r.out()
            .contains(
                "order_lines: orphan order_id=999, line_no=1: order_id=999 has no row in orders"),
        r.out());
  }

  @Test
  @Order(3)
  void rowsAUniqueRuleRejectsAreAccountedForNotMissing() throws Exception {
    shop.execute(
        "CREATE TABLE tags (id INTEGER PRIMARY KEY, name TEXT)",
        "INSERT INTO tags VALUES (1, 'red'), (2, 'blue'), (3, 'red'), (4, ' blue'), (5, 'green'),"
            + " (6, NULL), (7, NULL)");
    Path tags = dir.resolve("tags.yaml");
    Files.writeString(
        tags,
        Files.readString(job)
            .replace("schema: shop", "schema: tags")
            .replace("  url: jdbc:sqlite:", "  tables: [tags]\n  url: jdbc:sqlite:")
            .replace(
                "rules:\n  - column: order_lines.qty\n    range: {min: 1}",
                "rules:\n  - column: tags.name\n    unique: true")
            .replace("max_rejected: 1", "max_rejected: 2"));
    ferry(env(), "run", tags.toString()).exits(0);
    Path report = dir.resolve("tags.json");
    Cli.Result r = ferry(env(), "verify", tags.toString(), "--report", report.toString()).exits(0);
    JsonNode t = tables(report).get("tags");
    assertEquals(5, t.get("source_rows").asLong(), r.out());
    assertEquals(2, t.get("rejected").asLong(), "ids 3 and 4 (' blue' trimmed): " + r.out());
    try (Connection c = target.connect();
        Statement s = c.createStatement()) {
      s.execute("DELETE FROM tags.tags WHERE id = 1");
    }
    r = ferry(env(), "verify", tags.toString(), "--report", report.toString()).exits(1);
    assertTrue(r.out().contains("tags: missing id=1"), r.out());
    // the duplicates the rule rejected are not in the source side's rows: never missing
    assertEquals(1, tables(report).get("tags").get("missing").asLong(), r.out());
    assertEquals(0, tables(report).get("tags").get("extra").asLong(), r.out());
  }
}

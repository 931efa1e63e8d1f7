package dev.ferry.runners;

import static dev.ferry.runners.Cli.ferry;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code ferry verify} of a SQLite shop against its newest dump on disk: equal after the dump (the
 * job's clean-up and its rule's rejected row accounted for), a shard altered after the dump is
 * named and not compared, changes made to the source since the dump are named by key and column,
 * and lines whose order the rules kept out of a dump are its orphans.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class VerifyDumpTest {

  @TempDir static Path dir;
  static LakeShop shop;
  static Path job;

  @BeforeAll
  static void dump() throws Exception {
    shop = LakeShop.create(dir);
    job = writeJob("verify-dump", "");
    ferry("run", job.toString()).exits(0);
  }

  /** A dump job of the shop into {@code dir/dumps}, with {@code rules} added to the qty rule. */
  static Path writeJob(String name, String rules) throws Exception {
    Path file = dir.resolve(name + ".yaml");
    Files.writeString(
        file,
        """
        name: %s
        source:
          kind: sqlite
          url: jdbc:sqlite:%s
          timezone: UTC
        target:
          kind: dump
          path: %s
          shard_rows: 100
        normalize:
          - column: "*.*"
            steps: [trim, nfc, empty_to_null]
        rules:
          - column: order_lines.qty
            range: {min: 1}
        %s
        max_rejected: 10
        """
            .formatted(name, shop.db, dir.resolve("dumps"), rules.indent(2).stripTrailing()));
    return file;
  }

  static Cli.Result verify(Path jobFile, Path report, String... extra) {
    List<String> args = new ArrayList<>(List.of("verify", jobFile.toString()));
    args.addAll(List.of("--report", report.toString()));
    args.addAll(List.of(extra));
    return ferry(args.toArray(String[]::new));
  }

  static Map<String, JsonNode> tables(Path report) throws Exception {
    Map<String, JsonNode> byName = new TreeMap<>();
    new ObjectMapper()
        .readTree(report.toFile())
        .get("tables")
        .forEach(t -> byName.put(t.get("table").asText(), t));
    return byName;
  }

  @Test
  @Order(1)
  void theDumpIsEqualToTheSource() throws Exception {
    Path report = dir.resolve("equal.json");
    Cli.Result r = verify(job, report).exits(0);
    assertTrue(r.out().contains("ferry: verify: all 2 tables equal"), r.out());
    Map<String, JsonNode> t = tables(report);
    assertEquals(200, t.get("orders").get("source_rows").asLong());
    assertEquals(200, t.get("orders").get("target_rows").asLong());
    long lines = shop.lines.size();
    assertEquals(lines - 1, t.get("order_lines").get("source_rows").asLong());
    assertEquals(1, t.get("order_lines").get("rejected").asLong(), "the qty 0 line");
    assertEquals(lines - 1, t.get("order_lines").get("target_rows").asLong());
    assertEquals(0, t.get("order_lines").get("orphans").asLong());
  }

  @Test
  @Order(2)
  void anAlteredShardIsNamedAndItsTableNotCompared() throws Exception {
    Path shard;
    try (Stream<Path> files = Files.walk(dir.resolve("dumps"))) {
      shard =
          files
              .filter(p -> p.toString().contains("/data/orders/") && Files.isRegularFile(p))
              .findFirst()
              .orElseThrow();
    }
    byte[] original = Files.readAllBytes(shard);
    byte[] altered = original.clone();
    altered[altered.length / 2] ^= 0x01;
    Files.write(shard, altered);
    try {
      Path report = dir.resolve("altered.json");
      Cli.Result r = verify(job, report).exits(1);
      Map<String, JsonNode> t = tables(report);
      String problem = t.get("orders").get("problem").asText();
      assertTrue(problem.contains(shard.getFileName().toString()), problem);
      assertTrue(r.out().contains("orders: not compared: dump "), r.out());
      assertEquals("equal", t.get("order_lines").get("verdict").asText(), r.out());
    } finally {
      Files.write(shard, original);
    }
  }

  @Test
  @Order(3)
  void changesToTheSourceSinceTheDumpAreNamed() throws Exception {
    Map<String, Object> changed = LakeShop.order(7);
    changed.put("amount", new BigDecimal("1.23"));
    shop.putOrder(changed);
    Map<String, Object> added = LakeShop.order(3);
    added.put("id", 1000L);
    shop.putOrder(added);
    shop.execute("DELETE FROM order_lines WHERE order_id = 20 AND line_no = 1");
    Path report = dir.resolve("changed.json");
    Cli.Result r = verify(job, report).exits(1);
    Map<String, JsonNode> t = tables(report);
    assertEquals(1, t.get("orders").get("changed").asLong(), r.out());
    assertEquals(1, t.get("orders").get("changed_columns").get("amount").asLong(), r.out());
    assertEquals(1, t.get("orders").get("missing").asLong(), r.out());
    assertEquals(0, t.get("orders").get("extra").asLong(), r.out());
    assertEquals(1, t.get("order_lines").get("extra").asLong(), r.out());
    assertTrue(r.out().contains("orders: changed id=7: amount 1.23 → "), r.out());
    assertTrue(r.out().contains("orders: missing id=1000"), r.out());
    assertTrue(r.out().contains("order_lines: extra order_id=20, line_no=1"), r.out());
  }

  @Test
  @Order(4)
  void linesOfOrdersTheRulesKeptOutAreOrphansOfTheDump() throws Exception {
    Path strict =
        writeJob(
            "verify-strict",
            """
            - column: orders.status
              in: [new, paid, shipped]""");
    ferry("run", strict.toString()).exits(0);
    Path report = dir.resolve("orphans.json");
    Cli.Result r = verify(strict, report).exits(1);
    Map<String, JsonNode> t = tables(report);
    assertEquals(2, t.get("orders").get("rejected").asLong(), r.out());
    assertEquals("equal", t.get("orders").get("verdict").asText(), r.out());
    assertEquals(5, t.get("order_lines").get("orphans").asLong(), "lines of orders 13, 101");
    assertTrue(
        r.out().contains("order_lines: orphan order_id=13, line_no=1: order_id=13 has no row in"),
        r.out());

    // --dump picks a dump: the strict one lacks the two orders the first job keeps
    Path strictDump;
    try (Stream<Path> files = Files.walk(dir.resolve("dumps/verify-strict"))) {
      strictDump =
          files.filter(p -> p.endsWith("manifest.json")).findFirst().orElseThrow().getParent();
    }
    Path picked = dir.resolve("picked.json");
    r = verify(job, picked, "--dump", strictDump.toString()).exits(1);
    assertTrue(r.out().contains(strictDump.toString()), r.out());
    assertEquals(2, tables(picked).get("orders").get("missing").asLong(), r.out());
    assertTrue(r.out().contains("orders: missing id=13"), r.out());
  }

  @Test
  @Order(5)
  void lakeOptionsAreRefusedForADump() {
    String line = ferry("verify", job.toString(), "--layer", "bronze").exits(2).oneLineError();
    assertTrue(line.contains("--layer and --version are for a lakehouse target"), line);
  }
}

package dev.ferry.runners;

import static dev.ferry.runners.Cli.ferry;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
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
 * {@code ferry verify} of a SQLite shop built into a real Delta lakehouse: silver equal to the
 * source after the job's clean-up and rules, bronze's last run equal to the raw source; then
 * changes made to the source are named by table, key and column, an older silver version (time
 * travel) shows the data as it was, and children whose parents silver's rules reject are orphans.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class VerifyLakeTest {

  private static final String ALL_STATUSES = "new, paid, shipped, lost";

  @TempDir static Path dir;
  static LakeShop shop;
  static Path lake;
  static Path job;
  static long firstSilverVersion;

  @BeforeAll
  static void build() throws Exception {
    shop = LakeShop.create(dir);
    lake = dir.resolve("lake");
    job = writeJob(ALL_STATUSES);
    ferry("run", job.toString()).exits(0);
    firstSilverVersion = latestVersion(lake.resolve("silver/orders"));
  }

  static Path writeJob(String statuses) throws Exception {
    Path file = dir.resolve("lake.yaml");
    Files.writeString(file, LakeShop.job(shop.db, lake, statuses, ""));
    return file;
  }

  static long latestVersion(Path table) throws Exception {
    try (Stream<Path> log = Files.list(table.resolve("_delta_log"))) {
      return log.map(p -> p.getFileName().toString())
          .filter(n -> n.matches("\\d+\\.json"))
          .mapToLong(n -> Long.parseLong(n.substring(0, n.indexOf('.'))))
          .max()
          .orElseThrow();
    }
  }

  static Cli.Result verify(Path report, String... extra) {
    List<String> args = new ArrayList<>(List.of("verify", job.toString()));
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
  void silverAndBronzeAreEqualToTheSourceAfterTheRun() throws Exception {
    Path report = dir.resolve("silver.json");
    Cli.Result r = verify(report).exits(0);
    assertTrue(r.out().contains("ferry: verify: all 2 tables equal"), r.out());
    Map<String, JsonNode> t = tables(report);
    assertEquals(200, t.get("orders").get("source_rows").asLong());
    assertEquals(200, t.get("orders").get("target_rows").asLong());
    long lines = shop.lines.size();
    assertEquals(lines - 1, t.get("order_lines").get("source_rows").asLong());
    assertEquals(1, t.get("order_lines").get("rejected").asLong(), "the qty 0 line");
    assertEquals(lines - 1, t.get("order_lines").get("target_rows").asLong());
    assertEquals(0, t.get("order_lines").get("orphans").asLong());

    Path bronze = dir.resolve("bronze.json");
    r = verify(bronze, "--layer", "bronze").exits(0);
    t = tables(bronze);
    assertEquals(lines, t.get("order_lines").get("source_rows").asLong(), "no rules in bronze");
    assertEquals(0, t.get("order_lines").get("rejected").asLong());
    assertEquals(lines, t.get("order_lines").get("target_rows").asLong());
  }

  @Test
  @Order(2)
  void changesToTheSourceAreNamedUntilTheNextRun() throws Exception {
    Map<String, Object> changed = LakeShop.order(7);
    changed.put("amount", new java.math.BigDecimal("1.23"));
    shop.putOrder(changed);
    shop.putOrder(withId(LakeShop.order(3), 1000)); // added
    shop.execute("DELETE FROM order_lines WHERE order_id = 20 AND line_no = 1");
    Path report = dir.resolve("changed.json");
    Cli.Result r = verify(report).exits(1);
    Map<String, JsonNode> t = tables(report);
    assertEquals(1, t.get("orders").get("changed").asLong(), r.out());
    assertEquals(1, t.get("orders").get("changed_columns").get("amount").asLong(), r.out());
    assertEquals(1, t.get("orders").get("missing").asLong(), r.out());
    assertEquals(1, t.get("order_lines").get("extra").asLong(), r.out());
    assertTrue(r.out().contains("orders: changed id=7: amount 1.23 → "), r.out());
    assertTrue(r.out().contains("orders: missing id=1000"), r.out());
    assertTrue(r.out().contains("order_lines: extra order_id=20, line_no=1"), r.out());
  }

  @Test
  @Order(3)
  void aNewRunCatchesSilverUpWhileTheOlderVersionStillDiffers() throws Exception {
    ferry("run", job.toString()).exits(0);
    Path latest = dir.resolve("rerun.json");
    Cli.Result r = verify(latest).exits(1);
    Map<String, JsonNode> t = tables(latest);
    assertEquals("equal", t.get("orders").get("verdict").asText(), r.out());
    assertEquals(1, t.get("order_lines").get("extra").asLong(), "silver keeps deleted keys");

    Path old = dir.resolve("old.json");
    r = verify(old, "--version", Long.toString(firstSilverVersion)).exits(1);
    t = tables(old);
    assertTrue(r.out().contains("version " + firstSilverVersion), r.out());
    assertEquals(1, t.get("orders").get("changed").asLong(), r.out());
    assertEquals(1, t.get("orders").get("missing").asLong(), r.out());

    // bronze holds both runs; its last run is the source as it is now
    Path bronze = dir.resolve("bronze-rerun.json");
    r = verify(bronze, "--layer", "bronze").exits(0);
    assertEquals(201, tables(bronze).get("orders").get("target_rows").asLong(), r.out());
  }

  @Test
  @Order(4)
  void linesOfOrdersTheRulesRejectAreOrphansInSilver() throws Exception {
    job = writeJob("new, paid, shipped");
    ferry("run", job.toString()).exits(0); // the two 'lost' orders are dead letters now
    Path report = dir.resolve("orphans.json");
    Cli.Result r = verify(report).exits(1);
    Map<String, JsonNode> t = tables(report);
    assertEquals(2, t.get("orders").get("rejected").asLong(), r.out());
    assertEquals("equal", t.get("orders").get("verdict").asText(), r.out());
    assertEquals(5, t.get("order_lines").get("orphans").asLong(), "lines of orders 13, 101");
    assertTrue(
        r.out().contains("order_lines: orphan order_id=13, line_no=1: order_id=13 has no row in"),
        r.out());
  }

  @Test
  @Order(5)
  void aVersionThatDoesNotExistAndOptionsForOtherTargetsAreRefused() {
    String line = ferry("verify", job.toString(), "--version", "999").exits(2).oneLineError();
    assertTrue(line.contains("--version 999"), line);
    line = ferry("verify", job.toString(), "--dump", "x").exits(2).oneLineError();
    assertTrue(line.contains("--dump is for a dump target"), line);
  }

  static Map<String, Object> withId(Map<String, Object> order, long id) {
    order.put("id", id);
    return order;
  }
}

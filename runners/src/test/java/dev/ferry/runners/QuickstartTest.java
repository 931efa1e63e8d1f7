package dev.ferry.runners;

import static dev.ferry.runners.Cli.ferry;
import static dev.ferry.runners.LakeRows.assertSameRows;
import static dev.ferry.runners.LakeRows.column;
import static dev.ferry.runners.LakeRows.rowWith;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ferry.schemas.inventory.Column;
import dev.ferry.schemas.inventory.Inventory;
import dev.ferry.schemas.inventory.Table;
import dev.ferry.schemas.sqlite.SqliteCatalog;
import dev.ferry.testkit.DeltaKernelReader;
import dev.ferry.testkit.DuckDbReader;
import io.delta.kernel.types.DecimalType;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The quickstart end to end, through the real command: {@code make_shop_db.py} builds the shop,
 * {@code ferry run} moves it into a local Delta Lake (bronze, silver, gold), and Delta Kernel and
 * DuckDB read every table back. Each silver table must hold exactly the source rows ferry should
 * have kept (the source read here with sqlite-jdbc, minus the 8 known bad rows, text cleaned as the
 * job asks), compared by count and an order-independent checksum of every value; bronze holds every
 * row it could type, as read.
 *
 * <p>One run is shared by the read-back tests; the re-run tests come last because they add to the
 * lake.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class QuickstartTest {

  private static final List<String> TABLES =
      List.of("customers", "order_items", "orders", "products");

  /** The rows examples/README.md lists as deliberately bad, by table and key. */
  private static final Map<String, Set<List<Long>>> REJECTED =
      Map.of(
          "customers", Set.of(List.of(57L), List.of(211L), List.of(148L), List.of(264L)),
          "orders", Set.of(List.of(777L), List.of(1203L)),
          "order_items", Set.of(List.of(512L, 2L)),
          "products", Set.of(List.of(42L)));

  private static final Map<String, List<String>> KEYS =
      Map.of(
          "customers", List.of("id"),
          "orders", List.of("id"),
          "order_items", List.of("order_id", "line_no"),
          "products", List.of("id"));

  private static final Set<String> NOT_SOURCE =
      Set.of("_ingested_at", "_source", "_run_id", "year", "month", "day");

  @TempDir static Path dir;

  private static Path db;
  private static Path lake;
  private static Path job;
  private static Path report;
  private static Cli.Result run;
  private static JsonNode json;
  private static Inventory inventory;
  private static Instant before;
  private static Instant after;

  @BeforeAll
  static void runQuickstart() throws Exception {
    db = ShopFixture.makeShopDb(dir);
    lake = dir.resolve("lake");
    job = ShopFixture.quickstartJob(dir, db, lake);
    report = dir.resolve("reports/r.json");
    inventory = SqliteCatalog.read("jdbc:sqlite:" + db);
    before = Instant.now().truncatedTo(ChronoUnit.MICROS);
    run = ferry("run", job.toString(), "--report", report.toString());
    after = Instant.now();
    json = new ObjectMapper().readTree(report.toFile());
  }

  @Test
  @Order(1)
  void runExitsZeroAndPrintsPerTableCounts() {
    run.exits(ExitCode.OK);
    // Only progress lines (a slow machine prints them every 5 s) may go to stderr.
    assertEquals(
        "", run.err().replaceAll("(?m)^\\[ *\\d+s\\] .*\\R", ""), "nothing else on stderr");
    String runId = json.path("run_id").asText();
    assertTrue(
        run.out().startsWith("ferry: run " + runId + " of job quickstart: 4 tables from " + db),
        run.out());
    // Bronze rejects only what it cannot type; the rules reject in silver.
    assertSummaryLine("customers", 300, 299, 1);
    assertSummaryLine("orders", 1500, 1499, 1);
    assertSummaryLine("order_items", 3382, 3382, 0);
    assertSummaryLine("products", 60, 60, 0);
    assertSummaryLine("customers (silver)", 299, 296, 3);
    assertSummaryLine("orders (silver)", 1499, 1498, 1);
    assertSummaryLine("order_items (silver)", 3382, 3381, 1);
    assertSummaryLine("products (silver)", 60, 59, 1);
    assertSummaryLine("total", 5242, 5240, 2);
    assertTrue(
        run.out().contains("8 rejected rows are in " + lake.resolve("_dead_letters")), run.out());
    assertFalse(run.out().contains("max_rejected"), "10 allowed, 8 rejected: " + run.out());
    assertFalse(run.out().contains("MISMATCH"), run.out());
  }

  @Test
  @Order(2)
  void reportHoldsTheSameCounts() {
    assertEquals("quickstart", json.path("job").asText());
    assertTrue(json.path("run_id").asText().matches("\\d{8}T\\d{6}Z-[0-9a-f]{6}"), json.toString());
    assertEquals("direct", json.path("runner").asText());
    assertEquals(lake + " (bronze, silver, gold)", json.path("target").asText());
    assertEquals(lake + "/_dead_letters", json.path("dead_letters").asText());
    assertEquals(10, json.path("max_rejected").asLong());
    assertTrue(json.path("reconciled").asBoolean());
    assertEquals(5242, json.path("totals").path("read").asLong());
    assertEquals(5240, json.path("totals").path("written").asLong());
    assertEquals(2, json.path("totals").path("rejected").asLong());
    assertEquals(8, json.path("totals").path("dead_letters").asLong());
    Map<String, long[]> tables = new HashMap<>();
    for (JsonNode t : json.path("tables")) {
      assertTrue(t.path("reconciled").asBoolean(), t.toString());
      assertTrue(t.path("bytes").asLong() > 0, t.toString());
      tables.put(
          t.path("table").asText(),
          new long[] {
            t.path("read").asLong(), t.path("written").asLong(), t.path("rejected").asLong()
          });
    }
    Set<String> lines = new HashSet<>(TABLES);
    TABLES.forEach(t -> lines.add(t + " (silver)"));
    lines.add("daily_revenue (gold)");
    lines.add("customer_lifetime_value (gold)");
    assertEquals(lines, tables.keySet());
    assertArrayEquals(new long[] {300, 299, 1}, tables.get("customers"));
    assertArrayEquals(new long[] {299, 296, 3}, tables.get("customers (silver)"));
    assertArrayEquals(new long[] {1500, 1499, 1}, tables.get("orders"));
    assertArrayEquals(new long[] {1499, 1498, 1}, tables.get("orders (silver)"));
    assertArrayEquals(new long[] {3382, 3382, 0}, tables.get("order_items"));
    assertArrayEquals(new long[] {3382, 3381, 1}, tables.get("order_items (silver)"));
    assertArrayEquals(new long[] {60, 60, 0}, tables.get("products"));
    assertArrayEquals(new long[] {60, 59, 1}, tables.get("products (silver)"));
  }

  @ParameterizedTest
  @Order(3)
  @ValueSource(strings = {"customers", "order_items", "orders", "products"})
  void silverTableReadsBackAsTheSourceWithBothReaders(String name) throws Exception {
    Table table = inventory.table(name).orElseThrow();
    List<String> columns = table.columns().stream().map(Column::name).toList();
    List<Map<String, Object>> expected =
        SourceRows.expected(db, table, KEYS.get(name), REJECTED.get(name));
    DeltaKernelReader kernel = DeltaKernelReader.latest(silver(name));
    List<Map<String, Object>> kernelRows = kernel.rows();
    List<Map<String, Object>> duckRows = DuckDbReader.read(kernel);

    assertEquals(
        written(name + " (silver)"), expected.size(), "source rows minus the known bad ones");
    assertEquals(expected.size(), kernelRows.size(), "Delta Kernel rows of " + name);
    assertEquals(expected.size(), duckRows.size(), "DuckDB rows of " + name);
    Set<String> lakeColumns = new HashSet<>(columns);
    lakeColumns.addAll(NOT_SOURCE);
    assertEquals(lakeColumns, kernelRows.get(0).keySet(), "Delta Kernel columns");
    assertEquals(lakeColumns, duckRows.get(0).keySet(), "DuckDB columns");
    assertEquals(List.of("year", "month", "day"), kernel.partitionColumns());

    assertSameRows(name + " via Delta Kernel", expected, kernelRows, columns, KEYS.get(name));
    assertSameRows(name + " via DuckDB", expected, duckRows, columns, KEYS.get(name));
  }

  @Test
  @Order(4)
  void everyRowCarriesTheRunsIngestColumns() {
    String runId = json.path("run_id").asText();
    for (String name : TABLES) {
      List<Map<String, Object>> rows = DeltaKernelReader.latest(silver(name)).rows();
      assertEquals(Set.of(runId), Set.copyOf(column(rows, "_run_id")), name + "._run_id");
      assertEquals(Set.of(db.toString()), Set.copyOf(column(rows, "_source")), name + "._source");
      Set<Object> ingested = Set.copyOf(column(rows, "_ingested_at"));
      assertEquals(1, ingested.size(), name + ": one ingest instant per run");
      Instant at = (Instant) ingested.iterator().next();
      assertFalse(at.isBefore(before) || at.isAfter(after), at + " during the run");
      if (!name.equals("orders")) {
        LocalDate day = LocalDate.ofInstant(at, ZoneOffset.UTC);
        for (Map<String, Object> row : rows) {
          assertEquals(partitionDate(row), day, name + " is partitioned by the ingest date");
        }
      }
    }
  }

  @Test
  @Order(5)
  void ordersArePartitionedByTheUtcDateOfOrderedAt() {
    DeltaKernelReader kernel = DeltaKernelReader.latest(silver("orders"));
    List<Map<String, Object>> kernelRows = kernel.rows();
    List<Map<String, Object>> duckRows = DuckDbReader.read(kernel);
    for (List<Map<String, Object>> rows : List.of(kernelRows, duckRows)) {
      for (Map<String, Object> row : rows) {
        Instant orderedAt = (Instant) row.get("ordered_at");
        assertEquals(
            LocalDate.ofInstant(orderedAt, ZoneOffset.UTC), partitionDate(row), row.toString());
      }
    }
    // An order written with +02:00 shortly after midnight local time lands on the previous UTC day.
    Set<LocalDate> days = new HashSet<>();
    kernelRows.forEach(r -> days.add(partitionDate(r)));
    assertTrue(days.size() > 100, "120 days of orders: " + days.size() + " partitions");
    assertTrue(
        kernel.files().stream().allMatch(f -> f.matches(".*/year=\\d{4}/month=\\d+/day=\\d+/.*")),
        "files in year=/month=/day= directories: " + kernel.files().get(0));
  }

  @Test
  @Order(6)
  void timestampsKeepMicrosecondsAndOffsets() throws SQLException {
    List<Map<String, Object>> kernelRows = DeltaKernelReader.latest(bronze("orders")).rows();
    List<Map<String, Object>> duckRows = DuckDbReader.read(bronze("orders"));
    Map<Long, String> micros =
        sourceText(
            "SELECT id, ordered_at FROM orders WHERE ordered_at LIKE '____-__-__ __:__:__.______'"
                + " AND ordered_at NOT LIKE '%000' ORDER BY id LIMIT 3");
    Map<Long, String> offsets =
        sourceText(
            "SELECT id, ordered_at FROM orders WHERE ordered_at LIKE '%+02:00' ORDER BY id LIMIT 3");
    assertEquals(3, micros.size());
    assertEquals(3, offsets.size());
    Map<Long, Instant> expected = new LinkedHashMap<>();
    micros.forEach(
        (id, t) ->
            expected.put(id, LocalDateTime.parse(t.replace(' ', 'T')).toInstant(ZoneOffset.UTC)));
    offsets.forEach((id, t) -> expected.put(id, OffsetDateTime.parse(t).toInstant()));
    expected.forEach(
        (id, instant) -> {
          assertEquals(instant, rowWith(kernelRows, "id", id).get("ordered_at"), "Kernel " + id);
          assertEquals(instant, rowWith(duckRows, "id", id).get("ordered_at"), "DuckDB " + id);
        });
    // shipped_at too: every one of them has six fractional digits in the source.
    Map<Long, String> shipped =
        sourceText("SELECT id, shipped_at FROM orders WHERE shipped_at IS NOT NULL LIMIT 3");
    shipped.forEach(
        (id, t) ->
            assertEquals(
                LocalDateTime.parse(t.replace(' ', 'T')).toInstant(ZoneOffset.UTC),
                rowWith(duckRows, "id", id).get("shipped_at"),
                "shipped_at of order " + id));
  }

  @Test
  @Order(7)
  void decimalsKeepScaleTwo() throws SQLException {
    Map<String, String> decimals =
        Map.of("products", "price", "order_items", "unit_price", "orders", "total");
    for (Map.Entry<String, String> d : decimals.entrySet()) {
      DeltaKernelReader kernel = DeltaKernelReader.latest(bronze(d.getKey()));
      DecimalType type = (DecimalType) kernel.schema().get(d.getValue()).getDataType();
      assertEquals(2, type.getScale(), d.toString());
      assertEquals(d.getKey().equals("orders") ? 12 : 10, type.getPrecision(), d.toString());
      for (List<Map<String, Object>> rows : List.of(kernel.rows(), DuckDbReader.read(kernel))) {
        for (Object v : column(rows, d.getValue())) {
          if (v != null) {
            assertEquals(2, ((BigDecimal) v).scale(), d + " value " + v);
          }
        }
      }
    }
    // One price, exactly as the source wrote it (a REAL such as 12.5 is 12.50 in the lake).
    Map<Long, String> price = sourceText("SELECT id, price FROM products WHERE id = 7");
    BigDecimal expected = new BigDecimal(price.get(7L)).setScale(2);
    List<Map<String, Object>> rows = DeltaKernelReader.latest(bronze("products")).rows();
    assertEquals(expected, rowWith(rows, "id", 7L).get("price"));
  }

  @Test
  @Order(8)
  void photoBytesAreTheSame() throws SQLException {
    Map<Long, byte[]> photos = new LinkedHashMap<>();
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db);
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT id, photo FROM products WHERE photo IS NOT NULL")) {
      while (rs.next()) {
        photos.put(rs.getLong(1), rs.getBytes(2));
      }
    }
    assertTrue(photos.size() > 10, "the shop has photos: " + photos.size());
    DeltaKernelReader kernel = DeltaKernelReader.latest(silver("products"));
    List<Map<String, Object>> kernelRows = kernel.rows();
    List<Map<String, Object>> duckRows = DuckDbReader.read(kernel);
    photos.remove(42L); // the product with the negative price is a dead letter
    photos.forEach(
        (id, bytes) -> {
          assertArrayEquals(bytes, (byte[]) rowWith(kernelRows, "id", id).get("photo"), "Kernel");
          assertArrayEquals(bytes, (byte[]) rowWith(duckRows, "id", id).get("photo"), "DuckDB");
        });
    long nullPhotos = kernelRows.stream().filter(r -> r.get("photo") == null).count();
    assertEquals(59 - photos.size(), nullPhotos, "products without a photo stay NULL");
  }

  @Test
  @Order(9)
  void deadLettersHoldTheEightBadRowsWithTheirReasons() throws Exception {
    String deadLetters = lake.resolve("_dead_letters").toString();
    DeltaKernelReader kernel = DeltaKernelReader.latest(deadLetters);
    List<Map<String, Object>> rows = kernel.rows();
    assertEquals(8, rows.size(), rows.toString());
    assertEquals(8, DuckDbReader.read(kernel).size());
    assertEquals(List.of("table"), kernel.partitionColumns());

    ObjectMapper mapper = new ObjectMapper();
    Map<String, Map<String, Object>> byKey = new HashMap<>();
    for (Map<String, Object> row : rows) {
      JsonNode values = mapper.readTree((String) row.get("values"));
      String table = (String) row.get("table");
      List<String> key = new ArrayList<>();
      for (String k : KEYS.get(table)) {
        key.add(k + "=" + values.path(k).asText());
      }
      assertNull(byKey.put(table + " " + String.join(",", key), row), "one dead letter: " + key);
      assertEquals(json.path("run_id").asText(), row.get("_run_id"));
      assertNotNull(row.get("failed_at"));
    }
    assertDeadLetter(byKey, "customers id=57", "validate", "email: ", "does not match");
    assertDeadLetter(byKey, "customers id=211", "validate", "email: ", "does not match");
    assertDeadLetter(byKey, "customers id=264", "read", "full_name: ", "UTF-8");
    assertDeadLetter(byKey, "orders id=777", "validate", "status: ", "lost", "is not one of");
    assertDeadLetter(byKey, "orders id=1203", "read", "ordered_at: ", "2024");
    assertDeadLetter(
        byKey, "order_items order_id=512,line_no=2", "validate", "quantity: ", "below the minimum");
    assertDeadLetter(byKey, "products id=42", "validate", "price: ", "below the minimum");
    Map<String, Object> duplicate = byKey.get("customers id=148");
    assertNotNull(duplicate, byKey.keySet().toString());
    assertEquals("validate", duplicate.get("stage"));
    String reason = (String) duplicate.get("reason");
    assertTrue(reason.startsWith("duplicate email"), reason);
    assertTrue(reason.contains("id=23"), "names the row that keeps the email: " + reason);
  }

  @Test
  @Order(100)
  void repeatingTheRunIdChangesNothing() {
    String runId = json.path("run_id").asText();
    Map<String, Long> versions = versions();
    Map<String, Integer> counts = counts();

    Cli.Result again = ferry("run", job.toString(), "--run-id", runId).exits(ExitCode.OK);

    assertTrue(again.out().contains("ferry: run " + runId + " of job quickstart"), again.out());
    assertEquals(versions, versions(), "no new Delta versions");
    assertEquals(counts, counts(), "no new rows");
  }

  @Test
  @Order(101)
  void aNewRunAppendsASecondCopyToBronzeAndLeavesSilverAndGoldAsTheyWere() {
    // Bronze is append-only by design: a run with a new id lands every row again; silver keeps
    // each key's latest row, so it holds the same rows, and gold the same results.
    Map<String, Long> versions = versions();
    Map<String, Integer> counts = counts();
    Map<String, Integer> silver = new HashMap<>();
    TABLES.forEach(t -> silver.put(t, DeltaKernelReader.latest(silver(t)).rows().size()));
    List<Map<String, Object>> gold = goldRows("daily_revenue");

    Cli.Result second = ferry("run", job.toString()).exits(ExitCode.OK);

    Matcher m = Pattern.compile("ferry: run (\\S+) of job").matcher(second.out());
    assertTrue(m.find(), second.out());
    assertNotEquals(json.path("run_id").asText(), m.group(1));
    // The dead letters get one commit from bronze and one from silver.
    versions.forEach(
        (t, v) ->
            assertEquals(
                v + (t.equals("_dead_letters") ? 2 : 1), versions().get(t), t + ": new versions"));
    counts.forEach((t, n) -> assertEquals(2 * n, counts().get(t), t + ": rows doubled"));
    List<Map<String, Object>> customers = DeltaKernelReader.latest(bronze("customers")).rows();
    assertEquals(
        Set.of(json.path("run_id").asText(), m.group(1)), Set.copyOf(column(customers, "_run_id")));
    silver.forEach(
        (t, n) -> {
          List<Map<String, Object>> rows = DeltaKernelReader.latest(silver(t)).rows();
          assertEquals(n, rows.size(), t + ": silver holds each key once");
          assertEquals(Set.of(m.group(1)), Set.copyOf(column(rows, "_run_id")), t + ": latest");
        });
    assertSummaryLine(second.out(), "customers (silver)", 598, 296, 3);
    assertTrue(second.out().contains("superseded"), second.out());
    assertEquals(sorted(gold), sorted(goldRows("daily_revenue")), "gold is the same");
  }

  @Test
  @Order(10)
  void goldTablesHoldTheirSqlComputedFromSilver() {
    // daily_revenue, computed here from silver as read by Delta Kernel.
    Map<Long, Map<String, Object>> orders = byId(DeltaKernelReader.latest(silver("orders")).rows());
    Map<Long, Map<String, Object>> products =
        byId(DeltaKernelReader.latest(silver("products")).rows());
    Map<List<Object>, BigDecimal[]> expected = new HashMap<>();
    for (Map<String, Object> item : DeltaKernelReader.latest(silver("order_items")).rows()) {
      Map<String, Object> order = orders.get(((Number) item.get("order_id")).longValue());
      Map<String, Object> product = products.get(((Number) item.get("product_id")).longValue());
      if (order == null || product == null || order.get("status").equals("cancelled")) {
        continue; // joins drop items of rejected orders and products
      }
      LocalDate day = LocalDate.ofInstant((Instant) order.get("ordered_at"), ZoneOffset.UTC);
      BigDecimal quantity = BigDecimal.valueOf(((Number) item.get("quantity")).longValue());
      BigDecimal[] sums =
          expected.computeIfAbsent(
              List.of(day, product.get("sku"), product.get("name")),
              k -> new BigDecimal[] {BigDecimal.ZERO, BigDecimal.ZERO});
      sums[0] = sums[0].add(quantity);
      sums[1] = sums[1].add(quantity.multiply((BigDecimal) item.get("unit_price")));
    }
    DeltaKernelReader kernel = DeltaKernelReader.latest(gold("daily_revenue"));
    assertEquals(List.of("year", "month", "day"), kernel.partitionColumns());
    for (List<Map<String, Object>> rows : List.of(kernel.rows(), DuckDbReader.read(kernel))) {
      assertEquals(expected.size(), rows.size(), "one row per day and product");
      for (Map<String, Object> row : rows) {
        BigDecimal[] sums =
            expected.get(List.of(row.get("order_day"), row.get("sku"), row.get("product")));
        assertNotNull(sums, row.toString());
        assertEquals(sums[0].longValueExact(), ((Number) row.get("units")).longValue(), "units");
        assertEquals(sums[1].setScale(2), row.get("revenue"), "revenue of " + row);
      }
    }
    assertEquals(
        DeltaKernelReader.latest(silver("customers")).rows().stream()
            .filter(
                c ->
                    orders.values().stream()
                        .anyMatch(
                            o ->
                                o.get("customer_id").equals(c.get("id"))
                                    && Set.of("paid", "shipped").contains(o.get("status"))))
            .count(),
        goldRows("customer_lifetime_value").size(),
        "one row per customer with a paid or shipped order");
  }

  private static void assertSummaryLine(String table, long read, long written, long rejected) {
    assertSummaryLine(run.out(), table, read, written, rejected);
  }

  private static void assertSummaryLine(
      String out, String table, long read, long written, long rejected) {
    Pattern line =
        Pattern.compile(
            "(?m)^"
                + Pattern.quote(table)
                + "\\s+"
                + read
                + "\\s+"
                + written
                + "\\s+"
                + rejected
                + "\\s+\\S");
    assertTrue(line.matcher(out).find(), table + " line in:\n" + out);
  }

  private static String gold(String table) {
    return lake.resolve("gold").resolve(table).toString();
  }

  private static List<Map<String, Object>> goldRows(String table) {
    return DeltaKernelReader.latest(gold(table)).rows();
  }

  private static List<String> sorted(List<Map<String, Object>> rows) {
    return rows.stream().map(r -> new java.util.TreeMap<>(r).toString()).sorted().toList();
  }

  private static Map<Long, Map<String, Object>> byId(List<Map<String, Object>> rows) {
    Map<Long, Map<String, Object>> out = new HashMap<>();
    rows.forEach(r -> out.put(((Number) r.get("id")).longValue(), r));
    return out;
  }

  private static void assertDeadLetter(
      Map<String, Map<String, Object>> byKey, String key, String stage, String... reasonParts) {
    Map<String, Object> row = byKey.get(key);
    assertNotNull(row, key + " among " + byKey.keySet());
    assertEquals(stage, row.get("stage"), key);
    String reason = (String) row.get("reason");
    for (String part : reasonParts) {
      assertTrue(reason.contains(part), key + ": reason '" + reason + "' mentions '" + part + "'");
    }
  }

  private static long written(String table) {
    for (JsonNode t : json.path("tables")) {
      if (t.path("table").asText().equals(table)) {
        return t.path("written").asLong();
      }
    }
    return -1;
  }

  private static String bronze(String table) {
    return lake.resolve("bronze").resolve(table).toString();
  }

  private static String silver(String table) {
    return lake.resolve("silver").resolve(table).toString();
  }

  private static LocalDate partitionDate(Map<String, Object> row) {
    return LocalDate.of(
        ((Number) row.get("year")).intValue(),
        ((Number) row.get("month")).intValue(),
        ((Number) row.get("day")).intValue());
  }

  private static Map<Long, String> sourceText(String sql) throws SQLException {
    Map<Long, String> out = new LinkedHashMap<>();
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db);
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery(sql)) {
      while (rs.next()) {
        out.put(rs.getLong(1), rs.getString(2));
      }
    }
    return out;
  }

  private static Map<String, Long> versions() {
    Map<String, Long> v = new HashMap<>();
    TABLES.forEach(t -> v.put(t, DeltaKernelReader.latest(bronze(t)).version()));
    v.put(
        "_dead_letters",
        DeltaKernelReader.latest(lake.resolve("_dead_letters").toString()).version());
    return v;
  }

  private static Map<String, Integer> counts() {
    Map<String, Integer> n = new HashMap<>();
    TABLES.forEach(t -> n.put(t, DeltaKernelReader.latest(bronze(t)).rows().size()));
    n.put(
        "_dead_letters",
        DeltaKernelReader.latest(lake.resolve("_dead_letters").toString()).rows().size());
    return n;
  }
}

package dev.ferry.runners;

import static dev.ferry.runners.LakeLayersRun.addedRecords;
import static dev.ferry.runners.LakeLayersRun.assertHolds;
import static dev.ferry.runners.LakeLayersRun.commit;
import static dev.ferry.runners.LakeLayersRun.files;
import static dev.ferry.runners.LakeLayersRun.partitionDay;
import static dev.ferry.runners.LakeLayersRun.version;
import static dev.ferry.runners.LakeRows.column;
import static dev.ferry.runners.LakeRows.rowWith;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ferry.testkit.DeltaKernelReader;
import dev.ferry.testkit.DuckDbReader;
import io.delta.kernel.types.DecimalType;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * A lakehouse job's three layers through the real {@code ferry run}, over a run history on one
 * lake: a first run, a repeat without changes, an incremental run after updates and inserts, a new
 * column, a refused type change, and finally {@code --layers silver,gold} after a rule change with
 * the source deleted. Every layer is read back with Delta Kernel and DuckDB and compared by value
 * with the rows {@link LakeShop} generated (gold with aggregates computed here in plain Java).
 *
 * <p>The tests build on each other and run in order.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class LakeLayersTest {

  private static final List<String> ALL_STATES = List.of("new", "paid", "shipped");
  private static final List<String> ORDER_KEY = List.of("id");
  private static final List<String> LINE_KEY = List.of("order_id", "line_no");

  @TempDir static Path dir;

  private static LakeShop shop;
  private static Path lake;
  private static Path job;
  private static List<String> orderColumns = LakeShop.ORDER_COLUMNS;
  private static LakeLayersRun first;

  @BeforeAll
  static void createShop() throws Exception {
    shop = LakeShop.create(dir);
    lake = dir.resolve("lake");
    job = writeJob("new, paid, shipped", "");
  }

  @Test
  @Order(1)
  void oneRunBuildsBronzeSilverAndGold() throws Exception {
    first = LakeLayersRun.of(job).ok();
    String out = first.result().out();
    for (String layer : List.of("bronze", "silver", "gold")) {
      assertTrue(out.contains("ferry: building " + layer), layer + " stage in:\n" + out);
    }

    // bronze: the source as it is, text not cleaned, partitioned by created_on
    List<Map<String, Object>> bronze =
        assertHolds(
            "bronze orders", bronze("orders"), shop.bronzeOrders(), orderColumns, ORDER_KEY);
    assertHolds(
        "bronze order_lines",
        bronze("order_lines"),
        List.copyOf(shop.lines.values()),
        LakeShop.LINE_COLUMNS,
        LINE_KEY);
    assertEquals("  padded 日本語 ✓ 1  ", rowWith(bronze, "id", 1L).get("note"));
    assertEquals(Set.of(first.runId()), Set.copyOf(column(bronze, "_run_id")));
    bronze.forEach(r -> assertEquals(r.get("created_on"), partitionDay(r), "partition of " + r));
    // microseconds survive: 7 * 7003 µs past the second
    Instant at = (Instant) rowWith(bronze, "id", 7L).get("updated_at");
    assertEquals(shop.orders.get(7L).get("updated_at"), at);
    assertEquals(49_021_000, at.getNano());

    // silver: the latest row per key, cleaned, rule rejects out
    List<Map<String, Object>> silver =
        assertHolds("silver orders", silver("orders"), silverOrders(), orderColumns, ORDER_KEY);
    assertHolds(
        "silver order_lines",
        silver("order_lines"),
        shop.silverLines(),
        LakeShop.LINE_COLUMNS,
        LINE_KEY);
    assertEquals("padded 日本語 ✓ 1", rowWith(silver, "id", 1L).get("note"));
    assertEquals("café 2", rowWith(silver, "id", 2L).get("note"), "NFC");
    assertNull(rowWith(silver, "id", 3L).get("note"), "blank is NULL");
    silver.forEach(r -> assertEquals(r.get("created_on"), partitionDay(r), "partition of " + r));
    assertArrayEquals(new long[] {200, 198, 2, 0}, first.reconciled("orders (silver)"));
    int lines = shop.lines.size();
    assertArrayEquals(
        new long[] {lines, lines - 1, 1, 0}, first.reconciled("order_lines (silver)"));
    assertArrayEquals(new long[] {200, 200, 0, 0}, first.reconciled("orders"));

    assertDeadLetters(first.runId());
    assertGold();
    DeltaKernelReader daily = DeltaKernelReader.latest(gold("daily_paid").toString());
    DecimalType amount = (DecimalType) daily.schema().get("amount").getDataType();
    assertEquals(List.of(14, 2), List.of(amount.getPrecision(), amount.getScale()));
    for (Path table : List.of(bronze("orders"), silver("orders"))) {
      DecimalType source =
          (DecimalType)
              DeltaKernelReader.latest(table.toString()).schema().get("amount").getDataType();
      assertEquals(
          List.of(10, 2), List.of(source.getPrecision(), source.getScale()), table.toString());
    }
    assertEquals(List.of("year", "month", "day"), daily.partitionColumns());
    for (List<Map<String, Object>> rows : List.of(daily.rows(), DuckDbReader.read(daily))) {
      for (Map<String, Object> r : rows) {
        assertEquals(r.get("order_day"), partitionDay(r));
        assertEquals(2, ((BigDecimal) r.get("amount")).scale(), "exact cents: " + r);
      }
    }
  }

  @Test
  @Order(2)
  void aSecondRunWithoutChangesLeavesSilverAndGoldAsTheyWere() {
    // order_lines has no cursor: bronze appends every row again; orders does (set now), but no
    // value is recorded yet, so it too reads everything once more.
    job = writeJob("new, paid, shipped", "cursor: {orders: updated_at}");
    Set<String> silverFiles = files(silver("orders"));

    LakeLayersRun second = LakeLayersRun.of(job).ok();

    List<Map<String, Object>> lines =
        DeltaKernelReader.latest(bronze("order_lines").toString()).rows();
    assertEquals(2 * shop.lines.size(), lines.size(), "bronze order_lines doubled");
    assertEquals(Set.of(first.runId(), second.runId()), Set.copyOf(column(lines, "_run_id")));
    assertEquals(400, DeltaKernelReader.latest(bronze("orders").toString()).rows().size());

    assertHolds("silver orders", silver("orders"), silverOrders(), orderColumns, ORDER_KEY);
    assertHolds(
        "silver order_lines",
        silver("order_lines"),
        shop.silverLines(),
        LakeShop.LINE_COLUMNS,
        LINE_KEY);
    int n = shop.lines.size();
    assertArrayEquals(new long[] {2L * n, n - 1, 1, n}, second.reconciled("order_lines (silver)"));
    assertArrayEquals(new long[] {400, 198, 2, 200}, second.reconciled("orders (silver)"));
    assertGold();
    assertEquals(Set.of(), intersect(silverFiles, files(silver("orders"))), "silver rewritten");
  }

  @Test
  @Order(3)
  void anIncrementalRunReadsOnlyNewAndUpdatedRows() throws Exception {
    // Now the cursor holds 2026-03-10 23:59:59.999999, the value of orders 199 and 200.
    LakeLayersRun quiet = LakeLayersRun.of(job).ok();
    assertEquals(
        Set.of(199L, 200L), idsOfRun(quiet.runId()), "only the rows at the last cursor value");
    assertEquals(2, addedRecords(commit(bronze("orders"), version(bronze("orders")))));
    assertHolds("silver orders", silver("orders"), silverOrders(), orderColumns, ORDER_KEY);
    // silver rebuilds only the two days bronze changed (03-10 and 03-01, 20 orders each): 40 keys,
    // two copies each from the first runs and a third of 199 and 200
    assertArrayEquals(new long[] {82, 40, 0, 42}, quiet.reconciled("orders (silver)"));

    Set<String> silverBefore = files(silver("orders"));
    Instant later = Instant.parse("2026-03-11T09:00:00.000001Z");
    for (long id : List.of(3L, 42L, 77L, 150L, 160L)) {
      Map<String, Object> o = shop.orders.get(id);
      o.put("amount", new BigDecimal("1234.5" + id % 10));
      o.put("note", " geändert ✓ " + id);
      o.put("updated_at", later.plusSeconds(id).plusNanos(id * 1000));
      if (id == 42L) {
        o.put("status", "lost"); // its latest row breaks a rule: the key leaves silver
      }
      shop.putOrder(o);
    }
    for (long id : List.of(201L, 202L, 203L)) {
      Map<String, Object> o = LakeShop.order(id);
      o.put("updated_at", later.plusSeconds(3600 + id).plusNanos(id * 1000));
      shop.putOrder(o);
    }

    LakeLayersRun incremental = LakeLayersRun.of(job).ok();

    Set<Long> expected = Set.of(3L, 42L, 77L, 150L, 160L, 199L, 200L, 201L, 202L, 203L);
    assertEquals(expected, idsOfRun(incremental.runId()), "updated, inserted, and the last value");
    List<com.fasterxml.jackson.databind.JsonNode> commit =
        commit(bronze("orders"), version(bronze("orders")));
    assertEquals(10, addedRecords(commit), "the bronze commit adds exactly those rows");
    String info =
        commit.stream().filter(a -> a.has("commitInfo")).findFirst().orElseThrow().toString();
    assertTrue(info.contains("ferry.cursor.updated_at"), info);
    assertTrue(info.contains("2026-03-11"), "records the new highest value: " + info);
    assertArrayEquals(new long[] {10, 10, 0, 0}, incremental.reconciled("orders"));

    List<Map<String, Object>> silver =
        assertHolds("silver orders", silver("orders"), silverOrders(), orderColumns, ORDER_KEY);
    assertEquals(new BigDecimal("1234.57"), rowWith(silver, "id", 77L).get("amount"));
    assertEquals("geändert ✓ 77", rowWith(silver, "id", 77L).get("note"));
    assertTrue(silver.stream().noneMatch(r -> r.get("id").equals(42L)), "42's latest is rejected");
    assertGold();
    // Only the days bronze changed were rewritten; the other days' files are untouched.
    Set<LocalDate> changed = new TreeSet<>();
    expected.forEach(id -> changed.add((LocalDate) shop.orders.get(id).get("created_on")));
    Set<String> keptBefore = notIn(silverBefore, changed);
    assertFalse(keptBefore.isEmpty(), "some days unchanged: " + changed);
    assertEquals(keptBefore, notIn(files(silver("orders")), changed), "other days' files kept");
  }

  @Test
  @Order(4)
  void aNewNullableSourceColumnReachesBronzeAndSilver() throws Exception {
    shop.execute("ALTER TABLE orders ADD COLUMN channel TEXT");
    shop.orders.values().forEach(o -> o.put("channel", null));
    Instant later = Instant.parse("2026-03-12T07:00:00.000002Z");
    for (long id : List.of(10L, 20L)) {
      Map<String, Object> o = shop.orders.get(id);
      o.put("channel", " web ");
      o.put("updated_at", later.plusSeconds(id));
      shop.putOrder(o);
    }
    orderColumns = Stream.concat(LakeShop.ORDER_COLUMNS.stream(), Stream.of("channel")).toList();

    LakeLayersRun run = LakeLayersRun.of(job).ok();

    DeltaKernelReader bronze = DeltaKernelReader.latest(bronze("orders").toString());
    assertTrue(bronze.schema().fieldNames().contains("channel"), bronze.schema().toString());
    for (List<Map<String, Object>> rows : List.of(bronze.rows(), DuckDbReader.read(bronze))) {
      for (Map<String, Object> r : rows) {
        Object expected =
            run.runId().equals(r.get("_run_id")) && !r.get("id").equals(203L) ? " web " : null;
        assertEquals(expected, r.get("channel"), "channel of " + r);
      }
    }
    assertEquals(Set.of(10L, 20L, 203L), idsOfRun(run.runId()));
    List<Map<String, Object>> silver =
        assertHolds("silver orders", silver("orders"), silverOrders(), orderColumns, ORDER_KEY);
    assertEquals("web", rowWith(silver, "id", 10L).get("channel"));
    assertNull(rowWith(silver, "id", 11L).get("channel"));
    assertGold();
  }

  @Test
  @Order(5)
  void anIncompatibleTypeChangeIsRefusedInOneLineAndChangesNoTable() throws Exception {
    Path cast =
        ShopFixture.write(
            dir,
            "cast.yaml",
            ShopFixture.read(job) + "casts:\n  - {column: orders.customer_id, type: text}\n");
    List<Path> tables =
        List.of(bronze("orders"), silver("orders"), silver("order_lines"), gold("daily_paid"));
    List<Long> versions = tables.stream().map(LakeLayersRun::version).toList();
    long linesVersion = version(bronze("order_lines"));
    Set<Path> onDisk = parquetFiles(bronze("orders"));

    LakeLayersRun refused = LakeLayersRun.of(cast);

    refused.result().exits(ExitCode.FAILURE);
    String line = refused.result().oneLineError();
    assertTrue(line.contains("customer_id") && line.contains("bigint"), line);
    assertTrue(line.contains("a type cannot change in place"), line);
    assertEquals(versions, tables.stream().map(LakeLayersRun::version).toList(), "no new versions");
    assertEquals(onDisk, parquetFiles(bronze("orders")), "the refused run's files are gone");
    // Bronze tables commit one by one: order_lines may or may not have committed its rows before
    // orders was refused (a repeat with --run-id finishes the run without appending twice).
    assertTrue(version(bronze("order_lines")) - linesVersion <= 1, "at most its own commit");
    assertHolds("silver orders", silver("orders"), silverOrders(), orderColumns, ORDER_KEY);
  }

  @Test
  @Order(6)
  void layersSilverGoldRebuildFromBronzeWithTheNewRule() throws Exception {
    // The source changes, but --layers silver,gold reads bronze only: order 4 keeps its old amount.
    BigDecimal amount = (BigDecimal) shop.orders.get(4L).get("amount");
    shop.execute("UPDATE orders SET amount = '999.99', updated_at = '2026-04-01 00:00:00'");
    Path narrower = writeJob("new, paid", "cursor: {orders: updated_at}");
    long bronzeVersion = version(bronze("orders"));

    LakeLayersRun rebuild = LakeLayersRun.of(narrower, "--layers", "silver,gold").ok();

    assertFalse(rebuild.result().out().contains("building bronze"), rebuild.result().out());
    assertEquals(bronzeVersion, version(bronze("orders")), "bronze untouched");
    List<Map<String, Object>> expected = shop.silverOrders(List.of("new", "paid"));
    List<Map<String, Object>> silver =
        assertHolds("silver orders", silver("orders"), expected, orderColumns, ORDER_KEY);
    assertEquals(
        amount, rowWith(silver, "id", 4L).get("amount"), "bronze's value, not the source's");
    long rejected = shop.orders.size() - expected.size();
    assertEquals(rejected, rebuild.reconciled("orders (silver)")[2], "shipped and lost rejected");
    assertHolds(
        "gold daily_paid",
        gold("daily_paid"),
        LakeShop.dailyPaid(expected),
        LakeShop.DAILY_PAID,
        List.of("order_day"));
    assertHolds(
        "gold status_value",
        gold("status_value"),
        LakeShop.statusValue(expected, shop.silverLines()),
        LakeShop.STATUS_VALUE,
        List.of("status"));
  }

  @Test
  @Order(7)
  void layersSilverGoldNeedNoSource() throws Exception {
    Files.delete(shop.db);
    Path narrower = writeJob("new, paid", "cursor: {orders: updated_at}");
    Set<String> goldFiles = files(gold("daily_paid"));

    LakeLayersRun rebuild = LakeLayersRun.of(narrower, "--layers", "silver,gold");

    rebuild.result().exits(ExitCode.OK);
    assertFalse(Files.exists(shop.db), "the source was not opened (SQLite would create it)");
    assertHolds(
        "silver orders",
        silver("orders"),
        shop.silverOrders(List.of("new", "paid")),
        orderColumns,
        ORDER_KEY);
    assertEquals(Set.of(), intersect(goldFiles, files(gold("daily_paid"))), "gold rebuilt whole");
  }

  /** The run's dead letters: silver's three rule rejects, with the broken rule named. */
  private static void assertDeadLetters(String runId) throws Exception {
    DeltaKernelReader kernel = DeltaKernelReader.latest(lake.resolve("_dead_letters").toString());
    for (List<Map<String, Object>> all : List.of(kernel.rows(), DuckDbReader.read(kernel))) {
      Map<String, Map<String, Object>> byKey = new java.util.TreeMap<>();
      for (Map<String, Object> row : all) {
        if (runId.equals(row.get("_run_id"))) {
          JsonNode values = new ObjectMapper().readTree((String) row.get("values"));
          String key =
              row.get("table").equals("orders")
                  ? "orders " + values.path("id").asText()
                  : row.get("table")
                      + " "
                      + values.path("order_id").asText()
                      + "/"
                      + values.path("line_no").asText();
          assertNull(byKey.put(key, row), "one dead letter for " + key);
        }
      }
      assertEquals(
          Set.of("orders 13", "orders 101", "order_lines 5/2"), byKey.keySet(), all.toString());
      for (Map<String, Object> row : byKey.values()) {
        assertEquals("validate", row.get("stage"), row.toString());
      }
      assertTrue(
          ((String) byKey.get("orders 13").get("reason")).contains("status: "), byKey.toString());
      assertTrue(
          ((String) byKey.get("order_lines 5/2").get("reason")).contains("qty: "),
          byKey.toString());
    }
  }

  private static List<Map<String, Object>> silverOrders() {
    return shop.silverOrders(ALL_STATES);
  }

  private static void assertGold() {
    List<Map<String, Object>> orders = silverOrders();
    assertHolds(
        "gold daily_paid",
        gold("daily_paid"),
        LakeShop.dailyPaid(orders),
        LakeShop.DAILY_PAID,
        List.of("order_day"));
    assertHolds(
        "gold status_value",
        gold("status_value"),
        LakeShop.statusValue(orders, shop.silverLines()),
        LakeShop.STATUS_VALUE,
        List.of("status"));
  }

  /** The order ids bronze holds from run {@code runId}; fails on a repeated id. */
  private static Set<Long> idsOfRun(String runId) {
    List<Object> ids =
        DeltaKernelReader.latest(bronze("orders").toString()).rows().stream()
            .filter(r -> runId.equals(r.get("_run_id")))
            .map(r -> r.get("id"))
            .toList();
    Set<Long> set = ids.stream().map(i -> (Long) i).collect(Collectors.toSet());
    assertEquals(ids.size(), set.size(), "no id twice in one run: " + ids);
    return set;
  }

  private static Set<String> notIn(Set<String> files, Set<LocalDate> days) {
    return files.stream()
        .filter(f -> !days.contains(LakeLayersRun.dayOf(f)))
        .collect(Collectors.toCollection(TreeSet::new));
  }

  private static Set<String> intersect(Set<String> a, Set<String> b) {
    Set<String> out = new TreeSet<>(a);
    out.retainAll(b);
    return out;
  }

  private static Set<Path> parquetFiles(Path table) throws IOException {
    try (Stream<Path> files = Files.walk(table)) {
      return files
          .filter(f -> f.toString().endsWith(".parquet") && !f.toString().contains("_delta_log"))
          .collect(Collectors.toCollection(java.util.TreeSet::new));
    }
  }

  private static Path writeJob(String statuses, String target) {
    try {
      return ShopFixture.write(dir, "job.yaml", LakeShop.job(shop.db, lake, statuses, target));
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  static Path bronze(String table) {
    return lake.resolve("bronze").resolve(table);
  }

  static Path silver(String table) {
    return lake.resolve("silver").resolve(table);
  }

  static Path gold(String table) {
    return lake.resolve("gold").resolve(table);
  }
}

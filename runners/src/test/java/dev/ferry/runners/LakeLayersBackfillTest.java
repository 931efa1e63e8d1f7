package dev.ferry.runners;

import static dev.ferry.runners.LakeLayersRun.addedRecords;
import static dev.ferry.runners.LakeLayersRun.assertHolds;
import static dev.ferry.runners.LakeLayersRun.commit;
import static dev.ferry.runners.LakeLayersRun.dayOf;
import static dev.ferry.runners.LakeLayersRun.files;
import static dev.ferry.runners.LakeLayersRun.outside;
import static dev.ferry.runners.LakeLayersRun.paths;
import static dev.ferry.runners.LakeLayersRun.project;
import static dev.ferry.runners.LakeLayersRun.version;
import static dev.ferry.runners.LakeRows.assertSameRows;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ferry.testkit.DeltaKernelReader;
import dev.ferry.testkit.DuckDbReader;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code ferry run --from --to} over a built lake: three of the ten days are re-read from the
 * source and their partitions replaced in bronze, silver and the day-partitioned gold table, each
 * in one commit; the other days' files stay exactly as they were, and the version before reads the
 * old rows. Run twice, the tables hold the same rows.
 */
class LakeLayersBackfillTest {

  private static final LocalDate FROM = LocalDate.of(2026, 3, 4);
  private static final LocalDate TO = LocalDate.of(2026, 3, 6);
  private static final List<String> ALL_STATES = List.of("new", "paid", "shipped");
  private static final List<String> COLUMNS = LakeShop.ORDER_COLUMNS;

  @TempDir static Path dir;

  private static LakeShop shop;
  private static Path lake;
  private static Path job;

  @BeforeAll
  static void buildLake() throws Exception {
    shop = LakeShop.create(dir);
    lake = dir.resolve("lake");
    job = ShopFixture.write(dir, "job.yaml", LakeShop.job(shop.db, lake, "new, paid, shipped", ""));
    LakeLayersRun.of(job).ok();
  }

  @Test
  void aBackfillReplacesOnlyItsDaysInEveryLayerAndRepeatsToTheSameRows() throws Exception {
    Map<Long, Map<String, Object>> before = copy(shop.orders);
    // Changes inside the range (orders 3, 14, 25 on 03-04..06, a new 204 on 03-05) and outside it
    // (order 1 on 03-02, a new 206 on 03-07): only the first reach the lake.
    for (long id : List.of(3L, 14L, 25L, 1L)) {
      Map<String, Object> o = shop.orders.get(id);
      o.put("amount", new BigDecimal("777.0" + id % 10));
      o.put("note", "backfilled " + id);
      shop.putOrder(o);
    }
    shop.putOrder(LakeShop.order(204));
    shop.putOrder(LakeShop.order(206));
    List<Map<String, Object>> bronzeExpected = new ArrayList<>();
    before.values().stream().filter(o -> !inRange(o)).forEach(bronzeExpected::add);
    shop.orders.values().stream()
        .filter(LakeLayersBackfillTest::inRange)
        .forEach(bronzeExpected::add);
    long inRangeRows =
        shop.orders.values().stream().filter(LakeLayersBackfillTest::inRange).count();
    assertEquals(61, inRangeRows);

    Path bronze = table("bronze", "orders");
    Path silver = table("silver", "orders");
    Path daily = table("gold", "daily_paid");
    List<Path> tables = List.of(bronze, silver, daily);
    Map<Path, Long> versions = new LinkedHashMap<>();
    Map<Path, Set<String>> filesBefore = new LinkedHashMap<>();
    tables.forEach(t -> versions.put(t, version(t)));
    tables.forEach(t -> filesBefore.put(t, files(t)));
    long linesVersion = version(table("bronze", "order_lines"));
    List<Map<String, Object>> oldBronze =
        project(DeltaKernelReader.latest(bronze.toString()).rows(), COLUMNS);

    LakeLayersRun backfill =
        LakeLayersRun.of(job, "--from", FROM.toString(), "--to", TO.toString()).ok();

    assertTrue(backfill.result().out().contains("backfill"), backfill.result().out());
    for (Path t : tables) {
      long v = versions.get(t) + 1;
      assertEquals(v, version(t), t + ": one commit");
      List<JsonNode> commit = commit(t, v);
      Set<String> removed = new TreeSet<>(paths(commit, "remove"));
      Set<String> added = new TreeSet<>(paths(commit, "add"));
      assertFalse(removed.isEmpty() || added.isEmpty(), t + ": remove and add in one commit");
      for (String f : removed) {
        assertTrue(in(dayOf(f)), t + " removes only files of the range: " + f);
      }
      for (String f : added) {
        assertTrue(in(dayOf(f)), t + " adds only files of the range: " + f);
      }
      Set<String> oldInRange = new TreeSet<>(filesBefore.get(t));
      oldInRange.removeAll(outside(filesBefore.get(t), FROM, TO));
      assertEquals(oldInRange.size(), removed.size(), t + ": every old file of the range removed");
      assertEquals(
          outside(filesBefore.get(t), FROM, TO), outside(files(t), FROM, TO), t + ": others kept");
    }
    assertEquals(inRangeRows, addedRecords(commit(bronze, versions.get(bronze) + 1)));
    assertEquals(linesVersion, version(table("bronze", "order_lines")), "no date, no backfill");

    assertHolds("bronze orders", bronze, bronzeExpected, COLUMNS, List.of("id"));
    List<Map<String, Object>> silverExpected = silverOf(bronzeExpected);
    assertHolds("silver orders", silver, silverExpected, COLUMNS, List.of("id"));
    assertHolds(
        "gold daily_paid",
        daily,
        LakeShop.dailyPaid(silverExpected),
        LakeShop.DAILY_PAID,
        List.of("order_day"));
    assertHolds(
        "gold status_value",
        table("gold", "status_value"),
        LakeShop.statusValue(silverExpected, shop.silverLines()),
        LakeShop.STATUS_VALUE,
        List.of("status"));

    // Time travel: the version before the backfill still reads the old rows, with both readers.
    DeltaKernelReader old = DeltaKernelReader.atVersion(bronze.toString(), versions.get(bronze));
    assertSameRows("bronze before, Kernel", oldBronze, old.rows(), COLUMNS, List.of("id"));
    assertSameRows(
        "bronze before, DuckDB", oldBronze, DuckDbReader.read(old), COLUMNS, List.of("id"));
    assertEquals(
        new TreeSet<>(old.files()), filesBefore.get(bronze), "the old version's files still exist");

    // Again: a new version of each table, the same rows, the other days' files still untouched.
    Map<Path, List<Map<String, Object>>> rows = new LinkedHashMap<>();
    tables.forEach(t -> rows.put(t, DeltaKernelReader.latest(t.toString()).rows()));
    LakeLayersRun.of(job, "--from", FROM.toString(), "--to", TO.toString()).ok();
    for (Path t : tables) {
      assertEquals(versions.get(t) + 2, version(t), t + ": one more commit");
      List<String> columns =
          t.equals(daily)
              ? new ArrayList<>(LakeShop.DAILY_PAID)
              : new ArrayList<>(rows.get(t).get(0).keySet());
      columns.removeAll(List.of("_ingested_at", "_run_id"));
      assertSameRows(
          t + " after the second backfill",
          rows.get(t),
          DeltaKernelReader.latest(t.toString()).rows(),
          columns,
          t.equals(daily) ? List.of("order_day") : List.of("id"));
      assertEquals(
          outside(filesBefore.get(t), FROM, TO), outside(files(t), FROM, TO), t.toString());
    }
  }

  private static List<Map<String, Object>> silverOf(List<Map<String, Object>> bronze) {
    List<Map<String, Object>> out = new ArrayList<>();
    for (Map<String, Object> o : bronze) {
      if (ALL_STATES.contains((String) o.get("status"))) {
        Map<String, Object> s = new LinkedHashMap<>(o);
        s.put("note", LakeShop.clean((String) o.get("note")));
        out.add(s);
      }
    }
    return out;
  }

  private static boolean inRange(Map<String, Object> order) {
    return in((LocalDate) order.get("created_on"));
  }

  private static boolean in(LocalDate day) {
    return !day.isBefore(FROM) && !day.isAfter(TO);
  }

  private static Map<Long, Map<String, Object>> copy(Map<Long, Map<String, Object>> orders) {
    Map<Long, Map<String, Object>> out = new LinkedHashMap<>();
    orders.forEach((k, v) -> out.put(k, new LinkedHashMap<>(v)));
    return out;
  }

  private static Path table(String layer, String name) {
    return lake.resolve(layer).resolve(name);
  }
}

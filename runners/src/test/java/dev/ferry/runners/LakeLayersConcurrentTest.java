package dev.ferry.runners;

import static dev.ferry.runners.LakeLayersRun.assertHolds;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ferry.testkit.DeltaKernelReader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two {@code ferry run}s of one job at the same time, on one lake: each succeeds or fails with one
 * clear line, and afterwards every layer reads back whole: bronze holds every row once per run that
 * committed, silver one row per key, gold the aggregates of silver; every version of bronze's log
 * holds whole runs only. Which run wins is up to timing: the other retries its commit on the new
 * snapshot and succeeds, or fails in one line ({@code DeltaConcurrencyTest} forces each case).
 */
class LakeLayersConcurrentTest {

  @TempDir Path dir;

  @Test
  void twoRunsAtOnceLeaveEveryLayerReadableAndRight() throws Exception {
    LakeShop shop = LakeShop.create(dir);
    Path lake = dir.resolve("lake");
    Path job =
        ShopFixture.write(dir, "job.yaml", LakeShop.job(shop.db, lake, "new, paid, shipped", ""));

    List<LakeLayersRun> runs = new ArrayList<>();
    ExecutorService pool = Executors.newFixedThreadPool(2);
    try {
      CountDownLatch start = new CountDownLatch(1);
      List<Future<LakeLayersRun>> futures = new ArrayList<>();
      for (int i = 0; i < 2; i++) {
        futures.add(
            pool.submit(
                () -> {
                  start.await();
                  return LakeLayersRun.of(job);
                }));
      }
      start.countDown();
      for (Future<LakeLayersRun> f : futures) {
        runs.add(f.get(10, TimeUnit.MINUTES));
      }
    } finally {
      pool.shutdownNow();
    }

    assertNotEquals(runs.get(0).runId(), runs.get(1).runId(), "different run ids");
    List<String> committed = new ArrayList<>();
    for (LakeLayersRun run : runs) {
      if (run.result().exit() == ExitCode.OK) {
        committed.add(run.runId());
      } else {
        run.result().exits(ExitCode.FAILURE);
        String line = run.result().oneLineError();
        assertFalse(line.isBlank(), line);
      }
    }
    assertFalse(committed.isEmpty(), "at least one run succeeds");

    // bronze: each committed run's rows once, whatever order the commits took
    List<Map<String, Object>> bronze =
        DeltaKernelReader.latest(lake.resolve("bronze/orders").toString()).rows();
    Map<Object, Integer> perRun = new HashMap<>();
    bronze.forEach(r -> perRun.merge(r.get("_run_id"), 1, Integer::sum));
    for (String runId : committed) {
      assertEquals(LakeShop.ORDERS, perRun.getOrDefault(runId, 0), "orders of run " + runId);
    }
    for (Object runId : perRun.keySet()) {
      assertEquals(LakeShop.ORDERS, perRun.get(runId), "a run's bronze rows are all or none");
    }
    // every version of the log reads whole: no version shows part of a run, none is unreadable
    String bronzeOrders = lake.resolve("bronze/orders").toString();
    long latest = DeltaKernelReader.latest(bronzeOrders).version();
    for (long v = 0; v <= latest; v++) {
      Map<Object, Integer> runsAt = new HashMap<>();
      DeltaKernelReader.atVersion(bronzeOrders, v)
          .rows()
          .forEach(r -> runsAt.merge(r.get("_run_id"), 1, Integer::sum));
      for (Map.Entry<Object, Integer> run : runsAt.entrySet()) {
        assertEquals(LakeShop.ORDERS, run.getValue(), "version " + v + ", run " + run.getKey());
      }
    }

    // silver: one row per key, the source's values; gold from it
    List<String> key = List.of("id");
    List<Map<String, Object>> silverOrders = shop.silverOrders(List.of("new", "paid", "shipped"));
    List<Map<String, Object>> silver =
        assertHolds(
            "silver orders",
            lake.resolve("silver/orders"),
            silverOrders,
            LakeShop.ORDER_COLUMNS,
            key);
    assertEquals(silver.size(), Set.copyOf(LakeRows.column(silver, "id")).size(), "no key twice");
    assertHolds(
        "silver order_lines",
        lake.resolve("silver/order_lines"),
        shop.silverLines(),
        LakeShop.LINE_COLUMNS,
        List.of("order_id", "line_no"));
    assertHolds(
        "gold daily_paid",
        lake.resolve("gold/daily_paid"),
        LakeShop.dailyPaid(silverOrders),
        LakeShop.DAILY_PAID,
        List.of("order_day"));
    assertTrue(runs.stream().allMatch(r -> r.runId() != null), "both runs started: " + runs);
  }
}

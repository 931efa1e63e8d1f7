package dev.ferry.runners;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Bad {@code ferry run} arguments and gold definitions of a lakehouse job: each is one clear line
 * on stderr with exit code 2 (bad job file or arguments), before any data moves.
 */
class LakeLayersBadInputsTest {

  @TempDir static Path dir;

  private static LakeShop shop;
  private static Path job;

  @BeforeAll
  static void createShop() throws Exception {
    shop = LakeShop.create(dir);
    job =
        ShopFixture.write(
            dir, "job.yaml", LakeShop.job(shop.db, lake("args"), "new, paid, shipped", ""));
  }

  @Test
  void fromWithoutTo() {
    assertUsage(job, "--from/--to: give both days", "--from", "2026-03-01");
  }

  @Test
  void aDayThatDoesNotExist() {
    assertUsage(job, "'2026-02-30'", "--from", "2026-02-30", "--to", "2026-03-01");
  }

  @Test
  void toBeforeFrom() {
    assertUsage(job, "before", "--from", "2026-03-05", "--to", "2026-03-01");
  }

  @Test
  void anUnknownLayer() {
    assertUsage(job, "'platinum' is not a layer (bronze, silver, gold)", "--layers", "platinum");
  }

  @Test
  void silverWithoutBronzeToBuildFrom() {
    assertUsage(
        job,
        "holds no bronze tables to build from; run without --layers first",
        "--layers",
        "silver");
  }

  @Test
  void goldWithoutGoldTables() throws Exception {
    String yaml = LakeShop.job(shop.db, lake("args"), "new, paid, shipped", "");
    Path noGold = ShopFixture.write(dir, "nogold.yaml", yaml.substring(0, yaml.indexOf("gold:")));
    assertUsage(noGold, "gold needs gold tables, and the job declares none", "--layers", "gold");
  }

  @Test
  void goldSqlNamingAnUnknownTable() throws Exception {
    Path bad = withGold("bad_table.yaml", "SELECT id FROM refunds", "");
    assertGoldRefused(
        bad,
        "gold[0].sql: gold table broken: the SQL was rejected: ",
        "Object 'refunds' not found");
  }

  @Test
  void goldSqlNamingAnUnknownColumn() throws Exception {
    Path bad = withGold("bad_column.yaml", "SELECT id, discount FROM orders", "");
    assertGoldRefused(
        bad,
        "gold[0].sql: gold table broken: the SQL was rejected: ",
        "Column 'discount' not found");
  }

  @Test
  void goldPartitionByANonDateColumn() throws Exception {
    Path bad =
        withGold(
            "bad_partition.yaml",
            "SELECT status, COUNT(*) AS n FROM orders GROUP BY status",
            "\n    partition_by: status");
    assertGoldRefused(
        bad,
        "gold[0].partition_by: status must be a DATE column of the result (columns: status, n)");
  }

  private static Path withGold(String name, String sql, String more) throws Exception {
    String yaml = LakeShop.job(shop.db, lake(name), "new, paid, shipped", "");
    return ShopFixture.write(
        dir,
        name,
        yaml.substring(0, yaml.indexOf("gold:"))
            + "gold:\n  - name: broken\n    sql: "
            + sql
            + more
            + "\n");
  }

  /** Exit 2, one line naming {@code expected}, and no lake written. */
  private static void assertUsage(Path jobFile, String expected, String... args) {
    LakeLayersRun run = LakeLayersRun.of(jobFile, args);
    run.result().exits(ExitCode.USAGE);
    String line = run.result().oneLineError();
    assertTrue(line.contains(expected), "'" + expected + "' in: " + line);
    assertFalse(Files.exists(lake("args").resolve("bronze")), "nothing written: " + line);
  }

  /**
   * Exit 2, one line with every part of {@code expected}, and nothing written: gold SQL is planned
   * before bronze starts.
   */
  private static void assertGoldRefused(Path jobFile, String... expected) {
    Cli.Result run = LakeLayersRun.of(jobFile).result().exits(ExitCode.USAGE);
    String line = run.oneLineError();
    for (String part : expected) {
      assertTrue(line.contains(part), "'" + part + "' in: " + line);
    }
    String name = jobFile.getFileName().toString();
    assertFalse(Files.exists(lake(name).resolve("bronze")), "nothing written: " + line);
  }

  private static Path lake(String name) {
    return dir.resolve("lake-" + name.replace(".yaml", ""));
  }
}

package dev.ferry.pipelines.job;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.LocalDate;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The job-file keys of a lakehouse's layers: cursors, backfills, file size, gold tables. */
class LakeJobFileTest {

  private static final String LAKE =
      """
      name: shop
      source:
        kind: sqlite
        url: jdbc:sqlite:shop.db
      target:
        kind: lakehouse
        path: lake/
        partition_by: {orders: ordered_at}
      """;

  private static Job parse(String yaml) {
    return JobFile.parse(yaml, "job.yaml", Map.of());
  }

  private static String error(String yaml) {
    JobException e =
        assertThrows(JobException.class, () -> JobFile.parse(yaml, "job.yaml", Map.of()));
    assertFalse(e.getMessage().contains("\n"), "one line: " + e.getMessage());
    return e.getMessage();
  }

  @Test
  void layerKeysParse() {
    Job job =
        parse(
            LAKE
                + """
                  cursor: {orders: updated_at}
                  file_size: 64MiB
                  backfill: {from: 2026-11-01, to: 2026-11-30}
                gold:
                  - name: daily_revenue
                    sql: SELECT CAST(ordered_at AS DATE) AS day, SUM(total) AS revenue FROM orders GROUP BY CAST(ordered_at AS DATE)
                    columns: {revenue: "decimal(18,2)"}
                    partition_by: day
                """);
    assertEquals(Map.of("orders", "updated_at"), job.target().cursor());
    assertEquals(64L << 20, job.target().lakeFileBytes());
    assertEquals(LocalDate.of(2026, 11, 30), job.target().backfill().toDate());
    assertEquals(1, job.gold().size());
    assertEquals("day", job.gold().get(0).partitionBy());
    assertEquals(Map.of("revenue", "decimal(18,2)"), job.gold().get(0).columns());
  }

  @Test
  void defaultFileSizeIs128MiB() {
    assertEquals(128L << 20, parse(LAKE).target().lakeFileBytes());
    assertTrue(parse(LAKE).gold().isEmpty());
  }

  @Test
  void badFileSizeNamesTheKey() {
    assertTrue(
        error(LAKE + "  file_size: huge\n")
            .contains("target.file_size: 'huge' is not a size (e.g. 128MB"),
        "message");
    assertTrue(error(LAKE + "  file_size: 12\n").contains("target.file_size: '12' is too small"));
  }

  @Test
  void badBackfillDatesNameTheKey() {
    assertTrue(
        error(LAKE + "  backfill: {from: 2026-11-31, to: 2026-12-01}\n")
            .contains("target.backfill.from: '2026-11-31' is not a date like 2026-11-01"));
    assertTrue(
        error(LAKE + "  backfill: {from: 2026-11-02, to: 2026-11-01}\n")
            .contains("target.backfill: 'to' (2026-11-01) is before 'from' (2026-11-02)"));
  }

  @Test
  void backfillNeedsADatePartitionedTable() {
    String job = LAKE.replace("  partition_by: {orders: ordered_at}\n", "");
    assertTrue(
        error(job + "  backfill: {from: 2026-11-01, to: 2026-11-02}\n")
            .contains("no table has a target.partition_by column"));
  }

  @Test
  void lakeKeysOnAPostgresTargetAreRefused() {
    String postgres =
        """
        name: shop
        source: {kind: sqlite, url: "jdbc:sqlite:shop.db"}
        target:
          kind: postgres
          url: jdbc:postgresql://localhost:5432/shop
        """;
    assertTrue(
        error(postgres + "  cursor: {orders: updated_at}\n")
            .contains("target.cursor: only a lakehouse target takes it (this one is postgres)"));
    assertTrue(
        error(postgres + "gold: [{name: g, sql: SELECT 1}]\n")
            .contains("gold: only a lakehouse target takes it"));
  }

  @Test
  void goldMistakesNameTheEntry() {
    assertTrue(
        error(LAKE + "gold: [{name: 'daily revenue', sql: SELECT 1}]\n")
            .contains("gold[0].name: 'daily revenue' must be letters, digits and '_'"));
    assertTrue(
        error(LAKE + "gold: [{name: a, sql: SELECT 1}, {name: A, sql: SELECT 2}]\n")
            .contains("gold[1].name: 'A' names two gold tables"));
    assertTrue(
        error(LAKE + "gold: [{name: a, sql: ' '}]\n").contains("gold[0].sql: give one SELECT"));
    assertTrue(
        error(LAKE + "gold: [{name: a, sql: SELECT 1, columns: {x: \"decimal(99,2)\"}}]\n")
            .contains("gold[0].columns.x:"));
    assertTrue(
        error(LAKE + "gold: [{name: a, sql: SELECT 1, columns: {x: decimal(18,2)}}]\n")
            .contains("quote types with a comma"));
    assertTrue(error(LAKE + "gold: [{name: a}]\n").contains("sql"), "missing sql");
  }

  @Test
  void mongoSourcesHaveNoCursorOrBackfill() {
    String mongo =
        """
        name: crm
        source: {kind: mongodb, url: "mongodb://localhost:27017/crm"}
        target:
          kind: lakehouse
          path: lake/
        """;
    assertTrue(
        error(mongo + "  cursor: {contracts: updated_at}\n")
            .contains("target.cursor: a mongodb source is read whole on every run"));
  }

  @Test
  void anObjectStoreLakeIsRefusedInOneLine() {
    assertTrue(
        error(LAKE.replace("path: lake/", "path: s3://bucket/lake"))
            .contains("target.path: a lakehouse is written to a local or mounted directory"));
  }
}

package dev.ferry.transforms.verify;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.ferry.schemas.inventory.Table;
import dev.ferry.schemas.sqlite.SqliteCatalog;
import dev.ferry.testkit.TestPipelineExtension;
import dev.ferry.transforms.read.RangeReader;
import dev.ferry.transforms.read.ReadSqliteTable;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.apache.beam.sdk.PipelineResult;
import org.apache.beam.sdk.metrics.MetricNameFilter;
import org.apache.beam.sdk.metrics.MetricsFilter;
import org.apache.beam.sdk.testing.TestPipeline;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Orphans found by joining two real SQLite tables in the pipeline: a child whose parent is gone is
 * one, a child with a NULL in its foreign key is not (MATCH SIMPLE), and an int child column finds
 * its bigint-typed parent (canonical bytes, not Java types, are joined).
 */
@ExtendWith(TestPipelineExtension.class)
class CountOrphansTest {

  @TempDir static Path dir;
  private static RangeReader parents;
  private static RangeReader children;

  @BeforeAll
  static void create() throws Exception {
    String url = "jdbc:sqlite:" + dir.resolve("orphans.db");
    try (Connection c = DriverManager.getConnection(url);
        Statement s = c.createStatement()) {
      s.execute("CREATE TABLE parent (id BIGINT PRIMARY KEY, name TEXT)");
      s.execute("CREATE TABLE child (id INTEGER PRIMARY KEY, parent_id INT, note TEXT)");
      s.execute("INSERT INTO parent VALUES (1, 'a'), (2, 'b'), (3, 'c')");
      s.execute(
          "INSERT INTO child VALUES (10, 1, 'x'), (11, 2, 'x'), (12, NULL, 'no parent needed'),"
              + " (13, 7, 'orphan'), (14, 7, 'orphan'), (15, 3, 'x'), (16, 9, 'orphan')");
    }
    parents = reader(url, "parent");
    children = reader(url, "child");
  }

  private static RangeReader reader(String url, String table) throws Exception {
    Table t = SqliteCatalog.read(url).table(table).orElseThrow();
    return ReadSqliteTable.from(url, t).rangeReader();
  }

  @Test
  void countsChildrenWithoutAParentAndSamplesTheSmallestKeys(TestPipeline p) {
    ForeignKeyJoin join =
        new ForeignKeyJoin(
            "child", "child_fk", "parent", children, List.of(1), List.of(0), parents, List.of(0));
    p.apply(CountOrphans.of(join, 2));
    PipelineResult result = p.run();
    result.waitUntilFinish();
    var metrics =
        result
            .metrics()
            .queryMetrics(
                MetricsFilter.builder()
                    .addNameFilter(
                        MetricNameFilter.inNamespace(VerifyMetrics.NAMESPACE_PREFIX + "child"))
                    .build());
    long orphans = 0;
    for (var c : metrics.getCounters()) {
      if (c.getName().getName().equals(VerifyMetrics.ORPHANS)) {
        orphans += c.getAttempted();
      }
    }
    assertEquals(3, orphans);
    Set<String> samples = new TreeSet<>();
    metrics.getStringSets().forEach(s -> samples.addAll(s.getAttempted().getStringSet()));
    assertEquals(
        Set.of(
            RowDiff.orphan(
                    "id=13",
                    List.of("parent_id"),
                    "parent_id=7 has no row in parent (foreign key child_fk)")
                .line(),
            RowDiff.orphan(
                    "id=14",
                    List.of("parent_id"),
                    "parent_id=7 has no row in parent (foreign key child_fk)")
                .line()),
        samples);
  }
}

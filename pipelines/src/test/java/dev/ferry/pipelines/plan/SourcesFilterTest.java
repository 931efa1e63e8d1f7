package dev.ferry.pipelines.plan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.ferry.pipelines.job.SourceSpec;
import dev.ferry.pipelines.job.SourceSpec.SourceKind;
import dev.ferry.schemas.Secret;
import dev.ferry.schemas.inventory.Table;
import dev.ferry.schemas.sql.ReadOptions;
import dev.ferry.schemas.sql.RowFilter;
import dev.ferry.testkit.PostgresExtension;
import dev.ferry.testkit.TestDatabase;
import dev.ferry.transforms.read.KeyRange;
import dev.ferry.transforms.read.RangeReader;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.beam.sdk.values.Row;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** The job's source gives a filtered reader per table, whatever database it is. */
@ExtendWith(PostgresExtension.class)
class SourcesFilterTest {

  @TempDir Path dir;

  private static SourceSpec source(SourceKind kind, String url, String user, String password) {
    Secret secret = password == null ? null : Secret.of(password);
    return new SourceSpec(kind, url, user, secret, null, null, null, null, null, null, null);
  }

  private static List<Long> ids(RangeReader reader) {
    List<Row> rows = new ArrayList<>();
    reader.ranges(1_000_000).forEach(r -> reader.read(r, rows::add, f -> {}));
    return rows.stream().map(r -> ((Number) r.getValue("id")).longValue()).sorted().toList();
  }

  @Test
  void readsTheFilteredRowsOfAnSqliteTable() throws Exception {
    String url = "jdbc:sqlite:" + dir.resolve("s.db");
    try (Connection c = DriverManager.getConnection(url);
        Statement s = c.createStatement()) {
      s.execute("CREATE TABLE t (id INTEGER PRIMARY KEY, n BIGINT)");
      s.execute("INSERT INTO t VALUES (1, 5), (2, 15), (3, NULL)");
    }
    SourceSpec source = source(SourceKind.SQLITE, url, null, null);
    Table t = Sources.inventory(source).table("t").orElseThrow();
    RowFilter filter = RowFilter.on(t, "n").atLeast(10L);
    RangeReader reader = Sources.reader(source, t, ReadOptions.DEFAULT, filter);
    assertEquals(Optional.of(filter), reader.filter());
    assertEquals(List.of(2L), ids(reader));
  }

  @Test
  void plansAPostgresReadOverTheFilteredRows(TestDatabase db) throws Exception {
    try (Connection c = db.connect();
        Statement s = c.createStatement()) {
      s.execute("CREATE TABLE t (id bigint PRIMARY KEY, n bigint)");
      s.execute("INSERT INTO t SELECT g, g * 10 FROM generate_series(1, 100) g");
    }
    SourceSpec source = source(SourceKind.POSTGRES, db.jdbcUrl(), db.user(), db.password());
    Table t = Sources.inventory(source).table("t").orElseThrow();
    RangeReader reader =
        Sources.reader(source, t, ReadOptions.DEFAULT, RowFilter.on(t, "n").atLeast(950L));
    assertEquals(List.of(new KeyRange(95, 100, false)), reader.ranges(1_000_000));
    assertEquals(List.of(95L, 96L, 97L, 98L, 99L, 100L), ids(reader));
  }

  @Test
  void refusesASourceWithoutRowFilters() throws Exception {
    SourceSpec mongo = source(SourceKind.MONGODB, "mongodb://localhost/db", null, null);
    Table t = new Table("c", List.of(), List.of(), List.of(), List.of(), 0, Optional.empty());
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> Sources.reader(mongo, t, ReadOptions.DEFAULT, null));
    assertEquals(
        "cannot filter rows of table c: a MONGODB source has no row filter", e.getMessage());
  }
}

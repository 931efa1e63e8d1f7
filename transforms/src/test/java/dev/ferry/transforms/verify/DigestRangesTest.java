package dev.ferry.transforms.verify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ferry.schemas.Secret;
import dev.ferry.schemas.inventory.Table;
import dev.ferry.schemas.pgsource.PostgresSourceDialect;
import dev.ferry.schemas.sql.JdbcLogin;
import dev.ferry.schemas.sql.ReadOptions;
import dev.ferry.schemas.sqlite.SqliteCatalog;
import dev.ferry.testkit.PostgresExtension;
import dev.ferry.testkit.TestDatabase;
import dev.ferry.testkit.TestPipelineExtension;
import dev.ferry.transforms.read.JdbcRangeReader;
import dev.ferry.transforms.read.KeyRange;
import dev.ferry.transforms.read.RangeReader;
import dev.ferry.transforms.read.ReadSqliteTable;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.StreamSupport;
import org.apache.beam.sdk.testing.PAssert;
import org.apache.beam.sdk.testing.TestPipeline;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionTuple;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The same rows in a real SQLite file and a real PostgreSQL digest equally range by range; each
 * kind of difference in the PostgreSQL copy makes exactly the ranges holding it differ.
 */
@ExtendWith({PostgresExtension.class, TestPipelineExtension.class})
class DigestRangesTest {

  private static final PostgresSourceDialect PG = PostgresSourceDialect.INSTANCE;

  @TempDir static Path dir;
  private static String sqliteUrl;
  private static JdbcLogin login;
  private static RangeReader source;

  /** 1..40 in ranges of 8 keys, opened at both ends: from MIN, 9, 17, 25, 33 to MAX. */
  private static List<KeyRange> ranges;

  @BeforeAll
  static void load(TestDatabase db) throws Exception {
    sqliteUrl = "jdbc:sqlite:" + dir.resolve("shop.db");
    try (Connection c = DriverManager.getConnection(sqliteUrl)) {
      Items.createSqlite(c, "items");
      Items.createSqlite(c, "items_bad");
      try (Statement s = c.createStatement()) {
        s.execute("UPDATE items_bad SET day = 'not a date' WHERE id = 27");
      }
    }
    login = JdbcLogin.of(db.jdbcUrl(), db.user(), Secret.of(db.password()));
    try (Connection c = db.connect()) {
      Items.createPostgres(c, "items");
    }
    source = sqliteReader("items");
    ranges = DigestRanges.covering(source.ranges(10));
    assertEquals(5, ranges.size(), ranges.toString());
  }

  private static RangeReader sqliteReader(String table) throws Exception {
    Table t = SqliteCatalog.read(sqliteUrl).table(table).orElseThrow();
    return ReadSqliteTable.from(sqliteUrl, t).rangeReader();
  }

  /** A PostgreSQL copy of the items after {@code change}, read back as a source. */
  private static RangeReader changedCopy(String name, String change) throws Exception {
    try (Connection c = login.connect();
        Statement s = c.createStatement()) {
      s.execute("CREATE TABLE " + name + " (LIKE items INCLUDING ALL)");
      s.execute("INSERT INTO " + name + " SELECT * FROM items");
      if (!change.isEmpty()) {
        s.execute(change.replace("$t", name));
      }
    }
    return postgresReader(name);
  }

  private static JdbcRangeReader postgresReader(String name) throws Exception {
    try (Connection c = login.connect()) {
      Table t = PG.inventory(c, login).table(name).orElseThrow();
      return JdbcRangeReader.of(login, PG, t, ReadOptions.DEFAULT);
    }
  }

  /** Compares {@code source} with {@code target} on the planned ranges. */
  private static PCollection<ChunkComparison> compare(
      TestPipeline p, RangeReader source, RangeReader target, int sourceFailures) {
    PCollectionTuple src = p.apply("DigestSource", DigestRanges.of(source, ranges));
    PCollectionTuple dst =
        p.apply(
            "DigestTarget",
            DigestRanges.of(target, ranges).countedAs(target.table().name() + " (target)"));
    PAssert.that(dst.get(DigestRanges.FAILED)).empty();
    PAssert.that(src.get(DigestRanges.FAILED))
        .satisfies(
            failed -> {
              assertEquals(sourceFailures, count(failed));
              return null;
            });
    return PCollectionTuple.of(CompareChunks.SOURCE, src.get(DigestRanges.DIGESTS))
        .and(CompareChunks.TARGET, dst.get(DigestRanges.DIGESTS))
        .apply("CompareChunks", CompareChunks.byRange());
  }

  private static long count(Iterable<?> items) {
    return StreamSupport.stream(items.spliterator(), false).count();
  }

  /**
   * Asserts one comparison per range, and that exactly the ranges starting at {@code differing}
   * differ (the first range is named by its planned start, 1), with {@code rowDifference} more
   * target rows than source rows over all.
   */
  private static void assertDiffer(
      PCollection<ChunkComparison> chunks, List<Long> differing, long rowDifference) {
    PAssert.that(chunks)
        .satisfies(
            all -> {
              assertEquals(ranges.size(), count(all));
              List<Long> found = new ArrayList<>();
              long difference = 0;
              for (ChunkComparison c : all) {
                difference += c.rowDifference();
                if (!c.equal()) {
                  found.add(c.range().from() == Long.MIN_VALUE ? 1 : c.range().from());
                }
              }
              found.sort(null);
              assertEquals(differing, found, all.toString());
              assertEquals(rowDifference, difference);
              return null;
            });
  }

  @Test
  void equalRowsDigestEquallyAcrossSqliteAndPostgres(TestPipeline p) throws Exception {
    RangeReader target = postgresReader("items");
    PCollection<ChunkComparison> chunks = compare(p, source, target, 0);
    assertDiffer(chunks, List.of(), 0);
    PAssert.that(chunks)
        .satisfies(
            all -> {
              long rows = 0;
              for (ChunkComparison c : all) {
                rows += c.source().rows();
                assertTrue(c.source().rows() > 0, c.toString());
              }
              assertEquals(Items.ROWS, rows);
              return null;
            });
    p.run().waitUntilFinish();
  }

  @Test
  void aChangedValueMakesItsRangeDiffer(TestPipeline p) throws Exception {
    RangeReader target = changedCopy("changed", "UPDATE $t SET price = price + 0.01 WHERE id = 11");
    assertDiffer(compare(p, source, target, 0), List.of(9L), 0);
    p.run().waitUntilFinish();
  }

  @Test
  void aNullInPlaceOfAnEmptyTextMakesItsRangeDiffer(TestPipeline p) throws Exception {
    RangeReader target = changedCopy("nulled", "UPDATE $t SET name = NULL WHERE id = 18");
    assertDiffer(compare(p, source, target, 0), List.of(17L), 0);
    p.run().waitUntilFinish();
  }

  @Test
  void aDeletedRowMakesItsRangeDiffer(TestPipeline p) throws Exception {
    RangeReader target = changedCopy("deleted", "DELETE FROM $t WHERE id = 20");
    assertDiffer(compare(p, source, target, 0), List.of(17L), -1);
    p.run().waitUntilFinish();
  }

  @Test
  void anExtraRowBeyondTheSourceKeysMakesTheLastRangeDiffer(TestPipeline p) throws Exception {
    RangeReader target =
        changedCopy("extra", "INSERT INTO $t (id, name) VALUES (1000, 'extra'), (-5, 'before')");
    assertDiffer(compare(p, source, target, 0), List.of(1L, 33L), 2);
    p.run().waitUntilFinish();
  }

  @Test
  void aChangedKeyMakesTheRangesOfBothKeysDiffer(TestPipeline p) throws Exception {
    RangeReader target = changedCopy("rekeyed", "UPDATE $t SET id = 41 WHERE id = 3");
    assertDiffer(compare(p, source, target, 0), List.of(1L, 33L), 0);
    p.run().waitUntilFinish();
  }

  @Test
  void aKeyChangedWithinItsRangeMakesThatRangeDiffer(TestPipeline p) throws Exception {
    RangeReader target = changedCopy("rekeyed_within", "UPDATE $t SET id = 16000 WHERE id = 35");
    assertDiffer(compare(p, source, target, 0), List.of(33L), 0);
    p.run().waitUntilFinish();
  }

  @Test
  void aDuplicatedRowIsCountedAndDigested(TestPipeline p) throws Exception {
    try (Connection c = login.connect();
        Statement s = c.createStatement()) {
      s.execute("CREATE TABLE duplicated AS SELECT * FROM items");
      s.execute("INSERT INTO duplicated SELECT * FROM items WHERE id = 12");
    }
    // No key on the copy: verify splits it on the source's split key.
    Table t = postgresReader("duplicated").table();
    assertEquals(Optional.empty(), t.splitKey());
    Table keyed =
        new Table(
            t.name(),
            t.columns(),
            t.primaryKey(),
            t.foreignKeys(),
            t.indexes(),
            t.rowEstimate(),
            Optional.of("id"),
            t.checks());
    RangeReader target = JdbcRangeReader.of(login, PG, keyed, ReadOptions.DEFAULT);
    PCollection<ChunkComparison> chunks = compare(p, source, target, 0);
    assertDiffer(chunks, List.of(9L), 1);
    PAssert.that(chunks)
        .satisfies(
            all -> {
              for (ChunkComparison c : all) {
                if (c.range().from() == 9) {
                  assertEquals(8, c.source().rows());
                  assertEquals(9, c.target().rows());
                }
              }
              return null;
            });
    p.run().waitUntilFinish();
  }

  @Test
  void rowsTheReaderCannotConvertAreCountedNotDropped(TestPipeline p) throws Exception {
    RangeReader bad = sqliteReader("items_bad");
    PCollection<ChunkComparison> chunks = compare(p, bad, postgresReader("items"), 1);
    assertDiffer(chunks, List.of(25L), 1);
    PAssert.that(chunks)
        .satisfies(
            all -> {
              for (ChunkComparison c : all) {
                if (c.range().from() == 25) {
                  assertEquals(7, c.source().rows());
                  assertEquals(1, c.source().failed());
                  assertEquals(8, c.target().rows());
                }
              }
              return null;
            });
    p.run().waitUntilFinish();
  }
}

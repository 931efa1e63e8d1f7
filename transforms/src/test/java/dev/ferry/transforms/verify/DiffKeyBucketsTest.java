package dev.ferry.transforms.verify;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.ferry.schemas.Secret;
import dev.ferry.schemas.inventory.Column;
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
import java.util.Set;
import java.util.TreeSet;
import org.apache.beam.sdk.testing.PAssert;
import org.apache.beam.sdk.testing.TestPipeline;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.transforms.MapElements;
import org.apache.beam.sdk.transforms.SerializableFunction;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionTuple;
import org.apache.beam.sdk.values.TypeDescriptors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Key buckets of a real SQLite table and a damaged PostgreSQL copy: the buckets that differ are
 * found from the first read's digests and sorted by size, and both drill-down paths (one worker per
 * bucket, or reads joined through a shuffle) name the same differences.
 */
@ExtendWith({PostgresExtension.class, TestPipelineExtension.class})
class DiffKeyBucketsTest {

  /**
   * Against the source's 40 rows: id 5 changed, id 12 deleted, id 20 re-keyed to 100, and id 41
   * added. 41 and 100 are past the plan's last key, 40, so they land in its last bucket with it.
   */
  private static final List<String> DIFFERENCES =
      List.of(
          "changed id=5 [qty]", "extra id=100", "extra id=41", "missing id=12", "missing id=20");

  @TempDir static Path dir;
  private static RangeReader source;
  private static RangeReader target;
  private static List<KeyRange> planned;
  private static List<KeyRange> chunks;

  /** Eight buckets of one key per chunk of eight keys: each bucket holds at most one source row. */
  private static KeyBuckets buckets;

  private static List<String> names;

  @BeforeAll
  static void load(TestDatabase db) throws Exception {
    String sqliteUrl = "jdbc:sqlite:" + dir.resolve("shop.db");
    try (Connection c = DriverManager.getConnection(sqliteUrl)) {
      Items.createSqlite(c, "items");
    }
    Table items = SqliteCatalog.read(sqliteUrl).table("items").orElseThrow();
    source = ReadSqliteTable.from(sqliteUrl, items).rangeReader();
    JdbcLogin login = JdbcLogin.of(db.jdbcUrl(), db.user(), Secret.of(db.password()));
    try (Connection c = login.connect();
        Statement s = c.createStatement()) {
      Items.createPostgres(c, "items");
      s.execute("UPDATE items SET qty = 7777 WHERE id = 5");
      s.execute("DELETE FROM items WHERE id = 12");
      s.execute("UPDATE items SET id = 100 WHERE id = 20");
      s.execute("INSERT INTO items (id, name) VALUES (41, 'extra')");
      Table copy = PostgresSourceDialect.INSTANCE.inventory(c, login).table("items").orElseThrow();
      target = JdbcRangeReader.of(login, PostgresSourceDialect.INSTANCE, copy, ReadOptions.DEFAULT);
    }
    planned = source.ranges(10);
    chunks = DigestRanges.covering(planned);
    buckets = KeyBuckets.of(planned, chunks, 8 * Bucket.ROWS);
    names = items.columns().stream().map(Column::name).toList();
  }

  @Test
  void oneWorkerPerBucketNamesEachDifferenceOnce(TestPipeline p) {
    PCollection<RowDiff> diffs =
        everyBucket(p).apply("Diff", DiffKeyBuckets.of(source, target, buckets, List.of(0), names));
    assertNamed(diffs, DIFFERENCES);
    p.run().waitUntilFinish();
  }

  @Test
  void readsJoinedThroughAShuffleNameTheSameDifferences(TestPipeline p) {
    PCollection<Bucket> all = everyBucket(p);
    PCollection<RowDiff> diffs =
        PCollectionTuple.of(
                DiffRows.SOURCE,
                all.apply("Source", ReadBucketRows.of(source, buckets, List.of(0))))
            .and(
                DiffRows.TARGET,
                all.apply("Target", ReadBucketRows.of(target, buckets, List.of(0))))
            .apply("Diff", DiffRows.naming(names));
    assertNamed(diffs, DIFFERENCES);
    p.run().waitUntilFinish();
  }

  @Test
  void aRowTheTargetRefusedAtWriteIsRejectedNotMissing(TestPipeline p) {
    PCollection<RowDiff> diffs =
        everyBucket(p)
            .apply(
                "Diff",
                DiffKeyBuckets.of(source, target, buckets, List.of(0), names)
                    .rejectedAtWrite(Set.of("id=12")));
    List<String> expected = new ArrayList<>(DIFFERENCES);
    expected.set(expected.indexOf("missing id=12"), "rejected id=12");
    assertNamed(diffs, expected);
    p.run().waitUntilFinish();
  }

  @Test
  void differingBucketsAreSortedByTheRowsTheirDigestsCounted(TestPipeline p) {
    // the last bucket holds 40 in the source, and 40, 41 and 100 in the target
    PCollectionTuple atOne = differing(p, "one", 1);
    assertBuckets("small at one", atOne.get(DifferingKeyBuckets.SMALL), List.of(5L, 12L, 20L));
    assertBuckets("large at one", atOne.get(DifferingKeyBuckets.LARGE), List.of(40L));
    PCollectionTuple atThree = differing(p, "three", 3);
    assertBuckets(
        "small at three", atThree.get(DifferingKeyBuckets.SMALL), List.of(5L, 12L, 20L, 40L));
    PAssert.that(atThree.get(DifferingKeyBuckets.LARGE)).empty();
    p.run().waitUntilFinish();
  }

  /** The differing buckets of both sides' first read, held up to {@code rows} rows. */
  private static PCollectionTuple differing(TestPipeline p, String name, long rows) {
    PCollectionTuple src =
        p.apply("Source " + name, DigestRanges.of(source, chunks).inBuckets(buckets, 0));
    PCollectionTuple dst =
        p.apply("Target " + name, DigestRanges.of(target, chunks).inBuckets(buckets, 0));
    PCollection<KV<KeyRange, Integer>> differingChunks =
        PCollectionTuple.of(CompareChunks.SOURCE, src.get(DigestRanges.DIGESTS))
            .and(CompareChunks.TARGET, dst.get(DigestRanges.DIGESTS))
            .apply("Compare " + name, CompareChunks.byRange())
            .apply("Differing " + name, DifferingChunks.of("items"));
    return PCollectionTuple.of(DifferingKeyBuckets.CHUNKS, differingChunks)
        .and(DifferingKeyBuckets.SOURCE, src.get(DigestRanges.BUCKETS))
        .and(DifferingKeyBuckets.TARGET, dst.get(DigestRanges.BUCKETS))
        .apply("Buckets " + name, DifferingKeyBuckets.heldUpTo(rows));
  }

  /** Every bucket of every chunk, equal ones too. */
  private static PCollection<Bucket> everyBucket(TestPipeline p) {
    List<Bucket> all = new ArrayList<>();
    chunks.forEach(c -> all.addAll(buckets.all(c)));
    return p.apply("Buckets", Create.of(all).withCoder(Bucket.CODER));
  }

  /** Asserts the buckets are those of the source keys {@code keys}, by their first key. */
  private static void assertBuckets(String name, PCollection<Bucket> found, List<Long> keys) {
    List<KeyRange> expected = new ArrayList<>();
    for (long key : keys) {
      KeyRange chunk =
          chunks.stream().filter(c -> c.from() <= key && key <= c.to()).findFirst().orElseThrow();
      expected.add(buckets.range(new Bucket(chunk, buckets.index(chunk, key))));
    }
    PAssert.that(
            found.apply(
                "Ranges " + name,
                MapElements.into(TypeDescriptors.strings())
                    .via((SerializableFunction<Bucket, String>) b -> buckets.range(b).toString())))
        .containsInAnyOrder(expected.stream().map(KeyRange::toString).toList());
  }

  /** Asserts each difference as {@code kind key [changed columns]}, sorted. */
  private static void assertNamed(PCollection<RowDiff> diffs, List<String> expected) {
    PAssert.that(diffs)
        .satisfies(
            all -> {
              TreeSet<String> named = new TreeSet<>();
              List<String> each = new ArrayList<>();
              for (RowDiff d : all) {
                String line =
                    d.kind().label()
                        + " "
                        + d.key()
                        + (d.columns().isEmpty() ? "" : " " + d.columns());
                named.add(line);
                each.add(line);
              }
              assertEquals(new TreeSet<>(expected), named);
              assertEquals(expected.size(), each.size(), "each difference once: " + each);
              return null;
            });
  }
}

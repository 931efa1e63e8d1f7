package dev.ferry.transforms.postgres;

import static dev.ferry.transforms.postgres.Items.query;
import static dev.ferry.transforms.postgres.Items.row;
import static dev.ferry.transforms.postgres.Items.server;
import static dev.ferry.transforms.postgres.Items.total;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ferry.schemas.SourceException;
import dev.ferry.testkit.PostgresExtension;
import dev.ferry.testkit.TestDatabase;
import dev.ferry.testkit.TestPipelineExtension;
import dev.ferry.transforms.deadletter.FailedRow;
import dev.ferry.transforms.metrics.TableMetrics;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.beam.sdk.Pipeline.PipelineExecutionException;
import org.apache.beam.sdk.PipelineResult;
import org.apache.beam.sdk.metrics.MetricNameFilter;
import org.apache.beam.sdk.metrics.MetricResult;
import org.apache.beam.sdk.metrics.MetricsFilter;
import org.apache.beam.sdk.testing.PAssert;
import org.apache.beam.sdk.testing.TestPipeline;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.transforms.MapElements;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionTuple;
import org.apache.beam.sdk.values.Row;
import org.apache.beam.sdk.values.TypeDescriptors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith({TestPipelineExtension.class, PostgresExtension.class})
class WritePostgresTest {

  private static PCollectionTuple write(TestPipeline p, List<Row> rows, WritePostgres write) {
    return p.apply(Create.of(rows).withRowSchema(Items.SCHEMA)).apply(write);
  }

  private static PCollection<String> failures(PCollectionTuple out) {
    return out.get(WritePostgres.FAILED)
        .apply(MapElements.into(TypeDescriptors.strings()).via(Items::idAndReason));
  }

  /** 20,000 rows, three of which the table refuses: a NOT NULL, a CHECK and a numeric overflow. */
  private static List<Row> rowsWithThreeBad() {
    List<Row> rows = new ArrayList<>(Items.rows(20_000));
    rows.set(5_000 - 1, row(5_000, null, 1, "1.00"));
    rows.set(12_345 - 1, row(12_345, "negative", -1, "1.00"));
    rows.set(19_999 - 1, row(19_999, "too dear", 1, "10000.00"));
    return rows;
  }

  private static void assertOnlyTheBadRowsFailed(PCollectionTuple out, String table) {
    PAssert.that(failures(out))
        .containsInAnyOrder(
            "5000 write 23502: null value in column \"name\" of relation \""
                + table
                + "\" violates not-null constraint",
            "12345 write 23514: new row for relation \""
                + table
                + "\" violates check constraint \"qty_not_negative\"",
            "19999 write 22003: numeric field overflow (column price): A field with precision 6,"
                + " scale 2 must round to an absolute value less than 10^4.");
    PAssert.that(out.get(WritePostgres.WRITTEN))
        .satisfies(total("rows", WrittenBatch::rows, 19_997));
    PAssert.that(out.get(WritePostgres.WRITTEN))
        .satisfies(total("rejected", WrittenBatch::rejected, 3));
    // Isolating a bad row costs at most two transactions per halving of a 10,000-row batch.
    PAssert.that(out.get(WritePostgres.WRITTEN))
        .satisfies(
            total("transactions beyond one per batch", b -> b.transactions() - 1, 0, 3 * 2 * 14));
  }

  private static void assertTheGoodRowsLoaded(TestDatabase db, String table) throws Exception {
    assertEquals(
        List.of("19997 0 199972656"),
        query(
            db,
            "SELECT count(*) || ' ' || count(*) FILTER (WHERE id IN (5000, 12345, 19999))"
                + " || ' ' || sum(id) FROM "
                + table));
  }

  @Test
  void isolatesBadRowsWhenCopyingStraightIntoTheTable(TestPipeline p, TestDatabase db)
      throws Exception {
    Items.create(db, "items_plain", false);
    PCollectionTuple out =
        write(p, rowsWithThreeBad(), WritePostgres.to(server(db), Items.target("items_plain")));
    assertOnlyTheBadRowsFailed(out, "items_plain");
    p.run().waitUntilFinish();
    assertTheGoodRowsLoaded(db, "items_plain");
  }

  @Test
  void isolatesBadRowsWhenMergingByKey(TestPipeline p, TestDatabase db) throws Exception {
    Items.create(db, "items_keyed", true);
    TableTarget table = Items.target("items_keyed").withKeyColumns(List.of("id"));
    PCollectionTuple out = write(p, rowsWithThreeBad(), WritePostgres.to(server(db), table));
    assertOnlyTheBadRowsFailed(out, "items_keyed");
    p.run().waitUntilFinish();
    assertTheGoodRowsLoaded(db, "items_keyed");
  }

  @Test
  void upsertUpdatesExistingRowsAndInsertsNewOnes(TestPipeline p, TestDatabase db)
      throws Exception {
    Items.create(db, "items_upsert", true);
    Items.execute(
        db,
        "INSERT INTO items_upsert VALUES (1, 'old', 1, 1.00), (2, 'old', 2, 2.00),"
            + " (3, 'old', 3, 3.00)");
    TableTarget table =
        Items.target("items_upsert")
            .withKeyColumns(List.of("id"))
            .withMode(TableTarget.Mode.UPSERT);
    List<Row> rows =
        List.of(
            row(1, "old", 1, "1.00"),
            row(2, "new", 20, "20.00"),
            row(3, "new", null, null),
            row(4, "new", 40, "40.00"),
            // Twice in one input: ON CONFLICT DO UPDATE alone would refuse this batch.
            row(5, "twice", 50, "50.00"),
            row(5, "twice", 50, "50.00"));
    PCollectionTuple out = write(p, rows, WritePostgres.to(server(db), table));
    PAssert.that(out.get(WritePostgres.FAILED)).empty();
    PAssert.that(out.get(WritePostgres.WRITTEN)).satisfies(total("rows", WrittenBatch::rows, 6));
    // 2 and 3 updated, 4 and 5 inserted; 1 and the second 5 found their values already there.
    PAssert.that(out.get(WritePostgres.WRITTEN))
        .satisfies(total("changed", WrittenBatch::changed, 4));
    p.run().waitUntilFinish();

    assertEquals(
        List.of(
            "(1,old,1,1.00)",
            "(2,new,20,20.00)",
            "(3,new,,)",
            "(4,new,40,40.00)",
            "(5,twice,50,50.00)"),
        query(db, "SELECT t::text FROM items_upsert t ORDER BY id"));
  }

  @Test
  void aBatchOfOnlyBadRowsPutsEachRowInDeadLettersInLinearWork(TestPipeline p, TestDatabase db)
      throws Exception {
    Items.create(db, "items_all_bad", true);
    Items.execute(
        db, "INSERT INTO items_all_bad SELECT id, 'there', 0, 0 FROM generate_series(1, 1000) id");
    // No key given: every row runs into the primary key.
    PCollectionTuple out =
        write(p, Items.rows(1_000), WritePostgres.to(server(db), Items.target("items_all_bad")));
    PAssert.that(out.get(WritePostgres.FAILED))
        .satisfies(
            failed -> {
              long n = 0;
              for (FailedRow f : failed) {
                assertTrue(
                    f.reason()
                        .startsWith(
                            "23505: duplicate key value violates unique"
                                + " constraint \"items_all_bad_pkey\": Key (id)="),
                    f.reason());
                n++;
              }
              assertEquals(1_000, n);
              return null;
            });
    PAssert.that(out.get(WritePostgres.WRITTEN)).satisfies(total("rows", WrittenBatch::rows, 0));
    PAssert.that(out.get(WritePostgres.WRITTEN))
        .satisfies(total("transactions", WrittenBatch::transactions, 1_000, 2_000));
    p.run().waitUntilFinish();

    assertEquals(
        List.of("1000"), query(db, "SELECT count(*) FROM items_all_bad WHERE name = 'there'"));
  }

  @Test
  void rerunningAnAppendWithKeyLeavesOneCopyOfEachRow(TestPipeline p, TestDatabase db)
      throws Exception {
    Items.create(db, "items_rerun", true);
    // As if an earlier attempt had committed some batches before it failed.
    Items.execute(
        db, "INSERT INTO items_rerun SELECT id, 'earlier', 0, 0 FROM generate_series(1, 300) id");
    TableTarget table = Items.target("items_rerun").withKeyColumns(List.of("id"));
    PCollectionTuple out =
        write(p, Items.rows(1_000), WritePostgres.to(server(db), table).withBatchRows(128));
    PAssert.that(out.get(WritePostgres.FAILED)).empty();
    PAssert.that(out.get(WritePostgres.WRITTEN))
        .satisfies(total("rows", WrittenBatch::rows, 1_000));

    PipelineResult first = p.run();
    first.waitUntilFinish();
    PipelineResult second = p.run();
    second.waitUntilFinish();

    assertEquals(
        List.of("1000 1000 300"),
        query(
            db,
            "SELECT count(*) || ' ' || count(DISTINCT id) || ' ' ||"
                + " count(*) FILTER (WHERE name = 'earlier') FROM items_rerun"));
    // Rows already present count as written, so read = written + rejected holds on every run.
    assertEquals(1_000, written(first, "items_rerun"));
    assertEquals(1_000, written(second, "items_rerun"));
  }

  @Test
  void aRenamedTableIsCountedAndDeadLetteredUnderItsSourceName(TestPipeline p, TestDatabase db)
      throws Exception {
    // The run summary looks tables up by their source names; a target name shortened to 63 bytes
    // must not take the counts and dead letters with it.
    Items.create(db, "items_short", false);
    TableTarget table = Items.target("items_short").withSource("items_with_a_long_source_name");
    PCollectionTuple out =
        write(
            p,
            List.of(row(1, "a\0b", 1, "1.00"), row(2, "fine", 2, "2.00")),
            WritePostgres.to(server(db), table));
    PAssert.that(
            out.get(WritePostgres.FAILED)
                .apply(MapElements.into(TypeDescriptors.strings()).via(FailedRow::table)))
        .containsInAnyOrder("items_with_a_long_source_name");
    PipelineResult result = p.run();
    result.waitUntilFinish();

    assertEquals(1, written(result, "items_with_a_long_source_name"));
    assertEquals(0, written(result, "items_short"));
    assertEquals(List.of("2 fine"), query(db, "SELECT id || ' ' || name FROM items_short"));
  }

  private static long written(PipelineResult result, String table) {
    Iterable<MetricResult<Long>> counters =
        result
            .metrics()
            .queryMetrics(
                MetricsFilter.builder()
                    .addNameFilter(
                        MetricNameFilter.named(TableMetrics.namespace(table), TableMetrics.WRITTEN))
                    .build())
            .getCounters();
    long sum = 0;
    for (MetricResult<Long> counter : counters) {
      sum += counter.getCommitted();
    }
    return sum;
  }

  @Test
  void rejectsNulCharactersBeforeTheServerSeesThem(TestPipeline p, TestDatabase db)
      throws Exception {
    Items.create(db, "items_nul", false);
    Items.create(db, "items_nul_stripped", false);
    List<Row> rows = List.of(row(1, "a\0b", 1, "1.00"), row(2, "fine", 2, "2.00"));
    PCollectionTuple rejected =
        write(p, rows, WritePostgres.to(server(db), Items.target("items_nul")));
    PCollectionTuple stripped =
        p.apply("Again", Create.of(rows).withRowSchema(Items.SCHEMA))
            .apply(
                "Strip",
                WritePostgres.to(server(db), Items.target("items_nul_stripped"))
                    .withNulBytes(NulBytes.STRIP));
    PAssert.that(failures(rejected))
        .containsInAnyOrder(
            "1 write name: text contains a NUL character (U+0000) at offset 1, which PostgreSQL"
                + " cannot store; remove it upstream, or strip NULs (job file: target.nul_bytes:"
                + " strip)");
    PAssert.that(rejected.get(WritePostgres.WRITTEN))
        .satisfies(total("transactions", WrittenBatch::transactions, 1));
    PAssert.that(stripped.get(WritePostgres.FAILED)).empty();
    p.run().waitUntilFinish();

    assertEquals(List.of("2 fine"), query(db, "SELECT id || ' ' || name FROM items_nul"));
    assertEquals(
        List.of("1 ab", "2 fine"),
        query(db, "SELECT id || ' ' || name FROM items_nul_stripped ORDER BY id"));
  }

  @Test
  void aWrongPasswordFailsWithOneLineThatNamesTheServerButNoPassword(
      TestPipeline p, TestDatabase db) throws Exception {
    Items.create(db, "items_login", false);
    String wrong = "wrong-secret-4711";
    write(
        p,
        Items.rows(3),
        WritePostgres.to(
            PostgresTarget.of(db.jdbcUrl(), db.user(), wrong), Items.target("items_login")));

    SourceException e = sourceException(assertThrows(PipelineExecutionException.class, p::run));

    int port = dev.ferry.testkit.PostgresServer.shared().port();
    assertEquals(
        "cannot write PostgreSQL table public.items_login at localhost:"
            + port
            + "/"
            + db.name()
            + " as postgres: 28P01 password authentication failed for user \"postgres\";"
            + " check the user and password",
        e.getMessage());
    assertNoSecretIn(e, wrong, db.password());
  }

  @Test
  void aRefusedConnectionIsRetriedThenFailsWithOneLine(TestPipeline p, TestDatabase db) {
    PostgresTarget nowhere =
        PostgresTarget.of("jdbc:postgresql://localhost:1/" + db.name(), "u", "pw-0815");
    write(
        p,
        Items.rows(3),
        WritePostgres.to(nowhere, Items.target("items"))
            .withRetries(new RetryPolicy(2, Duration.ofMillis(10), Duration.ofMillis(20))));

    SourceException e = sourceException(assertThrows(PipelineExecutionException.class, p::run));

    assertTrue(
        e.getMessage()
            .startsWith(
                "cannot write PostgreSQL table public.items at localhost:1/"
                    + db.name()
                    + " as u after 3 attempts: 08001 Connection to localhost:1 refused."),
        e.getMessage());
    assertNoSecretIn(e, "pw-0815");
  }

  @Test
  void aKeyWithoutAUniqueConstraintStopsTheWriteWithAHint(TestPipeline p, TestDatabase db)
      throws Exception {
    Items.create(db, "items_no_key", false);
    write(
        p,
        Items.rows(3),
        WritePostgres.to(server(db), Items.target("items_no_key").withKeyColumns(List.of("id"))));

    SourceException e = sourceException(assertThrows(PipelineExecutionException.class, p::run));

    assertTrue(
        e.getMessage()
            .endsWith(
                ": 42P10 there is no unique or exclusion constraint matching the ON CONFLICT"
                    + " specification; add a unique constraint on the key columns, or write"
                    + " without a key"),
        e.getMessage());
  }

  private static SourceException sourceException(Throwable thrown) {
    for (Throwable t = thrown; t != null; t = t.getCause()) {
      if (t instanceof SourceException s) {
        assertFalse(s.getMessage().contains("\n"), s.getMessage());
        return s;
      }
    }
    throw new AssertionError("no SourceException in " + thrown, thrown);
  }

  /** Neither the message, nor any cause's or suppressed exception's, holds a secret. */
  private static void assertNoSecretIn(Throwable e, String... secrets) {
    List<Throwable> all = new ArrayList<>();
    all.add(e);
    for (int i = 0; i < all.size(); i++) {
      Throwable t = all.get(i);
      if (t.getCause() != null && !all.contains(t.getCause())) {
        all.add(t.getCause());
      }
      all.addAll(List.of(t.getSuppressed()));
      for (String secret : secrets) {
        assertFalse(String.valueOf(t).contains(secret), "secret in " + t);
      }
    }
  }
}

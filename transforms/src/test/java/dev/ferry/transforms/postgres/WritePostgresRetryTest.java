package dev.ferry.transforms.postgres;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ferry.testkit.PostgresExtension;
import dev.ferry.testkit.TestDatabase;
import dev.ferry.testkit.TestPipelineExtension;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.beam.sdk.testing.PAssert;
import org.apache.beam.sdk.testing.TestPipeline;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.values.PCollectionTuple;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Connections killed mid-write are retried, and with a key no row is written twice. */
@ExtendWith({TestPipelineExtension.class, PostgresExtension.class})
class WritePostgresRetryTest {

  private static final int KILLS = 6;

  @Test
  void killedConnectionsAreRetriedWithoutDuplicatingRows(TestPipeline p, TestDatabase db)
      throws Exception {
    Items.create(db, "items_killed", true);
    TableTarget table = Items.target("items_killed").withKeyColumns(List.of("id"));
    PCollectionTuple out =
        p.apply(Create.of(Items.rows(20_000)).withRowSchema(Items.SCHEMA))
            .apply(
                WritePostgres.to(Items.server(db), table)
                    .withBatchRows(500)
                    .withRetries(
                        new RetryPolicy(KILLS + 2, Duration.ofMillis(20), Duration.ofMillis(200))));
    PAssert.that(out.get(WritePostgres.FAILED)).empty();
    PAssert.that(out.get(WritePostgres.WRITTEN))
        .satisfies(Items.total("rows", WrittenBatch::rows, 20_000));

    AtomicBoolean done = new AtomicBoolean();
    AtomicInteger killed = new AtomicInteger();
    Thread killer = new Thread(() -> killWriters(db, done, killed), "kill-ferry-connections");
    killer.start();
    try {
      p.run().waitUntilFinish();
    } finally {
      done.set(true);
      killer.join();
    }

    assertTrue(killed.get() > 0, "the test killed no connection; it proves nothing");
    assertEquals(
        List.of("20000 20000"),
        Items.query(db, "SELECT count(*) || ' ' || count(DISTINCT id) FROM items_killed"));
  }

  /** Terminates the writer's connections every few milliseconds, {@link #KILLS} times. */
  private static void killWriters(TestDatabase db, AtomicBoolean done, AtomicInteger killed) {
    try (Connection c = db.connect();
        Statement s = c.createStatement()) {
      while (!done.get() && killed.get() < KILLS) {
        try (ResultSet rs =
            s.executeQuery(
                "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity"
                    + " WHERE application_name = 'ferry' AND datname = current_database()")) {
          rs.next();
          killed.addAndGet(rs.getInt(1));
        }
        Thread.sleep(25);
      }
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }
}

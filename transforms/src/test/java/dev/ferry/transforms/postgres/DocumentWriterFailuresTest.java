package dev.ferry.transforms.postgres;

import static dev.ferry.transforms.postgres.Items.query;
import static dev.ferry.transforms.postgres.Orders.DISCOUNTS;
import static dev.ferry.transforms.postgres.Orders.ITEMS;
import static dev.ferry.transforms.postgres.Orders.ROOT;
import static dev.ferry.transforms.postgres.Orders.SHIPPING;
import static dev.ferry.transforms.postgres.Orders.TABLES;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ferry.schemas.SourceException;
import dev.ferry.testkit.PostgresExtension;
import dev.ferry.testkit.PostgresServer;
import dev.ferry.testkit.TestDatabase;
import dev.ferry.transforms.deadletter.FailedRow;
import dev.ferry.transforms.metrics.TableMetrics;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.bson.BsonDocument;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * What the server refuses: a bad document among good ones, text it cannot store, lost connections,
 * missing tables.
 */
@ExtendWith(PostgresExtension.class)
class DocumentWriterFailuresTest {

  /** A collection named apart from its root table, so their counters stay apart too. */
  private static final String COLLECTION = "shop_orders";

  private static final int KILLS = 6;

  @Test
  void oneBadDocumentAmongTwoHundredIsTheOnlyDeadLetter(TestDatabase db) throws Exception {
    Orders.create(db, "bad_item", true);
    Items.execute(
        db, "ALTER TABLE bad_item.orders_items ADD CONSTRAINT qty_below_1000 CHECK (qty < 1000)");
    List<BsonDocument> documents = new ArrayList<>(Orders.generated(200));
    BsonDocument bad = Orders.order(123, "open", 3, 5_000);
    documents.set(122, bad);

    Orders.Written written =
        Orders.write(
            WritePostgresDocuments.to(
                Items.server(db), Orders.tables("bad_item", TableTarget.Mode.APPEND, COLLECTION)),
            documents);

    assertEquals(1, written.failed().size(), written.failed().toString());
    FailedRow failed = written.failed().get(0);
    assertEquals(COLLECTION, failed.table());
    assertEquals(FailedRow.WRITE, failed.stage());
    assertEquals(
        "orders_items: 23514: new row for relation \"orders_items\" violates check constraint"
            + " \"qty_below_1000\"",
        failed.reason());
    assertEquals(bad, BsonDocument.parse(failed.values()));

    assertEquals(List.of("199 0"), countWithout(db, "bad_item", ROOT, "_id", 123));
    for (String child : List.of(SHIPPING, ITEMS, DISCOUNTS)) {
      assertEquals("0", countWithout(db, "bad_item", child, "_root_id", 123).get(0).split(" ")[1]);
    }
    List<BsonDocument> good = new ArrayList<>(documents);
    good.remove(122);
    Orders.assertChildCountsMatchArrays(db, "bad_item", good);

    // The bad order's rows: 1 root, 1 shipping, 3 items, 0 + 1 + 2 discounts.
    Map<String, Long> rejected = Map.of(ROOT, 1L, SHIPPING, 1L, ITEMS, 3L, DISCOUNTS, 3L);
    for (String table : TABLES) {
      long read = written.counter(table, TableMetrics.READ);
      assertEquals(rejected.get(table), written.counter(table, TableMetrics.REJECTED), table);
      assertEquals(read - rejected.get(table), written.counter(table, TableMetrics.WRITTEN), table);
      assertEquals(read - rejected.get(table), written.total(table, WrittenBatch::rows), table);
      assertEquals(rejected.get(table), written.total(table, WrittenBatch::rejected), table);
    }
    assertEquals(200, written.counter(ROOT, TableMetrics.READ));
    assertEquals(199, written.counter(COLLECTION, TableMetrics.WRITTEN));
    // The COPY names the line, which names the order: the batch fails once, then the orders
    // before it load in one part and those after it in two. Halving alone would take ~16.
    assertTrue(
        written.total(ROOT, WrittenBatch::transactions) <= 4,
        "transactions: " + written.total(ROOT, WrittenBatch::transactions));
  }

  @Test
  void aBadDocumentIsIsolatedWhenMergingToo(TestDatabase db) throws Exception {
    Orders.create(db, "bad_merge", true);
    WritePostgresDocuments write =
        WritePostgresDocuments.to(
            Items.server(db), Orders.tables("bad_merge", TableTarget.Mode.UPSERT, COLLECTION));
    Orders.write(write, Orders.generated(200));
    Items.execute(
        db, "ALTER TABLE bad_merge.orders ADD CONSTRAINT status_not_void CHECK (status <> 'void')");
    List<BsonDocument> updates = new ArrayList<>();
    for (int i = 1; i <= 200; i++) {
      updates.add(Orders.order(i, i == 77 ? "void" : "paid", i % 4, 1));
    }

    // Small batches: the first one meets the present keys and turns the fast path off, so the
    // order is refused by the merge, not by a plain COPY that would name its line.
    Orders.Written written = Orders.write(write.withBatchRows(300), updates);

    assertEquals(
        List.of(
            "orders: 23514: new row for relation \"orders\" violates check constraint"
                + " \"status_not_void\""),
        written.failed().stream().map(FailedRow::reason).toList());
    assertEquals(
        List.of("open 1", "paid 199"),
        query(
            db,
            "SELECT status || ' ' || count(*) FROM bad_merge.orders GROUP BY status ORDER BY 1"));
    // Order 77 keeps its old item quantities, the others have the new ones.
    assertEquals(
        List.of("000000000000000000000001 2", "00000000000000000000004d 1"),
        query(
            db,
            "SELECT _root_id || ' ' || qty FROM bad_merge.orders_items"
                + " WHERE _root_id IN ('000000000000000000000001', '00000000000000000000004d')"
                + " ORDER BY 1"));
    // The merge names no line: the order's batch is halved down to it.
    List<Long> isolating =
        written.batches().stream()
            .filter(b -> b.table().equals(ROOT) && b.rejected() == 1)
            .map(WrittenBatch::transactions)
            .toList();
    assertEquals(1, isolating.size());
    assertTrue(isolating.get(0) > 4, "transactions: " + isolating);
    for (String table : TABLES) {
      assertEquals(
          written.counter(table, TableMetrics.READ),
          written.counter(table, TableMetrics.WRITTEN)
              + written.counter(table, TableMetrics.REJECTED),
          table);
    }
  }

  @Test
  void aDocumentWithANulCharacterIsRejectedBeforeItIsSentOrStripped(TestDatabase db)
      throws Exception {
    Orders.create(db, "nul", false);
    Orders.create(db, "nul_stripped", false);
    List<BsonDocument> documents = new ArrayList<>(Orders.fixture());
    BsonDocument nul = Orders.order(9, "open", 1, 0);
    nul.getArray("items").get(0).asDocument().put("sku", new org.bson.BsonString("a\0b"));
    documents.add(nul);

    Orders.Written rejected =
        Orders.write(
            WritePostgresDocuments.to(
                Items.server(db), Orders.tables("nul", TableTarget.Mode.APPEND)),
            documents);
    Orders.Written stripped =
        Orders.write(
            WritePostgresDocuments.to(
                    Items.server(db), Orders.tables("nul_stripped", TableTarget.Mode.APPEND))
                .withNulBytes(NulBytes.STRIP),
            documents);

    assertEquals(
        List.of(
            "orders_items: sku: text contains a NUL character (U+0000) at offset 1, which"
                + " PostgreSQL cannot store; remove it upstream, or strip NULs (job file:"
                + " target.nul_bytes: strip)"),
        rejected.failed().stream().map(FailedRow::reason).toList());
    assertEquals(4, Orders.count(db, "nul", ROOT));
    assertEquals(1, rejected.counter(ITEMS, TableMetrics.REJECTED));
    assertEquals(1, rejected.counter(SHIPPING, TableMetrics.REJECTED));
    // Refused before any transaction: the batch loads the other orders at once.
    assertEquals(1, rejected.total(ROOT, WrittenBatch::transactions));

    assertEquals(List.of(), stripped.failed());
    assertEquals(
        List.of("ab"),
        query(
            db,
            "SELECT sku FROM nul_stripped.orders_items WHERE _root_id = '"
                + Orders.objectId(9)
                + "'"));
  }

  @Test
  void killedConnectionsAreRetriedAndEveryDocumentLandsOnce(TestDatabase db) throws Exception {
    Orders.create(db, "killed", true);
    List<BsonDocument> documents = Orders.generated(3_000);
    WritePostgresDocuments write =
        WritePostgresDocuments.to(
                Items.server(db), Orders.tables("killed", TableTarget.Mode.APPEND, COLLECTION))
            .withBatchRows(500)
            .withRetries(new RetryPolicy(KILLS + 2, Duration.ofMillis(20), Duration.ofMillis(200)));

    AtomicBoolean done = new AtomicBoolean();
    AtomicInteger killed = new AtomicInteger();
    Thread killer = new Thread(() -> killWriters(db, done, killed), "kill-ferry-connections");
    killer.start();
    Orders.Written written;
    try {
      written = Orders.write(write, documents);
    } finally {
      done.set(true);
      killer.join();
    }

    assertTrue(killed.get() > 0, "the test killed no connection; it proves nothing");
    assertEquals(List.of(), written.failed());
    assertEquals(
        List.of("3000 3000"),
        query(db, "SELECT count(*) || ' ' || count(DISTINCT _id) FROM killed.orders"));
    Orders.assertChildCountsMatchArrays(db, "killed", documents);
    assertEquals(3_000, written.counter(COLLECTION, TableMetrics.WRITTEN));
  }

  @Test
  void aMissingRootTableStopsTheWriteWithOneLineWithoutThePassword(TestDatabase db) {
    SourceException e =
        assertThrows(
            SourceException.class,
            () ->
                Orders.write(
                    WritePostgresDocuments.to(
                        Items.server(db), Orders.tables("absent", TableTarget.Mode.UPSERT)),
                    Orders.fixture()));

    assertEquals(
        "cannot write PostgreSQL table absent.orders at localhost:"
            + PostgresServer.shared().port()
            + "/"
            + db.name()
            + " as "
            + db.user()
            + ": 42P01 relation \"absent.orders\" does not exist; create the table before writing"
            + " to it",
        e.getMessage());
    assertNoSecretIn(e, db.password());
  }

  @Test
  void aMissingChildTableIsNamedAndNothingOfTheBatchLands(TestDatabase db) throws Exception {
    Orders.create(db, "no_child", false);
    Items.execute(db, "DROP TABLE no_child.orders_items_discounts");

    SourceException e =
        assertThrows(
            SourceException.class,
            () ->
                Orders.write(
                    WritePostgresDocuments.to(
                        Items.server(db), Orders.tables("no_child", TableTarget.Mode.APPEND)),
                    Orders.fixture()));

    assertTrue(
        e.getMessage().startsWith("cannot write PostgreSQL table no_child.orders_items_discounts"),
        e.getMessage());
    assertTrue(
        e.getMessage()
            .endsWith(
                ": 42P01 relation \"no_child.orders_items_discounts\" does not exist; create the"
                    + " table before writing to it"),
        e.getMessage());
    assertEquals(0, Orders.count(db, "no_child", ROOT));
  }

  /** {@code "<rows> <rows of order i>"} of {@code table}. */
  private static List<String> countWithout(
      TestDatabase db, String schema, String table, String key, int order) throws Exception {
    return query(
        db,
        "SELECT count(*) || ' ' || count(*) FILTER (WHERE "
            + key
            + " = '"
            + Orders.objectId(order)
            + "') FROM "
            + schema
            + "."
            + table);
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

  /** Neither the message, nor any cause's or suppressed exception's, holds a secret. */
  private static void assertNoSecretIn(Throwable e, String secret) {
    List<Throwable> all = new ArrayList<>();
    all.add(e);
    for (int i = 0; i < all.size(); i++) {
      Throwable t = all.get(i);
      if (t.getCause() != null && !all.contains(t.getCause())) {
        all.add(t.getCause());
      }
      all.addAll(List.of(t.getSuppressed()));
      assertFalse(String.valueOf(t).contains(secret), "secret in " + t);
    }
  }
}

package dev.ferry.transforms.postgres;

import static dev.ferry.transforms.postgres.Items.query;
import static dev.ferry.transforms.postgres.Orders.DISCOUNTS;
import static dev.ferry.transforms.postgres.Orders.ITEMS;
import static dev.ferry.transforms.postgres.Orders.ROOT;
import static dev.ferry.transforms.postgres.Orders.SHIPPING;
import static dev.ferry.transforms.postgres.Orders.TABLES;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ferry.testkit.PostgresExtension;
import dev.ferry.testkit.TestDatabase;
import dev.ferry.transforms.document.DocumentSink;
import dev.ferry.transforms.metrics.TableMetrics;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.beam.sdk.transforms.display.DisplayData;
import org.apache.beam.sdk.util.SerializableUtils;
import org.bson.BsonDocument;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Documents land whole in their related tables: values, child and grandchild rows, and what a
 * second write of the same or changed documents does in APPEND and UPSERT.
 */
@ExtendWith(PostgresExtension.class)
class DocumentWriterTest {

  private static WritePostgresDocuments write(
      TestDatabase db, String schema, TableTarget.Mode mode) {
    return WritePostgresDocuments.to(Items.server(db), Orders.tables(schema, mode));
  }

  @Test
  void aFreshLoadLandsEveryDocumentWithAllItsRowsAndValues(TestDatabase db) throws Exception {
    Orders.create(db, "fresh", true);
    List<BsonDocument> fixture = Orders.fixture();

    Orders.Written written = Orders.write(write(db, "fresh", TableTarget.Mode.APPEND), fixture);

    assertEquals(List.of(), written.failed());
    assertEquals(
        List.of(
            "65f1a2b3c4d5e6f708192a01 | Ada Lovelace | ada@example.com | shipped | 129.90"
                + " | 2024-05-01 12:00:00.123 | {gift,express}",
            "65f1a2b3c4d5e6f708192a02 | Grace Hopper | grace@example.com | open | 15.00"
                + " | 2024-05-02 08:30:00 | {}",
            "65f1a2b3c4d5e6f708192a03 | Edsger Dijkstra | NULL | cancelled | 0.00"
                + " | 2024-05-03 00:00:00 | {stale}",
            "65f1a2b3c4d5e6f708192a04 | Barbara Liskov | liskov@example.com | open | 64.50"
                + " | 2024-05-04 17:45:10.5 | {b2b}"),
        query(
            db,
            "SELECT concat_ws(' | ', _id, customer_name, coalesce(customer_email, 'NULL'), status,"
                + " total, (placed AT TIME ZONE 'UTC')::text, tags) FROM fresh.orders ORDER BY 1"));
    assertEquals(
        List.of(
            "65f1a2b3c4d5e6f708192a01 0 0 SPRING 10",
            "65f1a2b3c4d5e6f708192a01 0 1 VIP 5",
            "65f1a2b3c4d5e6f708192a02 0 0 BULK 20",
            "65f1a2b3c4d5e6f708192a04 0 0 EDU 15",
            "65f1a2b3c4d5e6f708192a04 2 0 PAIR 50",
            "65f1a2b3c4d5e6f708192a04 2 1 EDU 15",
            "65f1a2b3c4d5e6f708192a04 2 2 X 1"),
        query(
            db,
            "SELECT concat_ws(' ', _root_id, _ordinal_1, _ordinal, code, pct)"
                + " FROM fresh.orders_items_discounts ORDER BY _root_id, _ordinal_1, _ordinal"));
    assertEquals(
        List.of("65f1a2b3c4d5e6f708192a02 0 5 3.00"),
        query(
            db,
            "SELECT concat_ws(' ', _root_id, _ordinal, qty, price) FROM fresh.orders_items"
                + " WHERE sku = E'TAB\\tWITH\\\\ESCAPES\\nOK'"));
    assertEquals(
        List.of("65f1a2b3c4d5e6f708192a03 Plantage Muidergracht Amsterdam 1018 TV"),
        query(
            db,
            "SELECT concat_ws(' ', _root_id, street, city, zip) FROM fresh.orders_shipping"
                + " WHERE city = 'Amsterdam'"));
    Orders.assertChildCountsMatchArrays(db, "fresh", fixture);

    Map<String, Long> rows = Map.of(ROOT, 4L, SHIPPING, 4L, ITEMS, 6L, DISCOUNTS, 7L);
    for (String table : TABLES) {
      assertEquals(rows.get(table), written.total(table, WrittenBatch::rows), table);
      assertEquals(rows.get(table), written.total(table, WrittenBatch::changed), table);
      assertEquals(
          rows.get(table), written.counter(table, TableMetrics.WRITTEN), table + " written");
      assertTrue(written.counter(table, TableMetrics.BYTES) > 0, table + " bytes");
    }
    // One batch, one transaction, one WrittenBatch per table.
    assertEquals(TABLES, written.batches().stream().map(WrittenBatch::table).toList());
    assertEquals(1, written.total(ROOT, WrittenBatch::transactions));
  }

  @ParameterizedTest
  @EnumSource(TableTarget.Mode.class)
  void writingTheSameDocumentsAgainChangesNothing(TableTarget.Mode mode, TestDatabase db)
      throws Exception {
    String schema = "again_" + mode.name().toLowerCase(java.util.Locale.ROOT);
    Orders.create(db, schema, true);
    List<BsonDocument> documents = new ArrayList<>(Orders.fixture());
    documents.addAll(Orders.generated(300));
    WritePostgresDocuments write = write(db, schema, mode).withBatchRows(500);

    Orders.write(write, documents);
    Map<String, List<String>> first = snapshot(db, schema);
    Orders.Written again = Orders.write(write, documents);

    assertEquals(List.of(), again.failed());
    assertEquals(first, snapshot(db, schema));
    Orders.assertChildCountsMatchArrays(db, schema, documents);
    for (String table : TABLES) {
      long rows = first.get(table).size();
      // Rows already there count as written, so read = written + rejected holds on a re-run.
      assertEquals(rows, again.total(table, WrittenBatch::rows), table);
      assertEquals(rows, again.counter(table, TableMetrics.WRITTEN), table);
    }
    // The root rows are unchanged: APPEND leaves them, UPSERT finds their values already there.
    assertEquals(0, again.total(ROOT, WrittenBatch::changed));
  }

  @Test
  void upsertReplacesTheChildRowsOfADocumentWhoseArrayShrank(TestDatabase db) throws Exception {
    Orders.create(db, "shrunk", true);
    WritePostgresDocuments write = write(db, "shrunk", TableTarget.Mode.UPSERT);
    Orders.write(write, List.of(Orders.order(1, "open", 3, 0), Orders.order(2, "open", 3, 0)));
    List<String> untouched = orderTwo(db, "shrunk");

    // Order 1 keeps one item of three, with new quantities and discount codes.
    Orders.Written written = Orders.write(write, List.of(Orders.order(1, "shipped", 1, 7)));

    assertEquals(List.of(), written.failed());
    assertEquals(
        List.of("000000000000000000000001 shipped", "000000000000000000000002 open"),
        query(db, "SELECT _id || ' ' || status FROM shrunk.orders ORDER BY 1"));
    assertEquals(
        List.of("000000000000000000000001 0 SKU-1-0 8"),
        query(
            db,
            "SELECT concat_ws(' ', _root_id, _ordinal, sku, qty) FROM shrunk.orders_items"
                + " WHERE _root_id = '000000000000000000000001'"));
    // Item 0 has no discounts (0 % 3); the grandchildren of items 1 and 2 are gone.
    assertEquals(
        List.of("0"),
        query(
            db,
            "SELECT count(*) FROM shrunk.orders_items_discounts"
                + " WHERE _root_id = '000000000000000000000001'"));
    assertEquals(untouched, orderTwo(db, "shrunk"));

    // Grown back to three items with other discounts: the grandchildren are the new ones.
    Orders.write(write, List.of(Orders.order(1, "open", 3, 4)));
    assertEquals(
        List.of("1 0 D4", "2 0 D4", "2 1 D5"),
        query(
            db,
            "SELECT concat_ws(' ', _ordinal_1, _ordinal, code) FROM shrunk.orders_items_discounts"
                + " WHERE _root_id = '000000000000000000000001' ORDER BY _ordinal_1, _ordinal"));
    Orders.assertChildCountsMatchArrays(
        db, "shrunk", List.of(Orders.order(1, "open", 3, 4), Orders.order(2, "open", 3, 0)));
  }

  @Test
  void appendLeavesAPresentDocumentAndItsChildRowsAsTheyAre(TestDatabase db) throws Exception {
    Orders.create(db, "kept", true);
    WritePostgresDocuments write = write(db, "kept", TableTarget.Mode.APPEND);
    Orders.write(write, List.of(Orders.order(1, "open", 3, 0)));
    List<String> before = orderRows(db, "kept", 1);

    Orders.Written written =
        Orders.write(
            write, List.of(Orders.order(1, "shipped", 1, 7), Orders.order(2, "new", 2, 0)));

    assertEquals(List.of(), written.failed());
    assertEquals(before, orderRows(db, "kept", 1));
    assertEquals(
        List.of("000000000000000000000001 open", "000000000000000000000002 new"),
        query(db, "SELECT _id || ' ' || status FROM kept.orders ORDER BY 1"));
    Orders.assertChildCountsMatchArrays(
        db, "kept", List.of(Orders.order(1, "open", 3, 0), Orders.order(2, "new", 2, 0)));
    // Both documents are in the tables now; only the new one changed anything.
    assertEquals(2, written.counter(ROOT, TableMetrics.WRITTEN));
    assertEquals(1, written.total(ROOT, WrittenBatch::changed));
    assertEquals(1 + 2, written.total(ITEMS, WrittenBatch::rows));
    assertEquals(2, written.total(ITEMS, WrittenBatch::changed));
  }

  @ParameterizedTest
  @EnumSource(TableTarget.Mode.class)
  void aDocumentTwiceInOneBatchLandsOnce(TableTarget.Mode mode, TestDatabase db) throws Exception {
    String schema = "twice_" + mode.name().toLowerCase(java.util.Locale.ROOT);
    Orders.create(db, schema, true);
    List<BsonDocument> documents =
        List.of(
            Orders.order(1, "first", 3, 0),
            Orders.order(2, "other", 2, 0),
            Orders.order(1, "second", 1, 5));

    Orders.Written written = Orders.write(write(db, schema, mode), documents);

    assertEquals(List.of(), written.failed());
    // As for rows: APPEND keeps the first copy of a key, UPSERT the last.
    BsonDocument kept = mode == TableTarget.Mode.APPEND ? documents.get(0) : documents.get(2);
    assertEquals(
        List.of(
            "000000000000000000000001 " + kept.getString("status").getValue(),
            "000000000000000000000002 other"),
        query(db, "SELECT _id || ' ' || status FROM " + schema + ".orders ORDER BY 1"));
    Orders.assertChildCountsMatchArrays(db, schema, List.of(kept, documents.get(1)));
    assertEquals(3, written.counter(ROOT, TableMetrics.WRITTEN));
  }

  @ParameterizedTest
  @EnumSource(TableTarget.Mode.class)
  void aFreshLoadCopiesStraightIntoTheTablesAndARerunMerges(TableTarget.Mode mode, TestDatabase db)
      throws Exception {
    String schema = "paths_" + mode.name().toLowerCase(java.util.Locale.ROOT);
    Orders.create(db, schema, true);
    // Records how each statement that inserted root rows began: COPY, or INSERT (the merge).
    Items.execute(
        db,
        "CREATE TABLE " + schema + ".statements (n serial, verb text)",
        "CREATE FUNCTION "
            + schema
            + ".log_verb() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN INSERT INTO "
            + schema
            + ".statements (verb) VALUES (split_part(ltrim(current_query()), ' ', 1));"
            + " RETURN NULL; END $$",
        "CREATE TRIGGER log_verb AFTER INSERT ON "
            + schema
            + ".orders FOR EACH STATEMENT EXECUTE FUNCTION "
            + schema
            + ".log_verb()");
    List<BsonDocument> documents = Orders.generated(400);
    WritePostgresDocuments write = write(db, schema, mode).withBatchRows(300);

    Orders.Written fresh = Orders.write(write, documents);
    List<String> freshVerbs = query(db, "SELECT verb FROM " + schema + ".statements ORDER BY n");
    Items.execute(db, "TRUNCATE " + schema + ".statements");
    Orders.Written rerun = Orders.write(write, documents);
    List<String> rerunVerbs = query(db, "SELECT verb FROM " + schema + ".statements ORDER BY n");

    List<Long> freshTransactions = transactions(fresh);
    assertTrue(freshTransactions.size() > 2, "several batches: " + freshTransactions);
    assertEquals(freshTransactions.size(), freshVerbs.size());
    assertTrue(freshVerbs.stream().allMatch("COPY"::equals), freshVerbs.toString());
    assertTrue(freshTransactions.stream().allMatch(t -> t == 1), freshTransactions.toString());
    // The first batch of the re-run tries a plain COPY, meets the present keys and rolls back;
    // every later batch goes straight to staging and merge.
    List<Long> rerunTransactions = transactions(rerun);
    assertEquals(2L, rerunTransactions.get(0));
    assertTrue(
        rerunTransactions.subList(1, rerunTransactions.size()).stream().allMatch(t -> t == 1),
        rerunTransactions.toString());
    assertEquals(rerunTransactions.size(), rerunVerbs.size());
    assertTrue(rerunVerbs.stream().allMatch("INSERT"::equals), rerunVerbs.toString());
    assertEquals(400, Orders.count(db, schema, ROOT));
  }

  @Test
  void theSinkTravelsToWorkersAndShowsNoPassword(TestDatabase db) {
    PostgresTarget target =
        PostgresTarget.of(db.jdbcUrl() + "?sslmode=disable", db.user(), "pw-secret-4711");
    WritePostgresDocuments write =
        WritePostgresDocuments.to(target, Orders.tables("public", TableTarget.Mode.UPSERT));

    DocumentSink<WrittenBatch> sink = SerializableUtils.ensureSerializable(write.sink());

    assertEquals(
        "public.orders, public.orders_shipping, public.orders_items,"
            + " public.orders_items_discounts (upsert by _id) on "
            + db.jdbcUrl()
            + " as "
            + db.user(),
        sink.describe());
    String display = DisplayData.from(write).toString();
    assertTrue(display.contains(db.jdbcUrl()), display);
    assertTrue(display.contains("UPSERT"), display);
    assertTrue(display.contains("public.orders_items_discounts"), display);
    assertFalse(display.contains("pw-secret-4711") || display.contains("sslmode"), display);
  }

  /** Every table's rows as text. */
  private static Map<String, List<String>> snapshot(TestDatabase db, String schema)
      throws Exception {
    Map<String, List<String>> rows = new LinkedHashMap<>();
    for (String table : TABLES) {
      rows.put(table, Orders.rows(db, schema, table));
    }
    return rows;
  }

  /** Order 1's or 2's rows in every table. */
  private static List<String> orderRows(TestDatabase db, String schema, int order)
      throws Exception {
    List<String> rows = new ArrayList<>();
    for (String table : TABLES) {
      String key = table.equals(ROOT) ? "_id" : "_root_id";
      rows.addAll(
          query(
              db,
              "SELECT t::text FROM "
                  + schema
                  + "."
                  + table
                  + " t WHERE "
                  + key
                  + " = '"
                  + Orders.objectId(order)
                  + "' ORDER BY 1"));
    }
    return rows;
  }

  private static List<String> orderTwo(TestDatabase db, String schema) throws Exception {
    return orderRows(db, schema, 2);
  }

  /** The root table's transactions per batch, in batch order. */
  private static List<Long> transactions(Orders.Written written) {
    return written.batches().stream()
        .filter(b -> b.table().equals(ROOT))
        .map(WrittenBatch::transactions)
        .toList();
  }
}

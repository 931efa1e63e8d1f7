package dev.ferry.transforms.postgres;

import dev.ferry.schemas.document.DocumentFlattener;
import dev.ferry.schemas.document.FlattenPlan;
import dev.ferry.schemas.document.FlattenSpec;
import dev.ferry.schemas.document.FlattenSpec.As;
import dev.ferry.schemas.document.FlattenSpec.Rule;
import dev.ferry.schemas.document.ShapeCounter;
import dev.ferry.schemas.inventory.Column;
import dev.ferry.schemas.inventory.Table;
import dev.ferry.schemas.postgres.DdlPlan;
import dev.ferry.schemas.postgres.EnumStyle;
import dev.ferry.schemas.postgres.PostgresDdl;
import dev.ferry.schemas.types.ValueRejected;
import dev.ferry.testkit.TestDatabase;
import dev.ferry.transforms.deadletter.FailedRow;
import dev.ferry.transforms.document.DocumentSinkWriter;
import dev.ferry.transforms.metrics.TableMetrics;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.ToLongFunction;
import org.apache.beam.runners.core.metrics.MetricsContainerImpl;
import org.apache.beam.sdk.metrics.MetricName;
import org.apache.beam.sdk.metrics.MetricsEnvironment;
import org.bson.BsonArray;
import org.bson.BsonDocument;
import org.bson.BsonValue;
import org.junit.jupiter.api.Assertions;

/**
 * Orders as documents, for document write tests: {@code documents/orders.json} (a customer object
 * flattened into columns, tags as text[], shipping as a table of its own, items with their
 * discounts as child and grandchild tables), the plan sampled from them, the tables created from
 * the plan's DDL in a schema per test, and a writer run with its metrics.
 */
final class Orders {

  static final String ROOT = "orders";
  static final String ITEMS = "orders_items";
  static final String DISCOUNTS = "orders_items_discounts";
  static final String SHIPPING = "orders_shipping";

  /** Every table, root first, children after their parents. */
  static final List<String> TABLES = List.of(ROOT, SHIPPING, ITEMS, DISCOUNTS);

  private Orders() {}

  /** The four orders of the fixture. */
  static List<BsonDocument> fixture() {
    try (InputStream in = Orders.class.getResourceAsStream("/documents/orders.json")) {
      String json = new String(in.readAllBytes(), StandardCharsets.UTF_8);
      return BsonArray.parse(json).getValues().stream().map(BsonValue::asDocument).toList();
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * {@code n} orders shaped like the fixture's, keyed 1..n as ObjectIds: order {@code i} has {@code
   * i % 4} items, item {@code j} has {@code j % 3} discounts.
   */
  static List<BsonDocument> generated(int n) {
    List<BsonDocument> orders = new ArrayList<>(n);
    for (int i = 1; i <= n; i++) {
      orders.add(order(i, "open", i % 4, 0));
    }
    return orders;
  }

  /** Order {@code i} with {@code items} items, each quantity raised by {@code bump}. */
  static BsonDocument order(int i, String status, int items, int bump) {
    StringBuilder json =
        new StringBuilder()
            .append("{\"_id\": {\"$oid\": \"")
            .append(objectId(i))
            .append("\"}, \"customer\": {\"name\": \"customer ")
            .append(i)
            .append("\", \"email\": \"c")
            .append(i)
            .append("@example.com\"}, \"status\": \"")
            .append(status)
            .append("\", \"total\": {\"$numberDecimal\": \"")
            .append(i)
            .append(".50\"}, \"placed\": {\"$date\": \"2024-06-01T10:00:00Z\"}, \"tags\": [\"t")
            .append(i % 5)
            .append("\"], \"shipping\": {\"street\": \"")
            .append(i)
            .append(" Main St\", \"city\": \"Springfield\", \"zip\": \"")
            .append(10_000 + i)
            .append("\"}, \"items\": [");
    for (int j = 0; j < items; j++) {
      json.append(j == 0 ? "" : ", ")
          .append("{\"sku\": \"SKU-")
          .append(i)
          .append('-')
          .append(j)
          .append("\", \"qty\": ")
          .append(j + 1 + bump)
          .append(", \"price\": {\"$numberDecimal\": \"1.25\"}, \"discounts\": [");
      for (int k = 0; k < j % 3; k++) {
        json.append(k == 0 ? "" : ", ")
            .append("{\"code\": \"D")
            .append(k + bump)
            .append("\", \"pct\": ")
            .append(5 * (k + 1))
            .append('}');
      }
      json.append("]}");
    }
    return BsonDocument.parse(json.append("]}").toString());
  }

  static String objectId(int i) {
    return String.format("%024x", i);
  }

  /** The plan for orders shaped like the fixture's: shipping as a table of its own. */
  static FlattenPlan plan() {
    ShapeCounter counter = new ShapeCounter();
    fixture().forEach(counter::add);
    FlattenSpec spec = FlattenSpec.of(Map.of("shipping", Rule.as(As.TABLE)));
    return FlattenPlan.of(counter.shape(ROOT, counter.documents()), spec);
  }

  static PostgresDdl ddl(String schema) {
    FlattenPlan plan = plan();
    return PostgresDdl.of(
        schema, plan.inventory("mongodb://localhost/shop"), plan.tables(), EnumStyle.CHECK);
  }

  /**
   * Creates the plan's tables in {@code schema} with their primary keys, and with their foreign
   * keys when {@code foreignKeys}, so that they check every row as it arrives.
   */
  static void create(TestDatabase db, String schema, boolean foreignKeys) throws SQLException {
    DdlPlan ddl = ddl(schema).plan();
    List<String> statements = new ArrayList<>(ddl.beforeLoad());
    statements.addAll(ddl.primaryKeys());
    if (foreignKeys) {
      statements.addAll(ddl.foreignKeys());
    }
    Items.execute(db, statements.toArray(String[]::new));
  }

  /** The plan's tables in {@code schema}, the root table in {@code mode}. */
  static DocumentTables tables(String schema, TableTarget.Mode mode) {
    return tables(schema, mode, ROOT);
  }

  /** As {@link #tables(String, TableTarget.Mode)}, for a collection named {@code collection}. */
  static DocumentTables tables(String schema, TableTarget.Mode mode, String collection) {
    PostgresDdl ddl = ddl(schema);
    List<TableTarget> targets = new ArrayList<>();
    for (Table t : plan().tables()) {
      List<String> names = ddl.columns(t.name());
      List<Column> columns = new ArrayList<>();
      for (int i = 0; i < t.columns().size(); i++) {
        Column c = t.columns().get(i);
        columns.add(
            new Column(
                names.get(i),
                c.sourceType(),
                c.type(),
                c.nullable(),
                c.defaultValue(),
                c.autoIncrement(),
                c.enumValues(),
                c.pgType()));
      }
      TableTarget target =
          TableTarget.of(schema, ddl.targetTable(t.name()), columns)
              .withSource(t.name())
              .withKeyColumns(ddl.keyColumns(t.name()));
      targets.add(targets.isEmpty() ? target.withMode(mode) : target);
    }
    return new DocumentTables(collection, targets);
  }

  /** What one writer did with some documents: its batches, dead letters and metrics. */
  record Written(List<WrittenBatch> batches, List<FailedRow> failed, MetricsContainerImpl metrics) {

    long counter(String table, String name) {
      return metrics
          .getCounter(MetricName.named(TableMetrics.namespace(table), name))
          .getCumulative();
    }

    /** The sum of one field over the batches of {@code table}. */
    long total(String table, ToLongFunction<WrittenBatch> field) {
      return batches.stream().filter(b -> b.table().equals(table)).mapToLong(field).sum();
    }
  }

  /** Flattens and writes {@code documents} with one writer, then finishes it. */
  static Written write(WritePostgresDocuments write, List<BsonDocument> documents) {
    DocumentFlattener flattener = DocumentFlattener.of(plan());
    List<FailedRow> failed = new ArrayList<>();
    MetricsContainerImpl metrics = new MetricsContainerImpl("write");
    try (java.io.Closeable scope = MetricsEnvironment.scopedMetricsContainer(metrics);
        DocumentSinkWriter<WrittenBatch> writer = write.sink().open()) {
      for (BsonDocument document : documents) {
        writer.write(flattener.flatten(document), document, failed::add);
      }
      return new Written(writer.finish(failed::add), failed, metrics);
    } catch (IOException | ValueRejected e) {
      throw new IllegalStateException(e);
    }
  }

  /** The rows of {@code table} in {@code schema} as text, in key order. */
  static List<String> rows(TestDatabase db, String schema, String table) throws SQLException {
    return Items.query(db, "SELECT t::text FROM " + schema + "." + table + " t ORDER BY 1");
  }

  static long count(TestDatabase db, String schema, String table) throws SQLException {
    return Long.parseLong(Items.query(db, "SELECT count(*) FROM " + schema + "." + table).get(0));
  }

  /**
   * Each document has as many rows in the items table as its items array has elements, and each
   * item as many discount rows as its discounts array.
   */
  static void assertChildCountsMatchArrays(
      TestDatabase db, String schema, List<BsonDocument> documents) throws Exception {
    Map<String, Integer> items = new HashMap<>();
    Map<String, Integer> discounts = new HashMap<>();
    for (BsonDocument d : documents) {
      String id = d.getObjectId("_id").getValue().toHexString();
      List<BsonValue> array = d.getArray("items").getValues();
      items.put(id, array.size());
      for (int i = 0; i < array.size(); i++) {
        discounts.put(id + "/" + i, array.get(i).asDocument().getArray("discounts").size());
      }
    }
    Assertions.assertEquals(
        new TreeMap<>(items).toString(),
        "{"
            + String.join(
                ", ",
                Items.query(
                    db,
                    "SELECT o._id || '=' || count(i._root_id) FROM "
                        + schema
                        + ".orders o LEFT JOIN "
                        + schema
                        + ".orders_items i ON i._root_id = o._id GROUP BY o._id ORDER BY o._id"))
            + "}");
    Assertions.assertEquals(
        new TreeMap<>(discounts).toString(),
        "{"
            + String.join(
                ", ",
                Items.query(
                    db,
                    "SELECT i._root_id || '/' || i._ordinal || '=' || count(d._root_id) FROM "
                        + schema
                        + ".orders_items i LEFT JOIN "
                        + schema
                        + ".orders_items_discounts d"
                        + " ON (d._root_id, d._ordinal_1) = (i._root_id, i._ordinal)"
                        + " GROUP BY i._root_id, i._ordinal ORDER BY i._root_id, i._ordinal"))
            + "}");
  }
}

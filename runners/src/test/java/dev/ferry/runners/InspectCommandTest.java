package dev.ferry.runners;

import static dev.ferry.runners.Cli.ferry;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code ferry inspect} on the shop database, as text and as JSON. */
class InspectCommandTest {

  @TempDir static Path dir;
  private static Path db;

  @BeforeAll
  static void makeShop() throws Exception {
    db = ShopFixture.makeShopDb(dir);
  }

  @Test
  void listsTablesKeysIndexesAndWhatIsNotCopied() {
    Cli.Result inspect = ferry("inspect", "jdbc:sqlite:" + db).exits(ExitCode.OK);

    String out = inspect.out();
    assertEquals("", inspect.err());
    assertTrue(out.startsWith("sqlite source " + db + ": 4 tables, 2 objects not copied\n"), out);
    String customers = section(out, "customers");
    assertTrue(customers.contains("(300 rows, parallel reads split on id)"), customers);
    assertTrue(customers.matches("(?s).*\\n  id +INTEGER +→ bigint +NOT NULL  PK\\n.*"), customers);
    assertTrue(
        customers.matches("(?s).*\\n  country +CHAR\\(2\\) +→ varchar\\(2\\) *\\n.*"), customers);
    assertTrue(customers.contains("  index idx_customers_email (email)"), customers);

    String items = section(out, "order_items");
    assertTrue(items.contains("(3382 rows"), items);
    assertTrue(items.contains("  primary key (order_id, line_no)"), items);
    assertTrue(items.contains("  foreign key (order_id) → orders(id)"), items);
    assertTrue(items.contains("  foreign key (product_id) → products(id)"), items);

    String orders = section(out, "orders");
    assertTrue(orders.contains("  foreign key (customer_id) → customers(id)"), orders);
    assertTrue(orders.contains("  index idx_orders_customer_id (customer_id)"), orders);
    assertTrue(orders.contains("DEFAULT 'EUR'"), orders);

    String products = section(out, "products");
    assertTrue(products.contains("  unique index sqlite_autoindex_products_1 (sku)"), products);
    assertTrue(products.matches("(?s).*\\n  price +DECIMAL\\(10,2\\) +→ decimal\\(10,2\\) .*"));

    String notCopied = out.substring(out.indexOf("\nnot copied (listed only):\n"));
    assertTrue(notCopied.contains("  view order_totals\n"), notCopied);
    assertTrue(notCopied.contains("  trigger orders_set_shipped_at\n"), notCopied);
  }

  @Test
  void printsTheSameInventoryAsJson() throws Exception {
    Cli.Result inspect = ferry("inspect", "--json", db.toString()).exits(ExitCode.OK);

    JsonNode json = new ObjectMapper().readTree(inspect.out());
    assertEquals(db.toString(), json.path("source").asText());
    assertEquals("sqlite", json.path("dialect").asText());
    Map<String, JsonNode> tables = new HashMap<>();
    List<String> names = new ArrayList<>();
    for (JsonNode t : json.path("tables")) {
      names.add(t.path("name").asText());
      tables.put(t.path("name").asText(), t);
    }
    assertEquals(List.of("customers", "order_items", "orders", "products"), names);
    assertEquals(300, tables.get("customers").path("rows").asLong());
    assertEquals(3382, tables.get("order_items").path("rows").asLong());

    JsonNode items = tables.get("order_items");
    assertEquals(List.of("order_id", "line_no"), texts(items.path("primary_key")));
    assertEquals(
        List.of("order_id", "line_no", "product_id", "quantity", "unit_price"),
        texts(items.path("columns"), "name"));
    JsonNode unitPrice = items.path("columns").get(4);
    assertEquals("DECIMAL(10,2)", unitPrice.path("source_type").asText());
    assertEquals("decimal(10,2)", unitPrice.path("type").asText());
    assertEquals(false, unitPrice.path("nullable").asBoolean());

    JsonNode orders = tables.get("orders");
    assertEquals(List.of("id"), texts(orders.path("primary_key")));
    assertEquals(1, orders.path("foreign_keys").size());
    JsonNode fk = orders.path("foreign_keys").get(0);
    assertEquals(List.of("customer_id"), texts(fk.path("columns")));
    assertEquals("customers", fk.path("references").asText());
    assertEquals(List.of("id"), texts(fk.path("referenced_columns")));
    assertEquals(List.of("idx_orders_customer_id"), texts(orders.path("indexes"), "name"));
    assertEquals("'EUR'", orders.path("columns").get(6).path("default").asText());
    assertEquals("timestamp", orders.path("columns").get(3).path("type").asText());

    assertEquals(
        List.of("idx_customers_email"), texts(tables.get("customers").path("indexes"), "name"));
    JsonNode sku = tables.get("products").path("indexes").get(0);
    assertEquals("sqlite_autoindex_products_1", sku.path("name").asText());
    assertTrue(sku.path("unique").asBoolean());
    assertEquals(List.of("sku"), texts(sku.path("columns")));

    Map<String, String> notCopied = new HashMap<>();
    for (JsonNode o : json.path("not_copied")) {
      notCopied.put(
          o.path("kind").asText() + " " + o.path("name").asText(), o.path("definition").asText());
    }
    assertEquals(2, notCopied.size(), notCopied.toString());
    assertTrue(notCopied.get("view order_totals").startsWith("CREATE VIEW order_totals"));
    assertTrue(
        notCopied
            .get("trigger orders_set_shipped_at")
            .startsWith("CREATE TRIGGER orders_set_shipped_at"));

    // The same file named as a jdbc: URL gives the same inventory.
    Cli.Result viaUrl = ferry("inspect", "--json", "jdbc:sqlite:" + db).exits(ExitCode.OK);
    assertEquals(json, new ObjectMapper().readTree(viaUrl.out()));
  }

  private static String section(String text, String table) {
    int start = text.indexOf("\ntable " + table + "  (");
    assertTrue(start >= 0, "table " + table + " in:\n" + text);
    int end = text.indexOf("\n\n", start + 1);
    return text.substring(start, end < 0 ? text.length() : end + 1);
  }

  private static List<String> texts(JsonNode array) {
    List<String> out = new ArrayList<>();
    array.forEach(n -> out.add(n.asText()));
    return out;
  }

  private static List<String> texts(JsonNode array, String field) {
    List<String> out = new ArrayList<>();
    array.forEach(n -> out.add(n.path(field).asText()));
    return out;
  }
}

package dev.ferry.runners;

import static dev.ferry.runners.Cli.ferry;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ferry.schemas.inventory.Inventory;
import dev.ferry.schemas.inventory.Table;
import dev.ferry.schemas.postgres.PostgresDdl;
import dev.ferry.schemas.sql.ReadOptions;
import dev.ferry.schemas.sqlite.SqliteCatalog;
import dev.ferry.testkit.PostgresServer;
import dev.ferry.testkit.TestDatabase;
import dev.ferry.transforms.read.ReadSqliteTable;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * The example shop from SQLite into a real PostgreSQL through {@code ferry run}, in every mode:
 * {@code create} builds the schema, loads, then adds indexes, foreign keys and sequences; the
 * target is compared with the source row by row through the mapping. Re-runs in {@code append},
 * {@code upsert} and {@code replace} converge to the same rows, never duplicating one.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class MigrateSqliteTest {

  private static final List<String> TABLES =
      List.of("customers", "order_items", "orders", "products");

  /** The shop's bad rows this job rejects (no normalize, so only these five). */
  private static final Map<String, Set<List<Object>>> REJECTED =
      Map.of(
          "customers", Set.of(List.of(264L)),
          "orders", Set.of(List.of(777L), List.of(1203L)),
          "order_items", Set.of(List.of(512L, 2L)),
          "products", Set.of(List.of(42L)));

  @TempDir static Path dir;
  static Path db;
  static TestDatabase target;
  static Inventory inventory;

  @BeforeAll
  static void shop() throws Exception {
    db = ShopFixture.makeShopDb(dir);
    target = PostgresServer.shared().createDatabase("shop_migrate");
    inventory = SqliteCatalog.read("jdbc:sqlite:" + db);
  }

  static Path job(String mode) throws Exception {
    Path job = dir.resolve("job-" + mode + ".yaml");
    Files.writeString(
        job,
        """
        name: shop-pg
        source:
          kind: sqlite
          url: jdbc:sqlite:%s
        target:
          kind: postgres
          url: %s
          user: %s
          password: ${PG_PASSWORD}
          schema: Shop Data
          mode: %s
        rules:
          - column: orders.status
            in: [pending, paid, shipped, cancelled]
          - column: order_items.quantity
            range: {min: 1, max: 1000}
          - column: products.price
            range: {min: 0}
        max_rejected: 10
        """
            .formatted(db, target.jdbcUrl(), target.user(), mode),
        StandardCharsets.UTF_8);
    return job;
  }

  static Cli.Result run(String mode, String... extra) throws Exception {
    List<String> args = new ArrayList<>(List.of("run", job(mode).toString()));
    args.addAll(List.of(extra));
    return ferry(Map.of("PG_PASSWORD", target.password()), args.toArray(String[]::new));
  }

  @Test
  @Order(1)
  void createLoadsEveryRowAndBuildsTheSchemaAfter() throws Exception {
    Path report = dir.resolve("create.json");
    Cli.Result r = run("create", "--report", report.toString());
    // Orders 777 and 1203 were rejected, so their items reference nothing: that one foreign key
    // cannot be added. The run says so and exits 1; the rows and every other constraint are in.
    assertEquals(1, r.exit(), r.out() + r.err());
    assertTrue(
        r.out().contains("1 schema statements failed after the load (rows are loaded):"), r.out());
    assertTrue(
        r.out().contains("\"order_items_fk2\" FOREIGN KEY (\"order_id\") REFERENCES"), r.out());
    assertTrue(
        r.out().contains("5 rejected rows are in table Shop Data.ferry_dead_letters"), r.out());
    assertTrue(
        r.out()
            .contains(
                "ferry: not copied (ferry plan lists them): trigger orders_set_shipped_at,"
                    + " view order_totals\n"),
        r.out());
    assertSameAsSource();
    try (Connection c = target.connect();
        Statement s = c.createStatement()) {
      assertEquals(
          List.of("order_items:f", "order_items:p", "orders:f", "orders:p"),
          constraints(s, "order_items", "orders"),
          "primary and foreign keys after the load");
      ResultSet rs =
          s.executeQuery(
              "SELECT table_name, stage, reason FROM \"Shop Data\".ferry_dead_letters"
                  + " ORDER BY table_name, reason");
      List<String> letters = new ArrayList<>();
      while (rs.next()) {
        letters.add(rs.getString(1) + " " + rs.getString(2) + " " + rs.getString(3));
      }
      assertEquals(5, letters.size(), letters.toString());
      assertTrue(letters.get(0).startsWith("customers read full_name: "), letters.toString());
      // The sequence continues past the loaded keys.
      rs = s.executeQuery("SELECT max(id) FROM \"Shop Data\".products");
      rs.next();
      long max = rs.getLong(1);
      rs =
          s.executeQuery(
              "INSERT INTO \"Shop Data\".products (sku, name, price) VALUES ('NEW-1', 'new', 1)"
                  + " RETURNING id");
      rs.next();
      assertEquals(max + 1, rs.getLong(1), "the id sequence starts after the loaded maximum");
      s.execute("DELETE FROM \"Shop Data\".products WHERE id = " + (max + 1));
    }
  }

  @Test
  @Order(2)
  void createRefusesExistingTablesBeforeWritingAnything() throws Exception {
    Cli.Result r = run("create");
    assertEquals(3, r.exit(), r.out() + r.err());
    String line = r.oneLineError();
    assertTrue(line.contains("already has Shop Data.customers"), line);
    assertTrue(line.contains("use mode append, upsert or replace"), line);
    assertSameAsSource();
  }

  @Test
  @Order(3)
  void appendAgainAddsNothing() throws Exception {
    Cli.Result r = run("append");
    assertEquals(0, r.exit(), r.out() + r.err());
    assertSameAsSource();
  }

  @Test
  @Order(4)
  void upsertRestoresChangedAndDeletedRows() throws Exception {
    try (Connection c = target.connect();
        Statement s = c.createStatement()) {
      s.execute("UPDATE \"Shop Data\".orders SET status = 'tampered' WHERE id < 100");
      s.execute("DELETE FROM \"Shop Data\".order_items WHERE order_id > 1000");
    }
    Cli.Result r = run("upsert");
    assertEquals(0, r.exit(), r.out() + r.err());
    assertSameAsSource();
  }

  @Test
  @Order(5)
  void replaceEmptiesThenLoads() throws Exception {
    try (Connection c = target.connect();
        Statement s = c.createStatement()) {
      s.execute(
          "INSERT INTO \"Shop Data\".order_items (order_id, line_no, product_id, quantity,"
              + " unit_price) SELECT order_id, 99, product_id, 1, 1 FROM \"Shop Data\".order_items"
              + " WHERE line_no = 1 LIMIT 5");
    }
    Cli.Result r = run("replace");
    assertEquals(0, r.exit(), r.out() + r.err());
    assertSameAsSource();
  }

  private static void assertSameAsSource() throws Exception {
    List<Table> tables = inventory.tables();
    PostgresDdl ddl = PostgresDdl.of("Shop Data", tables);
    for (String name : TABLES) {
      Table table = inventory.table(name).orElseThrow();
      long compared =
          MigratedRows.assertSameRows(
              ReadSqliteTable.from("jdbc:sqlite:" + db, table)
                  .withZone(ReadOptions.DEFAULT.zone())
                  .rangeReader(),
              target,
              "Shop Data",
              ddl.targetTable(name),
              ddl.columns(name),
              REJECTED.get(name));
      assertTrue(compared > 0, name);
    }
  }

  private static List<String> constraints(Statement s, String... tables) throws Exception {
    ResultSet rs =
        s.executeQuery(
            "SELECT r.relname, c.contype FROM pg_constraint c JOIN pg_class r ON r.oid = c.conrelid"
                + " JOIN pg_namespace n ON n.oid = r.relnamespace WHERE n.nspname = 'Shop Data'"
                + " AND r.relname = ANY('{"
                + String.join(",", tables)
                + "}') AND c.contype IN ('p','f') ORDER BY 1, 2");
    List<String> out = new ArrayList<>();
    while (rs.next()) {
      out.add(rs.getString(1) + ":" + rs.getString(2));
    }
    return out;
  }
}

package dev.ferry.schemas.mysql;

import static java.util.Arrays.asList;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ferry.schemas.Secret;
import dev.ferry.schemas.SourceException;
import dev.ferry.schemas.inventory.Check;
import dev.ferry.schemas.inventory.Column;
import dev.ferry.schemas.inventory.ForeignKey;
import dev.ferry.schemas.inventory.Index;
import dev.ferry.schemas.inventory.Inventory;
import dev.ferry.schemas.inventory.SourceObject;
import dev.ferry.schemas.inventory.Table;
import dev.ferry.schemas.mysql.MysqlFixtures.Rows;
import dev.ferry.schemas.sql.JdbcLogin;
import dev.ferry.schemas.sql.ReadOptions;
import dev.ferry.schemas.types.ColumnType;
import dev.ferry.testkit.MariaDbExtension;
import dev.ferry.testkit.MariaDbServer;
import dev.ferry.testkit.TestDatabase;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.LocalDateTime;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The inventory of {@code mysql/catalog.sql} as MariaDB 11.4's information_schema gives it. */
@ExtendWith(MariaDbExtension.class)
class MysqlCatalogTest {

  private static Inventory inventory;

  @BeforeAll
  static void load(TestDatabase db) throws SQLException {
    MysqlFixtures.load(db, "catalog.sql");
    inventory = MysqlFixtures.inventory(db);
  }

  private static Table table(String name) {
    return inventory.table(name).orElseThrow(() -> new AssertionError("no table " + name));
  }

  private static Column column(
      String name, String sourceType, String type, boolean nullable, String defaultValue) {
    return new Column(name, sourceType, ColumnType.parse(type), nullable, defaultValue);
  }

  @Test
  void listsBaseTablesOnlyInNameOrder(TestDatabase db) {
    assertEquals(
        List.of(
            "MixedCase",
            "Order Details",
            "customers",
            "cycle_a",
            "cycle_b",
            "empty_table",
            "event_log",
            "flags",
            "line_pairs",
            "odd`name",
            "orders",
            "places",
            "references"),
        inventory.tables().stream().map(Table::name).toList());
    assertEquals("mysql", inventory.dialect());
    assertEquals(MysqlFixtures.login(db).displayUrl(), inventory.source());
  }

  @Test
  void readsColumnsWithTypesDefaultsAndAutoIncrement() {
    assertEquals(
        List.of(
            column("id", "int(10) unsigned", "bigint", false, null).withAutoIncrement(true),
            column("email", "varchar(120)", "varchar(120)", false, null),
            // MariaDB prints 'it''s a \\ name'; the inventory holds a standard SQL literal
            column("name", "varchar(80)", "varchar(80)", true, "'it''s a \\ name'"),
            column("status", "enum('active','on hold','it''s')", "text", false, "'active'")
                .withEnumValues(List.of("active", "on hold", "it's")),
            column("created", "datetime", "timestamp_local", false, "CURRENT_TIMESTAMP"),
            // NOT NULL DEFAULT '0000-00-00': zero dates are read as NULL, so NULL must fit
            column("legacy_day", "date", "date", true, null),
            column("score", "decimal(5,2)", "decimal(5,2)", true, "1.50"),
            column("tags", "set('new','vip')", "text", true, "'{\"new\",\"vip\"}'")
                .withPgType("text[]"),
            column("active", "bit(1)", "boolean", false, "1"),
            column("note", "text", "text", true, null)),
        table("customers").columns());
  }

  @Test
  void mariaDbJsonIsJsonAndItsValidityCheckIsLeftOut() {
    Table orders = table("orders");
    assertEquals(column("doc", "longtext", "json", true, null), orders.column("doc").orElseThrow());
    assertEquals(List.of(), orders.checks());
  }

  @Test
  void readsUnsignedBigintKeysAsDecimal() {
    Table orders = table("orders");
    assertEquals(
        column("id", "bigint(20) unsigned", "decimal(20,0)", false, null).withAutoIncrement(true),
        orders.column("id").orElseThrow());
    assertEquals(column("qty", "int(11)", "int", false, "1"), orders.column("qty").orElseThrow());
  }

  @Test
  void readsPrimaryKeysInKeyOrder() {
    assertEquals(List.of("id"), table("customers").primaryKey());
    assertEquals(List.of("order_id", "line"), table("Order Details").primaryKey());
    assertEquals(List.of("second", "col`umn"), table("odd`name").primaryKey());
    assertEquals(List.of(), table("event_log").primaryKey());
    assertEquals(List.of(), table("MixedCase").primaryKey());
  }

  @Test
  void readsUniqueKeysAndIndexesButNotFulltextOrSpatial() {
    assertEquals(
        List.of(
            new Index("customers_email", List.of("email"), true),
            new Index("customers_name_status", List.of("name", "status"), false)),
        table("customers").indexes());
    assertEquals(
        List.of(new Index("MixedCase_CamelId", List.of("CamelId"), true)),
        table("MixedCase").indexes());
    assertEquals(List.of(), table("places").indexes());
    assertEquals(List.of(), table("event_log").indexes());
  }

  @Test
  void readsForeignKeysCompositeSelfReferencingAndCyclic() {
    assertEquals(
        List.of(
            new ForeignKey("orders_customer", List.of("customer_id"), "customers", List.of("id")),
            new ForeignKey("orders_parent", List.of("parent_id"), "orders", List.of("id"))),
        table("orders").foreignKeys());
    assertEquals(
        List.of(
            new ForeignKey(
                "pairs_detail",
                List.of("order_id", "line"),
                "Order Details",
                List.of("order_id", "line"))),
        table("line_pairs").foreignKeys());
    assertEquals(
        List.of(new ForeignKey("a_to_b", List.of("b_id"), "cycle_b", List.of("id"))),
        table("cycle_a").foreignKeys());
    assertEquals(
        List.of(new ForeignKey("b_to_a", List.of("a_id"), "cycle_a", List.of("id"))),
        table("cycle_b").foreignKeys());
  }

  @Test
  void readsCheckConstraints() {
    assertEquals(List.of(new Check("score_positive", "`score` >= 0")), table("customers").checks());
  }

  @Test
  void splitsOnIntegerKeysOnly() {
    assertEquals(Optional.of("id"), table("customers").splitKey());
    assertEquals(Optional.of("id"), table("orders").splitKey(), "bigint unsigned");
    assertEquals(Optional.of("order_id"), table("Order Details").splitKey(), "composite key");
    assertEquals(Optional.of("second"), table("odd`name").splitKey(), "composite key");
    assertEquals(Optional.of("CamelId"), table("MixedCase").splitKey(), "unique NOT NULL key");
    assertEquals(Optional.of("id"), table("empty_table").splitKey());
    assertEquals(Optional.empty(), table("references").splitKey(), "varchar key");
    assertEquals(Optional.empty(), table("flags").splitKey(), "tinyint(1) is a boolean");
    assertEquals(Optional.empty(), table("event_log").splitKey(), "no key");
    assertEquals(Optional.empty(), table("line_pairs").splitKey(), "only a non-unique index");
  }

  @Test
  void estimatesRows() {
    for (Table t : inventory.tables()) {
      assertTrue(t.rowEstimate() >= 0, t.name() + ": " + t.rowEstimate());
    }
  }

  @Test
  void keepsGeometryAsText() {
    assertEquals(
        column("spot", "point", "text", false, null), table("places").column("spot").orElseThrow());
  }

  @Test
  void listsWhatIsNotCopied() {
    assertEquals(
        List.of(
            "event nightly_purge",
            "foreign key action cycle_b.b_to_a",
            "foreign key action orders.orders_customer",
            "fulltext index customers.customers_note",
            "function add_tax",
            "generated column orders.total",
            "procedure purge_log",
            "sequence invoice_numbers",
            "spatial index places.places_spot",
            "trigger orders_qty",
            "view customer_orders"),
        inventory.notCopied().stream().map(o -> o.kind() + " " + o.name()).toList());
    assertEquals(
        new SourceObject("foreign key action", "orders.orders_customer", "ON DELETE CASCADE"),
        inventory.notCopied().get(2));
    assertEquals(
        new SourceObject(
            "trigger",
            "orders_qty",
            "BEFORE INSERT ON `orders` FOR EACH ROW SET NEW.qty = GREATEST(NEW.qty, 1)"),
        inventory.notCopied().get(9));
    assertTrue(inventory.notCopied().get(10).definition().contains("join"));
  }

  @Test
  void generatedColumnsKeepTheirValuesButNotTheirExpression() {
    assertEquals(
        column("total", "decimal(12,2)", "decimal(12,2)", true, null),
        table("orders").column("total").orElseThrow());
    assertEquals(
        new SourceObject(
            "generated column", "orders.total", "AS (`qty` * `price`) STORED GENERATED"),
        inventory.notCopied().get(5));
  }

  @Test
  void readsTablesWhoseNamesNeedQuoting(TestDatabase db) throws SQLException {
    Rows details = MysqlFixtures.read(db, table("Order Details"), ReadOptions.DEFAULT);
    assertEquals(
        List.of(asList(BigDecimal.ONE, (short) 1, "r-1"), asList(BigDecimal.ONE, (short) 2, null)),
        details.rows());
    assertEquals(List.of(), MysqlFixtures.read(db, table("odd`name"), ReadOptions.DEFAULT).rows());
  }

  @Test
  void readsDefaultsFilledInByTheServer(TestDatabase db) throws SQLException {
    Rows customers = MysqlFixtures.read(db, table("customers"), ReadOptions.DEFAULT);
    assertEquals(
        asList(
            1L,
            "ann@example.com",
            "Ann",
            "active",
            LocalDateTime.of(2024, 1, 2, 3, 4, 5),
            null, // DEFAULT '0000-00-00'
            new BigDecimal("10.00"),
            "{\"new\",\"vip\"}",
            true,
            "first"),
        customers.rows().get(0));
    assertEquals(List.of("legacy_day", "legacy_day"), customers.zeroDates());
    Rows orders = MysqlFixtures.read(db, table("orders"), ReadOptions.DEFAULT);
    assertEquals(
        asList(
            BigDecimal.ONE,
            1L,
            null,
            2,
            new BigDecimal("9.99"),
            new BigDecimal("19.98"), // the generated value, copied as data
            "{\"gift\": true}"),
        orders.rows().get(0));
  }

  @Test
  void listsForeignKeysToAnotherDatabaseAsNotCopied() throws SQLException {
    MariaDbServer server = MariaDbServer.shared();
    TestDatabase other = server.createDatabase("mysql_catalog_other");
    TestDatabase db = server.createDatabase("mysql_catalog_cross");
    server.execute(other.name(), "CREATE TABLE countries (code char(2) NOT NULL PRIMARY KEY)");
    server.execute(
        db.name(),
        "CREATE TABLE cities (id int PRIMARY KEY, country char(2),"
            + " CONSTRAINT city_country FOREIGN KEY (country)"
            + " REFERENCES mysql_catalog_other.countries (code))");

    Inventory cross = MysqlFixtures.inventory(db);

    assertEquals(List.of(), cross.table("cities").orElseThrow().foreignKeys());
    assertEquals(
        List.of(
            new SourceObject(
                "foreign key to another database",
                "cities.city_country",
                "(country) REFERENCES mysql_catalog_other.countries (code)")),
        cross.notCopied());
  }

  @Test
  void refusesAUrlWithoutDatabase(TestDatabase db) throws SQLException {
    String url = db.jdbcUrl().replace("/" + db.name() + "?", "/?");
    JdbcLogin login = JdbcLogin.of(url, db.user(), Secret.of(db.password()));
    try (Connection c = login.connect()) {
      SourceException e =
          assertThrows(SourceException.class, () -> MysqlDialect.INSTANCE.inventory(c, login));
      assertEquals(
          "source.url "
              + login.displayUrl()
              + " names no database: add it after the port, as in jdbc:mysql://host:3306/shop",
          e.getMessage());
    }
  }

  @Test
  void refusesADatabaseThatDoesNotExist(TestDatabase db) throws SQLException {
    JdbcLogin missing =
        JdbcLogin.of(
            db.jdbcUrl().replace("/" + db.name() + "?", "/no_such_db?"),
            db.user(),
            Secret.of(db.password()));
    try (Connection c = MysqlFixtures.login(db).connect()) {
      SourceException e =
          assertThrows(SourceException.class, () -> MysqlDialect.INSTANCE.inventory(c, missing));
      assertTrue(
          e.getMessage().startsWith("database 'no_such_db' does not exist on MariaDB 11.4."),
          e.getMessage());
      assertFalse(e.getMessage().contains(db.password()));
    }
  }
}

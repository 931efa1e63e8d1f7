package dev.ferry.schemas.postgres;

import static dev.ferry.schemas.postgres.Shop.col;
import static dev.ferry.schemas.postgres.Shop.table;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ferry.schemas.inventory.ForeignKey;
import dev.ferry.schemas.inventory.Index;
import dev.ferry.schemas.inventory.Table;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class PostgresDdlTest {

  private static final PostgresDdl SHOP = PostgresDdl.of("shop", Shop.tables());

  private static String resource(String name) throws IOException {
    try (InputStream in = PostgresDdlTest.class.getResourceAsStream(name)) {
      if (in == null) {
        throw new IOException("missing test resource " + name);
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  @Test
  void matchesTheGoldenScript() throws IOException {
    assertEquals(resource("/postgres/shop.sql"), SHOP.plan().script());
  }

  @Test
  void planHoldsThePhasesInLoadOrder() {
    DdlPlan plan = SHOP.plan();
    assertEquals("CREATE SCHEMA IF NOT EXISTS \"shop\"", plan.createTables().get(0));
    assertEquals(SHOP.createTables(), plan.createTables());
    assertEquals(SHOP.notes(), plan.notes());
    List<String> after = new ArrayList<>(SHOP.primaryKeys());
    after.addAll(SHOP.uniqueAndIndexes());
    after.addAll(SHOP.foreignKeys());
    after.addAll(SHOP.sequences("customers"));
    after.addAll(SHOP.sequences("categories"));
    assertEquals(after, plan.afterLoad());
    assertTrue(plan.createTables().stream().noneMatch(s -> s.contains("PRIMARY KEY")));
  }

  @Test
  void sequencesOnlyForASingleIntegerKeyDeclaredInteger() {
    assertEquals(
        List.of(
            "CREATE SEQUENCE IF NOT EXISTS \"shop\".\"customers_id_seq\" AS bigint"
                + " OWNED BY \"shop\".\"customers\".\"id\"",
            "ALTER TABLE \"shop\".\"customers\" ALTER COLUMN \"id\""
                + " SET DEFAULT nextval('\"shop\".\"customers_id_seq\"')",
            "SELECT setval('\"shop\".\"customers_id_seq\"', (SELECT greatest(coalesce(max(\"id\"),"
                + " 0) + 1, 1) FROM \"shop\".\"customers\"), false)"),
        SHOP.sequences("customers"));
    assertEquals(List.of(), SHOP.sequences("employees")); // declared INT: no rowid alias
    assertEquals(List.of(), SHOP.sequences("Order Details")); // composite key
    assertEquals(List.of(), SHOP.sequences("order")); // text key
  }

  @Test
  void advancesTheSequenceOfEachColumnTheSourceFillsNeverBack() {
    java.util.function.Function<String, String> advance =
        table ->
            "SELECT setval(s, m) FROM (SELECT pg_get_serial_sequence('\"shop\".\""
                + table
                + "\"', 'id') AS s, max(\"id\") AS m FROM \"shop\".\""
                + table
                + "\") k WHERE s IS NOT NULL AND m > greatest(pg_sequence_last_value(s::regclass), 0)";
    assertEquals(
        List.of(advance.apply("customers"), advance.apply("categories")), SHOP.advanceSequences());
  }

  @Test
  void givesLoadersTheTargetNames() {
    assertEquals("\"shop\".\"Order Details\"", SHOP.table("Order Details"));
    assertEquals(
        List.of(
            "references",
            "OrderDetails",
            "the_date_on_which_this_order_was_first_promised_to_the_e60e4970",
            "Order \"Details\"",
            "created"),
        SHOP.columns("order"));
    assertThrows(IllegalArgumentException.class, () -> SHOP.table("products"));
    assertThrows(IllegalArgumentException.class, () -> SHOP.sequences("products"));
  }

  @Test
  void refusesATableListedTwice() {
    Table t =
        table("t", List.of(col("id", "INT", "int", false, null)), List.of(), List.of(), List.of());
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> PostgresDdl.of("s", List.of(t, t)));
    assertTrue(e.getMessage().contains("listed twice"));
  }

  @Test
  void namesItChoosesGiveWayToSourceNames() {
    Table orders =
        table(
            "orders",
            List.of(col("id", "INTEGER", "bigint", false, null)),
            List.of("id"),
            List.of(),
            List.of());
    Table taken =
        table(
            "orders_pkey",
            List.of(col("v", "TEXT", "text", true, null)),
            List.of(),
            List.of(),
            List.of(new Index("orders_id_seq", List.of("v"), false)));
    PostgresDdl ddl = PostgresDdl.of("s", List.of(orders, taken));
    assertEquals(
        List.of(
            "ALTER TABLE \"s\".\"orders\" ADD CONSTRAINT \"orders_pkey_2\" PRIMARY KEY (\"id\")"),
        ddl.primaryKeys());
    assertEquals(
        List.of("CREATE INDEX \"orders_id_seq\" ON \"s\".\"orders_pkey\" (\"v\")"),
        ddl.uniqueAndIndexes());
    assertTrue(ddl.sequences("orders").get(0).contains("\"s\".\"orders_id_seq_2\""));
    assertEquals(List.of(), ddl.notes()); // only source names are reported
  }

  @Test
  void fitsAndQuotesTheSchemaName() {
    String schema = "Shop \"EU\" " + "x".repeat(60);
    PostgresDdl ddl = PostgresDdl.of(schema, List.of());
    String fitted = PostgresNames.fit(schema);
    assertEquals(
        List.of("CREATE SCHEMA IF NOT EXISTS \"" + fitted.replace("\"", "\"\"") + "\""),
        ddl.createTables());
    assertEquals(1, ddl.notes().size());
    assertTrue(ddl.notes().get(0).startsWith("renamed schema"));
  }

  @Test
  void foreignKeysNeedAUniqueTargetAndComparableTypes() {
    Table parent =
        table(
            "parent",
            List.of(
                col("id", "INT", "bigint", false, null),
                col("code", "TEXT", "varchar(10)", false, null),
                col("label", "TEXT", "text", true, null)),
            List.of("id"),
            List.of(),
            List.of(new Index("parent_code_key", List.of("code"), true)));
    Table child =
        table(
            "child",
            List.of(
                col("parent_id", "INT", "int", true, null),
                col("parent_code", "TEXT", "text", true, null),
                col("parent_label", "TEXT", "text", true, null),
                col("wrong_type", "TEXT", "text", true, null)),
            List.of(),
            List.of(
                new ForeignKey("by_id", List.of("parent_id"), "parent", List.of("id")),
                new ForeignKey("by_code", List.of("parent_code"), "parent", List.of("code")),
                new ForeignKey("by_label", List.of("parent_label"), "parent", List.of("label")),
                new ForeignKey("by_text", List.of("wrong_type"), "parent", List.of("id")),
                new ForeignKey("by_nothing", List.of("missing"), "parent", List.of("id"))),
            List.of());
    PostgresDdl ddl = PostgresDdl.of("s", List.of(child, parent));
    assertEquals(2, ddl.foreignKeys().size());
    assertTrue(ddl.foreignKeys().get(0).contains("\"by_id\" FOREIGN KEY (\"parent_id\")"));
    assertTrue(ddl.foreignKeys().get(1).contains("REFERENCES \"s\".\"parent\" (\"code\")"));
    assertEquals(
        List.of(
            "skipped foreign key \"by_label\" of table \"child\": PostgreSQL needs a primary key or"
                + " unique index on \"parent\" (\"label\")",
            "skipped foreign key \"by_text\" of table \"child\": \"child\".\"wrong_type\" is text"
                + " but \"parent\".\"id\" is bigint",
            "skipped foreign key \"by_nothing\" of table \"child\": no column \"child\".\"missing\""),
        ddl.notes());
  }

  @Test
  void aForeignKeyKeepsTheNameOfTheIndexMysqlMadeForIt() {
    // InnoDB indexes a foreign key's columns under the constraint's name; PostgreSQL keeps foreign
    // keys beside relations, so both keep the name. Only the table's constraints compete.
    Table parent =
        table(
            "parent",
            List.of(col("id", "INT", "bigint", false, null)),
            List.of("id"),
            List.of(),
            List.of());
    Table child =
        table(
            "child",
            List.of(
                col("id", "INT", "bigint", false, null),
                col("parent_id", "INT", "bigint", true, null),
                col("other_id", "INT", "bigint", true, null)),
            List.of("id"),
            List.of(
                new ForeignKey("child_parent", List.of("parent_id"), "parent", List.of("id")),
                new ForeignKey("child_pkey", List.of("other_id"), "parent", List.of("id"))),
            List.of(new Index("child_parent", List.of("parent_id"), false)));
    PostgresDdl ddl = PostgresDdl.of("s", List.of(parent, child));
    assertEquals(
        List.of("CREATE INDEX \"child_parent\" ON \"s\".\"child\" (\"parent_id\")"),
        ddl.uniqueAndIndexes());
    assertEquals(2, ddl.foreignKeys().size());
    assertTrue(
        ddl.foreignKeys().get(0).contains("\"child_parent\" FOREIGN KEY (\"parent_id\")"),
        ddl.foreignKeys().get(0));
    // The primary key's name is a constraint's name on the same table: that one must change.
    assertTrue(
        ddl.foreignKeys().get(1).contains("\"child_pkey_2\" FOREIGN KEY (\"other_id\")"),
        ddl.foreignKeys().get(1));
    assertEquals(
        List.of(
            "renamed foreign key \"child_pkey\" of table \"child\" to \"child_pkey_2\": the name"
                + " is taken in the same namespace"),
        ddl.notes());
  }

  @Test
  void scriptKeepsLineBreaksInNamesInsideComments() {
    Table t =
        table(
            "t",
            List.of(col("a\nDROP TABLE x; --", "TEXT", "text", true, "random()")),
            List.of(),
            List.of(),
            List.of());
    String script = PostgresDdl.of("s", List.of(t)).plan().script();
    String notes = script.substring(script.indexOf("-- notes"));
    assertTrue(notes.lines().allMatch(l -> l.startsWith("--")), notes);
  }

  @Test
  void truncatesEveryTableInOneStatement() {
    assertEquals(
        "TRUNCATE TABLE \"shop\".\"customers\", \"shop\".\"Order Details\", \"shop\".\"categories\","
            + " \"shop\".\"employees\", \"shop\".\"departments\", \"shop\".\"order\"",
        SHOP.truncateAll());
    assertThrows(IllegalStateException.class, () -> PostgresDdl.of("s", List.of()).truncateAll());
  }

  @Test
  void loadsParentsBeforeChildrenAndCyclesTogether() {
    assertEquals(
        List.of(
            List.of("customers", "categories", "employees", "departments", "order"),
            List.of("Order Details")),
        SHOP.loadOrder());
  }

  @Test
  void namesTheKeyColumnsInTheTarget() {
    assertEquals(List.of("order_id", "line"), SHOP.keyColumns("Order Details"));
    assertEquals(List.of("references"), SHOP.keyColumns("order"));
    assertEquals("shop", SHOP.targetSchema());
    assertEquals("Order Details", SHOP.targetTable("Order Details"));
    Table t =
        table(
            "t",
            List.of(
                col("id", "INT", "int", false, null),
                col(Shop.LONG_COLUMN, "TEXT", "text", false, null)),
            List.of(Shop.LONG_COLUMN),
            List.of(),
            List.of());
    assertEquals(
        List.of("the_date_on_which_this_order_was_first_promised_to_the_e60e4970"),
        PostgresDdl.of("s", List.of(t)).keyColumns("t"));
    Table noKey =
        table("k", List.of(col("v", "TEXT", "text", true, null)), List.of(), List.of(), List.of());
    assertEquals(List.of(), PostgresDdl.of("s", List.of(noKey)).keyColumns("k"));
  }

  @Test
  void conflictKeyIsThePrimaryKeyOrANamedUniqueIndex() {
    assertEquals(List.of("id"), SHOP.conflictKey("customers", Optional.empty()));
    assertEquals(
        List.of("email"), SHOP.conflictKey("customers", Optional.of("customers_email_key")));
    IllegalArgumentException notUnique =
        assertThrows(
            IllegalArgumentException.class,
            () -> SHOP.conflictKey("customers", Optional.of("by_created")));
    assertEquals(
        "table \"customers\" has no unique index \"by_created\" to upsert on (its unique indexes:"
            + " \"customers_email_key\")",
        notUnique.getMessage());
    Table noKey =
        table(
            "log",
            List.of(col("at", "TEXT", "text", true, null), col("code", "TEXT", "text", true, null)),
            List.of(),
            List.of(),
            List.of(new Index("log_code", List.of("code"), true)));
    Table nothing =
        table(
            "bare", List.of(col("v", "TEXT", "text", true, null)), List.of(), List.of(), List.of());
    PostgresDdl ddl = PostgresDdl.of("s", List.of(noKey, nothing));
    assertEquals(List.of("code"), ddl.conflictKey("log", Optional.of("log_code")));
    assertEquals(
        "table \"log\" has no primary key to upsert on: name a unique index as its key (its unique"
            + " indexes: \"log_code\")",
        assertThrows(IllegalArgumentException.class, () -> ddl.conflictKey("log", Optional.empty()))
            .getMessage());
    assertEquals(
        "table \"bare\" has no primary key to upsert on: name a unique index as its key (it has no"
            + " unique index either)",
        assertThrows(
                IllegalArgumentException.class, () -> ddl.conflictKey("bare", Optional.empty()))
            .getMessage());
    assertThrows(
        IllegalArgumentException.class, () -> ddl.conflictKey("missing", Optional.empty()));
  }

  @Test
  void conflictKeyFindsARenamedIndexByEitherName() {
    String longIndex = "x".repeat(70);
    Table t =
        table(
            "t",
            List.of(col("a", "TEXT", "text", true, null), col("b", "TEXT", "text", true, null)),
            List.of(),
            List.of(),
            List.of(new Index(longIndex, List.of("b", "a"), true)));
    PostgresDdl ddl = PostgresDdl.of("s", List.of(t));
    assertEquals(List.of("b", "a"), ddl.conflictKey("t", Optional.of(longIndex)));
    assertEquals(
        List.of("b", "a"), ddl.conflictKey("t", Optional.of(PostgresNames.fit(longIndex))));
  }
}

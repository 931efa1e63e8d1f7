package dev.ferry.schemas.pgsource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ferry.schemas.SourceException;
import dev.ferry.schemas.inventory.Check;
import dev.ferry.schemas.inventory.ForeignKey;
import dev.ferry.schemas.inventory.Index;
import dev.ferry.schemas.inventory.Inventory;
import dev.ferry.schemas.inventory.SourceObject;
import dev.ferry.schemas.inventory.Table;
import dev.ferry.schemas.inventory.UserType;
import dev.ferry.schemas.sql.JdbcLogin;
import dev.ferry.testkit.PostgresExtension;
import dev.ferry.testkit.TestDatabase;
import java.sql.Connection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The inventory of {@code pgsource/catalog.sql} as read from a real PostgreSQL 17. */
@ExtendWith(PostgresExtension.class)
class PostgresCatalogTest {

  private static TestDatabase database;
  private static Inventory inventory;

  @BeforeAll
  static void load(TestDatabase db) throws Exception {
    database = db;
    Fixtures.load(db, "catalog");
    inventory = Fixtures.inventory(Fixtures.login(db));
  }

  private static Table table(String name) {
    return inventory.table(name).orElseThrow(() -> new AssertionError("no table " + name));
  }

  @Test
  void listsTheTablesOfThePublicSchemaByTheirOwnNames() {
    assertEquals("postgres", inventory.dialect());
    assertEquals(database.jdbcUrl(), inventory.source());
    assertEquals(
        List.of(
            "MixedCase",
            "Order Details",
            "a_table_name_of_exactly_sixty_three_bytes_for_the_limit_test_63",
            "audit_log_lines",
            "bookings",
            "chicken",
            "codes",
            "customers",
            "egg",
            "employees",
            "empty_table",
            "every_type",
            "log_lines",
            "measurements",
            "order_lines",
            "orders",
            "references",
            "shipments",
            "stores",
            "with\"quote"),
        inventory.tables().stream().map(Table::name).toList());
    assertEquals(
        "Id integer → int not null\nsay \"hi\" text → text", Fixtures.columns(table("MixedCase")));
    assertEquals(
        "Line Id integer → int not null\nMixedCase text → text",
        Fixtures.columns(table("Order Details")));
  }

  @Test
  void mapsEveryTypeFamily() {
    assertEquals(
        String.join(
            "\n",
            "id integer → int not null",
            "c_bool boolean → boolean",
            "c_int2 smallint → smallint",
            "c_int4 integer → int",
            "c_int8 bigint → bigint",
            "c_real real → real",
            "c_double double precision → double",
            "c_num numeric(38,10) → decimal(38,10)",
            "c_num_free numeric → text keep numeric",
            "c_num_wide numeric(50,10) → text keep numeric(50,10)",
            "c_text text → text",
            "c_varchar character varying(10) → varchar(10)",
            "c_varchar_free character varying → text keep character varying",
            "c_char character(5) → varchar(5) keep character(5)",
            "c_bytea bytea → bytes",
            "c_uuid uuid → uuid",
            "c_json json → json keep json",
            "c_jsonb jsonb → json",
            "c_date date → date",
            "c_time time without time zone → time keep time without time zone",
            "c_time3 time(3) without time zone → time keep time(3) without time zone",
            "c_timetz time with time zone → text keep time with time zone",
            "c_ts timestamp without time zone → timestamp_local",
            "c_ts3 timestamp(3) without time zone → timestamp_local"
                + " keep timestamp(3) without time zone",
            "c_tstz timestamp with time zone → timestamp",
            "c_interval interval → text keep interval",
            "c_inet inet → text keep inet",
            "c_cidr cidr → text keep cidr",
            "c_macaddr macaddr → text keep macaddr",
            "c_money money → text keep money",
            "c_mood mood → text keep mood labels [sad, ok, happy]",
            "c_moods mood[] → text keep mood[]",
            "c_light \"Traffic Light\" → text keep \"Traffic Light\" labels [red, amber, green]",
            "c_price price → decimal(10,2) keep price",
            "c_small small_positive → int keep small_positive",
            "c_ints integer[] → text keep integer[]",
            "c_grid integer[] → text keep integer[]",
            "c_texts text[] → text keep text[]",
            "c_xml xml → text keep xml",
            "c_tsv tsvector → text keep tsvector",
            "c_varbit bit varying(8) → text keep bit varying(8)",
            "c_bit bit(3) → text keep bit(3)",
            "c_range int4range → text keep int4range",
            "c_point point → text keep point",
            "c_citext citext → text keep citext",
            "c_hstore hstore → text keep hstore",
            "c_address address → text keep address"),
        Fixtures.columns(table("every_type")));
  }

  @Test
  void marksIdentityAndSerialColumnsAutoIncremented() {
    assertEquals(
        String.join(
            "\n",
            "id bigint → bigint not null auto",
            "email citext → text keep citext not null",
            "name text → text not null default 'anonymous'::text",
            "name_length integer → int",
            "created timestamp with time zone → timestamp not null default now()"),
        Fixtures.columns(table("customers")));
    assertEquals(
        String.join(
            "\n",
            "id bigint → bigint not null default nextval('employees_id_seq'::regclass) auto",
            "manager_id bigint → bigint",
            "badge integer → int not null auto"),
        Fixtures.columns(table("employees")));
    assertEquals(
        String.join(
            "\n",
            "id integer → int not null default nextval('orders_id_seq'::regclass) auto",
            "customer_id bigint → bigint not null",
            "status mood → text keep mood not null default 'ok'::mood labels [sad, ok, happy]",
            "total price → decimal(10,2) keep price",
            "note text → text"),
        Fixtures.columns(table("orders")));
  }

  @Test
  void readsPrimaryKeysInKeyOrder() {
    assertEquals(List.of("order_id", "line_no"), table("order_lines").primaryKey());
    assertEquals(List.of("id", "taken"), table("measurements").primaryKey());
    assertEquals(List.of("select"), table("references").primaryKey());
    assertEquals(List.of(), table("log_lines").primaryKey());
  }

  @Test
  void readsForeignKeysCompositeSelfReferencingAndCyclic() {
    assertEquals(
        List.of(
            new ForeignKey(
                "shipments_line",
                List.of("line_no", "order_id"),
                "order_lines",
                List.of("line_no", "order_id"))),
        table("shipments").foreignKeys());
    assertEquals(
        List.of(new ForeignKey("order_lines_order", List.of("order_id"), "orders", List.of("id"))),
        table("order_lines").foreignKeys());
    assertEquals(
        List.of(
            new ForeignKey(
                "employees_manager_id_fkey", List.of("manager_id"), "employees", List.of("id"))),
        table("employees").foreignKeys());
    assertEquals(
        List.of(new ForeignKey("chicken_egg", List.of("egg_id"), "egg", List.of("id"))),
        table("chicken").foreignKeys());
    assertEquals(
        List.of(
            new ForeignKey("egg_chicken_id_fkey", List.of("chicken_id"), "chicken", List.of("id"))),
        table("egg").foreignKeys());
    assertEquals(List.of(), table("stores").foreignKeys(), "other.regions is not copied");
  }

  @Test
  void readsPlainIndexesAndUniqueConstraints() {
    assertEquals(
        List.of(
            new Index("customers_created", List.of("created"), false),
            new Index("customers_email_key", List.of("email"), true)),
        table("customers").indexes());
    assertEquals(
        List.of(new Index("orders_customer_status", List.of("customer_id", "status"), false)),
        table("orders").indexes());
    assertEquals(
        List.of(
            new Index("codes_alt", List.of("alt"), true),
            new Index("codes_seq", List.of("seq"), true)),
        table("codes").indexes());
    assertEquals(List.of(), table("order_lines").indexes(), "the primary key is no index");
  }

  @Test
  void readsCheckConstraintsAsConditions() {
    assertEquals(
        List.of(new Check("name_not_blank", "(name <> ''::text)")), table("customers").checks());
    assertEquals(
        List.of(new Check("order_lines_quantity_check", "(quantity > 0)")),
        table("order_lines").checks());
  }

  @Test
  void choosesSplitKeysFromIntegerKeys() {
    Map<String, Optional<String>> split = new LinkedHashMap<>();
    for (String name :
        List.of(
            "customers",
            "orders",
            "order_lines",
            "measurements",
            "codes",
            "log_lines",
            "shipments",
            "bookings",
            "references")) {
      split.put(name, table(name).splitKey());
    }
    assertEquals(
        Map.of(
            "customers", Optional.of("id"),
            "orders", Optional.of("id"),
            "order_lines", Optional.of("order_id"),
            "measurements", Optional.of("id"),
            "codes", Optional.of("seq"),
            "log_lines", Optional.empty(),
            "shipments", Optional.empty(),
            "bookings", Optional.empty(),
            "references", Optional.of("select")),
        split);
  }

  @Test
  void estimatesRowsFromStatisticsOrSaysUnknown() {
    assertEquals(2, table("customers").rowEstimate());
    assertEquals(3, table("measurements").rowEstimate(), "the sum over its partitions");
    assertEquals(-1, table("orders").rowEstimate(), "never analyzed");
    assertEquals(-1, table("empty_table").rowEstimate());
  }

  @Test
  void listsTheEnumsAndDomainsTheColumnsUseBaseTypesFirst() {
    assertEquals(
        List.of(
            UserType.enumType("mood", List.of("sad", "ok", "happy")),
            UserType.enumType("Traffic Light", List.of("red", "amber", "green")),
            new UserType(
                "price",
                UserType.Kind.DOMAIN,
                List.of(),
                "numeric(10,2)",
                false,
                null,
                List.of("CHECK ((VALUE >= (0)::numeric))")),
            new UserType(
                "positive_int",
                UserType.Kind.DOMAIN,
                List.of(),
                "integer",
                true,
                "1",
                List.of("CHECK ((VALUE > 0))")),
            new UserType(
                "small_positive",
                UserType.Kind.DOMAIN,
                List.of(),
                "positive_int",
                false,
                "1",
                List.of("CHECK (((VALUE)::integer < 100))"))),
        inventory.types());
  }

  @Test
  void listsWhatItDoesNotCopyWithDefinitions() {
    List<String> listed =
        inventory.notCopied().stream().map(o -> o.kind() + " " + o.name()).toList();
    assertEquals(
        List.of(
            "type address",
            "generated column customers.name_length",
            "constraint bookings.bookings_during_excl",
            "foreign key stores.stores_region_id_fkey",
            "index customers_lower_email",
            "index customers_name_desc",
            "index customers_recent",
            "index orders_note_search",
            "view big_orders",
            "materialized view order_counts",
            "partition measurements_2024",
            "partition measurements_2025",
            "inheritance audit_log_lines",
            "procedure archive_orders()",
            "function order_total(o integer)",
            "function touch()",
            "trigger orders.orders_touch",
            "sequence invoice_numbers",
            "extension citext",
            "extension hstore"),
        listed);
    assertEquals(
        "GENERATED ALWAYS AS (length(name)) STORED: its values are copied into a plain column",
        definition("generated column"));
    assertEquals(
        "PARTITION OF measurements FOR VALUES FROM ('2024-01-01') TO ('2025-01-01'):"
            + " rows are read through measurements",
        definition("partition"));
    assertEquals(
        "CREATE TRIGGER orders_touch BEFORE INSERT ON orders FOR EACH ROW EXECUTE FUNCTION"
            + " touch()",
        definition("trigger"));
    assertEquals(
        "CREATE SEQUENCE invoice_numbers AS bigint INCREMENT BY 1 MINVALUE 1"
            + " MAXVALUE 9223372036854775807 START WITH 1000 CACHE 1",
        definition("sequence"));
    assertEquals(
        "INHERITS log_lines: a read of log_lines also returns the rows of audit_log_lines,"
            + " which is copied as a table of its own",
        definition("inheritance"));
    assertTrue(definition("index").endsWith("USING btree (lower((email)::text))"));
    assertTrue(definition("view").contains("WHERE total::numeric > 100::numeric"));
    assertTrue(definition("function").contains("RETURNS numeric"));
    assertTrue(definition("foreign key").endsWith("REFERENCES other.regions(id)"));
  }

  private static String definition(String kind) {
    return inventory.notCopied().stream()
        .filter(o -> o.kind().equals(kind))
        .map(SourceObject::definition)
        .findFirst()
        .orElseThrow();
  }

  @Test
  void readsTheSchemaNamedByCurrentSchema() throws Exception {
    Inventory other =
        Fixtures.inventory(Fixtures.login(database, database.jdbcUrl() + "?currentSchema=other"));
    assertEquals(List.of("regions"), other.tables().stream().map(Table::name).toList());
    assertEquals(List.of("id"), other.tables().get(0).primaryKey());
    assertEquals(
        "other",
        PostgresCatalog.schema("jdbc:postgresql://h/db?ssl=false&currentSchema=other,public"));
    assertEquals("public", PostgresCatalog.schema("jdbc:postgresql://h/db"));
    assertEquals(
        "My Schema", PostgresCatalog.schema("jdbc:postgresql://h/db?currentSchema=My%20Schema"));
  }

  @Test
  void namesAMissingSchemaAndWhatToDo() {
    JdbcLogin login = Fixtures.login(database, database.jdbcUrl() + "?currentSchema=nowhere");
    SourceException e = assertThrows(SourceException.class, () -> Fixtures.inventory(login));
    assertEquals(
        "schema \"nowhere\" does not exist in PostgreSQL database "
            + login.location()
            + ": name an existing schema with ?currentSchema=NAME in the source URL",
        e.getMessage());
  }

  @Test
  void handsTheConnectionBackAsItCame() throws Exception {
    JdbcLogin login = Fixtures.login(database);
    try (Connection c = login.connect()) {
      PostgresSourceDialect.INSTANCE.inventory(c, login);
      assertTrue(c.getAutoCommit());
      assertFalse(c.isReadOnly());
      assertEquals(Connection.TRANSACTION_READ_COMMITTED, c.getTransactionIsolation());
      try (var s = c.createStatement();
          var rs = s.executeQuery("SHOW search_path")) {
        rs.next();
        assertEquals("\"$user\", public", rs.getString(1));
      }
    }
  }
}

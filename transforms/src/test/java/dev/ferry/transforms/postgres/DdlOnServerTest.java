package dev.ferry.transforms.postgres;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ferry.schemas.inventory.Column;
import dev.ferry.schemas.inventory.ForeignKey;
import dev.ferry.schemas.inventory.Index;
import dev.ferry.schemas.inventory.Table;
import dev.ferry.schemas.postgres.DdlPlan;
import dev.ferry.schemas.postgres.PostgresDdl;
import dev.ferry.schemas.sqlite.SqliteCatalog;
import dev.ferry.schemas.types.ColumnType;
import dev.ferry.testkit.PostgresExtension;
import dev.ferry.testkit.TestDatabase;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs {@link PostgresDdl}'s statements on a real PostgreSQL 17 in load order (tables, rows, keys,
 * indexes, foreign keys, sequences) and reads back from the catalog what PostgreSQL made of them.
 */
@ExtendWith(PostgresExtension.class)
class DdlOnServerTest {

  private static final String LONG_COLUMN =
      "the_date_on_which_this_order_was_first_promised_to_the_customer_origin";

  /** Logical type → what {@code format_type} prints for the column planned in that type. */
  private static final Map<String, String> TYPES = new LinkedHashMap<>();

  static {
    TYPES.put("boolean", "boolean");
    TYPES.put("smallint", "smallint");
    TYPES.put("int", "integer");
    TYPES.put("bigint", "bigint");
    TYPES.put("real", "real");
    TYPES.put("double", "double precision");
    TYPES.put("decimal(10,2)", "numeric(10,2)");
    TYPES.put("text", "text");
    TYPES.put("varchar(40)", "character varying(40)");
    TYPES.put("json", "jsonb");
    TYPES.put("uuid", "uuid");
    TYPES.put("bytes", "bytea");
    TYPES.put("date", "date");
    TYPES.put("time", "time(6) without time zone");
    TYPES.put("timestamp", "timestamp with time zone");
    TYPES.put("timestamp_local", "timestamp without time zone");
  }

  private static Column col(String name, String source, String type, boolean nullable, String def) {
    return new Column(name, source, ColumnType.parse(type), nullable, def);
  }

  private static Table table(
      String name, List<Column> columns, List<String> key, List<ForeignKey> fks, List<Index> idx) {
    return new Table(name, columns, key, fks, idx, -1, Optional.empty());
  }

  private static List<Table> tables() {
    List<Column> every = new ArrayList<>();
    TYPES
        .keySet()
        .forEach(
            t -> every.add(col("c_" + t.replaceAll("\\W", "_"), "", t, !t.equals("uuid"), null)));
    return List.of(
        table("all_types", every, List.of(), List.of(), List.of()),
        table(
            "customers",
            List.of(
                col("id", "INTEGER", "bigint", false, null),
                col("email", "VARCHAR(120)", "varchar(120)", false, null),
                col("name", "TEXT", "text", false, "'anonymous'"),
                col("created", "DATETIME", "timestamp", true, "CURRENT_TIMESTAMP"),
                col("created_text", "TEXT", "text", true, "CURRENT_TIMESTAMP"),
                col("updated", "DATETIME", "timestamp", true, "(datetime('now'))")),
            List.of("id"),
            List.of(),
            List.of(
                new Index("customers_email_key", List.of("email"), true),
                new Index("by_created", List.of("created"), false),
                new Index("by_lower_email", List.of("<expression>"), false))),
        table(
            "Order Details",
            List.of(
                col("order_id", "INTEGER", "bigint", false, null),
                col("line", "INTEGER", "bigint", false, null),
                col("customer_id", "INTEGER", "bigint", true, null),
                col("quantity", "INT", "int", false, "1")),
            List.of("order_id", "line"),
            List.of(
                new ForeignKey(
                    "lines_customer", List.of("customer_id"), "customers", List.of("id"))),
            List.of()),
        table(
            "categories",
            List.of(
                col("id", "INTEGER", "bigint", false, null),
                col("parent_id", "INTEGER", "bigint", true, null)),
            List.of("id"),
            List.of(
                new ForeignKey(
                    "categories_parent", List.of("parent_id"), "categories", List.of("id"))),
            List.of()),
        table(
            "employees",
            List.of(
                col("id", "INT", "bigint", false, null),
                col("department_id", "INT", "bigint", true, null)),
            List.of("id"),
            List.of(
                new ForeignKey(
                    "employee_department", List.of("department_id"), "departments", List.of("id"))),
            List.of()),
        table(
            "departments",
            List.of(
                col("id", "INT", "bigint", false, null),
                col("manager_id", "INT", "bigint", true, null)),
            List.of("id"),
            List.of(
                new ForeignKey(
                    "department_manager", List.of("manager_id"), "employees", List.of("id"))),
            List.of()),
        table(
            "order",
            List.of(
                col("references", "TEXT", "text", false, null),
                col("OrderDetails", "JSON", "json", true, null),
                col(LONG_COLUMN, "DATE", "date", true, "'2024-01-31'"),
                col("Order \"Details\"", "BOOLEAN", "boolean", false, "0"),
                col("created", "DATETIME", "timestamp", true, null)),
            List.of("references"),
            List.of(),
            List.of(new Index("by_created", List.of("created"), false))));
  }

  private static void run(Connection c, List<String> statements) throws SQLException {
    try (Statement s = c.createStatement()) {
      for (String sql : statements) {
        s.execute(sql);
      }
    }
  }

  private static List<List<String>> query(Connection c, String sql) throws SQLException {
    List<List<String>> rows = new ArrayList<>();
    try (Statement s = c.createStatement();
        ResultSet rs = s.executeQuery(sql)) {
      int n = rs.getMetaData().getColumnCount();
      while (rs.next()) {
        List<String> row = new ArrayList<>();
        for (int i = 1; i <= n; i++) {
          row.add(rs.getString(i));
        }
        rows.add(row);
      }
    }
    return rows;
  }

  private static String one(Connection c, String sql) throws SQLException {
    List<List<String>> rows = query(c, sql);
    assertEquals(1, rows.size(), sql);
    return rows.get(0).get(0);
  }

  @Test
  void ddlRunsInLoadOrderAndMakesWhatWasPlanned(TestDatabase db) throws SQLException {
    PostgresDdl ddl = PostgresDdl.of("shop", tables());
    try (Connection c = db.connect()) {
      run(c, ddl.createTables());
      // No key is checked yet: children before parents, an employee before her department.
      run(
          c,
          List.of(
              "INSERT INTO shop.customers (id, email) VALUES (1, 'a@x'), (2, 'b@x'), (5, 'c@x')",
              "INSERT INTO shop.\"Order Details\" (order_id, line, customer_id)"
                  + " VALUES (1, 1, 5), (1, 2, 2), (2, 1, NULL)",
              "INSERT INTO shop.categories VALUES (2, 1), (1, NULL), (3, 3)",
              "INSERT INTO shop.employees VALUES (7, 10)",
              "INSERT INTO shop.departments VALUES (10, 7)",
              "INSERT INTO shop.\"order\" (\"references\") VALUES ('r-1')"));
      run(c, ddl.primaryKeys());
      run(c, ddl.uniqueAndIndexes());
      run(c, ddl.foreignKeys());
      for (String t : List.of("customers", "Order Details", "categories", "order")) {
        run(c, ddl.sequences(t));
      }

      // Every logical type became the planned PostgreSQL type, with NOT NULL where planned.
      List<List<String>> columns =
          query(
              c,
              "SELECT attname, format_type(atttypid, atttypmod), attnotnull FROM pg_attribute"
                  + " WHERE attrelid = 'shop.all_types'::regclass AND attnum > 0"
                  + " AND NOT attisdropped ORDER BY attnum");
      List<List<String>> expected = new ArrayList<>();
      TYPES.forEach(
          (logical, pg) ->
              expected.add(
                  List.of(
                      "c_" + logical.replaceAll("\\W", "_"),
                      pg,
                      logical.equals("uuid") ? "t" : "f")));
      assertEquals(expected, columns);
      assertEquals(
          List.of(
              List.of("id", "t", "nextval('shop.customers_id_seq'::regclass)"),
              Arrays.asList("email", "t", null),
              List.of("name", "t", "'anonymous'::text"),
              List.of("created", "f", "CURRENT_TIMESTAMP"),
              List.of(
                  "created_text",
                  "f",
                  "to_char((CURRENT_TIMESTAMP AT TIME ZONE 'UTC'::text),"
                      + " 'YYYY-MM-DD HH24:MI:SS'::text)"),
              Arrays.asList("updated", "f", null)),
          query(
              c,
              "SELECT a.attname, a.attnotnull, pg_get_expr(d.adbin, d.adrelid) FROM pg_attribute a"
                  + " LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum"
                  + " WHERE a.attrelid = 'shop.customers'::regclass AND a.attnum > 0"
                  + " AND NOT a.attisdropped ORDER BY a.attnum"));

      // Names: reserved words, mixed case, quotes and a 63-byte cut column as PostgreSQL sees them.
      assertEquals(
          List.of(
              List.of("references", "text", "t"),
              List.of("OrderDetails", "jsonb", "f"),
              List.of(
                  "the_date_on_which_this_order_was_first_promised_to_the_e60e4970", "date", "f"),
              List.of("Order \"Details\"", "boolean", "t"),
              List.of("created", "timestamp with time zone", "f")),
          query(
              c,
              "SELECT attname, format_type(atttypid, atttypmod), attnotnull FROM pg_attribute"
                  + " WHERE attrelid = 'shop.\"order\"'::regclass AND attnum > 0"
                  + " AND NOT attisdropped ORDER BY attnum"));
      assertEquals(
          List.of(List.of("2024-01-31", "f")),
          query(
              c,
              "SELECT \"the_date_on_which_this_order_was_first_promised_to_the_e60e4970\","
                  + " \"Order \"\"Details\"\"\" FROM shop.\"order\""));

      // Primary keys, unique and plain indexes, foreign keys.
      assertEquals(
          Set.of(
              "Order Details_pkey PRIMARY KEY (order_id, line)",
              "categories_pkey PRIMARY KEY (id)",
              "customers_pkey PRIMARY KEY (id)",
              "departments_pkey PRIMARY KEY (id)",
              "employees_pkey PRIMARY KEY (id)",
              "order_pkey PRIMARY KEY (\"references\")",
              "categories_parent FOREIGN KEY (parent_id) REFERENCES shop.categories(id)",
              "department_manager FOREIGN KEY (manager_id) REFERENCES shop.employees(id)",
              "employee_department FOREIGN KEY (department_id) REFERENCES shop.departments(id)",
              "lines_customer FOREIGN KEY (customer_id) REFERENCES shop.customers(id)"),
          strings(
              query(
                  c,
                  "SELECT conname || ' ' || pg_get_constraintdef(oid) FROM pg_constraint"
                      + " WHERE connamespace = 'shop'::regnamespace AND contype IN ('p', 'f')")));
      assertEquals(
          Set.of(
              "CREATE UNIQUE INDEX customers_email_key ON shop.customers USING btree (email)",
              "CREATE INDEX by_created ON shop.customers USING btree (created)",
              "CREATE INDEX by_created_2 ON shop.\"order\" USING btree (created)"),
          strings(
              query(
                  c,
                  "SELECT pg_get_indexdef(indexrelid) FROM pg_index i"
                      + " JOIN pg_class r ON r.oid = i.indexrelid"
                      + " WHERE r.relnamespace = 'shop'::regnamespace AND NOT i.indisprimary")));
      assertThrows(
          SQLException.class,
          () -> run(c, List.of("INSERT INTO shop.categories VALUES (4, 99)")),
          "the self-referencing foreign key is enforced");

      // Sequences: owned by their column, the column's default, and past the loaded maximum.
      assertEquals(
          "shop.customers_id_seq", one(c, "SELECT pg_get_serial_sequence('shop.customers', 'id')"));
      assertEquals(
          "shop.categories_id_seq",
          one(c, "SELECT pg_get_serial_sequence('shop.categories', 'id')"));
      assertEquals(
          Set.of("shop.categories_id_seq", "shop.customers_id_seq"),
          strings(query(c, "SELECT schemaname || '.' || sequencename FROM pg_sequences")));
      assertEquals("6", one(c, "INSERT INTO shop.customers (email) VALUES ('d@x') RETURNING id"));
      assertEquals("7", one(c, "INSERT INTO shop.customers (email) VALUES ('e@x') RETURNING id"));
      assertEquals("4", one(c, "INSERT INTO shop.categories (parent_id) VALUES (1) RETURNING id"));
      assertEquals(
          List.of(List.of("anonymous", "t", "t")),
          query(
              c,
              "SELECT name, created IS NOT NULL, created_text ~ '^\\d{4}-\\d{2}-\\d{2} \\d{2}:\\d{2}:\\d{2}$'"
                  + " FROM shop.customers WHERE id = 6"));
    }
  }

  /** SQLite's catalog as read by ferry, straight into PostgreSQL: every statement must run. */
  @Test
  void ddlFromAnSqliteCatalogRuns(TestDatabase db, @TempDir Path dir) throws SQLException {
    Path file = dir.resolve("shop.db");
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file)) {
      run(
          c,
          List.of(
              "CREATE TABLE customers (id INTEGER PRIMARY KEY, email VARCHAR(120) NOT NULL UNIQUE,"
                  + " name TEXT NOT NULL DEFAULT 'anonymous', vip BOOLEAN NOT NULL DEFAULT 0,"
                  + " balance DECIMAL(10,2) DEFAULT (0), created DATETIME DEFAULT CURRENT_TIMESTAMP,"
                  + " seen TEXT DEFAULT CURRENT_TIMESTAMP, touched DATETIME DEFAULT (datetime('now')),"
                  + " anything)",
              "CREATE INDEX by_name ON customers (name, created)",
              "CREATE INDEX by_lower_email ON customers (lower(email))",
              "CREATE TABLE \"Order Details\" (order_id INTEGER NOT NULL, line INTEGER NOT NULL,"
                  + " customer_id INTEGER REFERENCES customers, PRIMARY KEY (order_id, line))",
              "CREATE TABLE \"references\" (id INTEGER PRIMARY KEY,"
                  + " parent_id INTEGER REFERENCES \"references\" (id))",
              "CREATE TABLE codes (code TEXT PRIMARY KEY, label TEXT NOT NULL) WITHOUT ROWID",
              "INSERT INTO customers (id, email) VALUES (3, 'a@x')"));
    }
    List<Table> tables = SqliteCatalog.read("jdbc:sqlite:" + file).tables();
    DdlPlan plan = PostgresDdl.of("from_sqlite", tables).plan();
    try (Connection c = db.connect()) {
      run(c, plan.createTables());
      run(c, List.of("INSERT INTO from_sqlite.customers (id, email) VALUES (3, 'a@x')"));
      run(c, plan.afterLoad());
      assertEquals(
          List.of(List.of("4", "anonymous", "f", "0.00")),
          query(
              c,
              "INSERT INTO from_sqlite.customers (email) VALUES ('b@x')"
                  + " RETURNING id, name, vip, balance"));
      assertEquals(
          Set.of(
              "by_name",
              "customers_pkey",
              "sqlite_autoindex_customers_1",
              "codes_pkey",
              "Order Details_pkey",
              "references_pkey"),
          strings(query(c, "SELECT indexname FROM pg_indexes WHERE schemaname = 'from_sqlite'")));
      assertEquals(
          "from_sqlite.references_id_seq",
          one(c, "SELECT pg_get_serial_sequence('from_sqlite.\"references\"', 'id')"));
    }
    assertTrue(
        plan.notes().stream().anyMatch(n -> n.startsWith("skipped index \"by_lower_email\"")),
        plan.notes().toString());
    assertTrue(
        plan.notes().stream()
            .anyMatch(n -> n.startsWith("skipped the default of \"customers\".\"touched\"")),
        plan.notes().toString());
  }

  private static Set<String> strings(List<List<String>> rows) {
    Set<String> out = new TreeSet<>();
    rows.forEach(r -> out.add(r.get(0)));
    return out;
  }
}

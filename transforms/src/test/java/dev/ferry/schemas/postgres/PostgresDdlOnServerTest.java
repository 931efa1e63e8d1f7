package dev.ferry.schemas.postgres;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ferry.schemas.inventory.Check;
import dev.ferry.schemas.inventory.Column;
import dev.ferry.schemas.inventory.ForeignKey;
import dev.ferry.schemas.inventory.Index;
import dev.ferry.schemas.inventory.Inventory;
import dev.ferry.schemas.inventory.Table;
import dev.ferry.schemas.inventory.UserType;
import dev.ferry.schemas.types.ColumnType;
import dev.ferry.testkit.PostgresExtension;
import dev.ferry.testkit.TestDatabase;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Runs the DDL {@link PostgresDdl} plans for MySQL and PostgreSQL inventories on a real PostgreSQL
 * 17, the way a migration does: types, tables, rows by plain INSERTs, then each after-load
 * statement on its own. Every statement must be valid SQL, and what it makes must hold: enum checks
 * and domain checks refuse bad values, sequences continue past the loaded keys, cyclic and
 * self-referencing foreign keys are in place.
 */
@ExtendWith(PostgresExtension.class)
class PostgresDdlOnServerTest {

  private static final String LONG_COLUMN =
      "the_date_on_which_this_order_was_first_promised_to_the_customer_origin";

  private static Column col(String name, String type, boolean nullable, String def) {
    return new Column(name, type, ColumnType.parse(type), nullable, def);
  }

  private static Column kept(String name, String pgType, boolean nullable, String def) {
    return col(name, "text", nullable, def).withPgType(pgType);
  }

  private static Column enumColumn(String name, boolean nullable, String def, String... labels) {
    return col(name, "varchar(20)", nullable, def).withEnumValues(List.of(labels));
  }

  private static Table table(
      String name,
      List<Column> columns,
      List<String> key,
      List<ForeignKey> fks,
      List<Index> indexes,
      List<Check> checks) {
    return new Table(name, columns, key, fks, indexes, -1, Optional.empty(), checks);
  }

  /**
   * A PostgreSQL source with its own enum and domains, arrays, inet, serial columns and a cycle.
   */
  private static Inventory postgresSource() {
    List<UserType> types =
        List.of(
            new UserType(
                "mood_not_sad",
                UserType.Kind.DOMAIN,
                List.of(),
                "mood",
                false,
                null,
                List.of("CHECK (VALUE <> 'sad'::mood)")),
            UserType.enumType("mood", List.of("sad", "ok", "it's fine")),
            UserType.enumType("unused", List.of("x")),
            new UserType(
                "posint",
                UserType.Kind.DOMAIN,
                List.of(),
                "integer",
                true,
                "1",
                List.of("CHECK (VALUE > 0)")),
            new UserType(
                "Email",
                UserType.Kind.DOMAIN,
                List.of(),
                "text",
                false,
                null,
                List.of("CHECK (VALUE ~ '@'::text)")));
    Table people =
        table(
            "people",
            List.of(
                col("id", "bigint", false, "nextval('people_id_seq'::regclass)")
                    .withAutoIncrement(true),
                col("serial_no", "int", false, null).withAutoIncrement(true),
                kept("feeling", "mood", true, "'ok'::mood"),
                kept("feelings", "mood[]", true, null),
                kept("strict", "mood_not_sad", true, null),
                kept("age", "posint", true, null),
                kept("addr", "inet", true, null),
                kept("tags", "text[]", false, "'{}'::text[]"),
                kept("amount", "numeric(50,10)", true, null),
                kept("email", "\"Email\"", true, null)),
            List.of("id"),
            List.of(),
            List.of(new Index("people_email_key", List.of("email"), true)),
            List.of(
                new Check("people_age_check", "CHECK ((age < 200))"),
                new Check("feeling_not_sad", "((feeling <> 'sad'::mood))")));
    Table references =
        table(
            "references",
            List.of(
                col("id", "int", false, null),
                col("parent_id", "int", true, null),
                kept("feeling", "public.mood", true, null)),
            List.of("id"),
            List.of(
                new ForeignKey(
                    "references_parent", List.of("parent_id"), "references", List.of("id"))),
            List.of(),
            List.of());
    Table employees =
        table(
            "Employees",
            List.of(col("id", "int", false, null), col("department_id", "int", true, null)),
            List.of("id"),
            List.of(
                new ForeignKey("works_in", List.of("department_id"), "departments", List.of("id"))),
            List.of(),
            List.of());
    Table departments =
        table(
            "departments",
            List.of(col("id", "int", false, null), col("manager_id", "int", true, null)),
            List.of("id"),
            List.of(
                new ForeignKey("managed_by", List.of("manager_id"), "Employees", List.of("id"))),
            List.of(),
            List.of());
    return new Inventory(
        "postgresql://source/app",
        "postgres",
        List.of(people, references, employees, departments),
        List.of(),
        types);
  }

  /** A MySQL source: AUTO_INCREMENT, an enum, checks as MySQL prints them, hard names. */
  private static Inventory mysqlSource() {
    Table orders =
        table(
            "Order Details",
            List.of(
                col("id", "int", false, null).withAutoIncrement(true),
                enumColumn("status", false, "'new'", "new", "paid", "it's shipped"),
                col("amount", "decimal(10,2)", false, "0.00"),
                col("a\"b", "varchar(10)", true, null),
                col("MixedCase", "text", true, null),
                col(LONG_COLUMN, "varchar(10)", true, null),
                col("doc", "json", true, null),
                col("customer_id", "decimal(20,0)", true, null)),
            List.of("id"),
            List.of(
                new ForeignKey(
                    "orders_customer", List.of("customer_id"), "customers", List.of("id"))),
            List.of(new Index("by_mixed", List.of("MixedCase"), false)),
            List.of(
                new Check("amount_not_negative", "(`amount` >= 0)"),
                new Check("doc", "json_valid(`doc`)"),
                new Check(
                    "known_status",
                    "(`status` in (_utf8mb4\\'new\\',_utf8mb4\\'paid\\',_utf8mb4'it\\'s shipped'))"),
                new Check("quoted", "`a\"b` <> 'it\\'s' and char_length(`MixedCase`) < 100"),
                new Check("long", "(`" + LONG_COLUMN + "` <> '')"),
                new Check("regexp", "(`MixedCase` regexp '^a')")));
    Table customers =
        table(
            "customers",
            List.of(
                col("id", "decimal(20,0)", false, null).withAutoIncrement(true),
                col("email", "varchar(100)", false, null)),
            List.of("id"),
            List.of(),
            List.of(new Index("customers_email", List.of("email"), true)),
            List.of());
    return new Inventory("mysql://source/shop", "mysql", List.of(orders, customers), List.of());
  }

  private static void run(Connection c, List<String> statements) throws SQLException {
    try (Statement s = c.createStatement()) {
      for (String sql : statements) {
        s.execute(sql);
      }
    }
  }

  /** Runs each statement on its own, as a migration does; returns those PostgreSQL refused. */
  private static Map<String, String> runEach(Connection c, List<String> statements)
      throws SQLException {
    Map<String, String> failed = new LinkedHashMap<>();
    try (Statement s = c.createStatement()) {
      for (String sql : statements) {
        try {
          s.execute(sql);
        } catch (SQLException e) {
          failed.put(sql, e.getSQLState() + " " + e.getMessage());
        }
      }
    }
    return failed;
  }

  private static List<String> column(Connection c, String sql) throws SQLException {
    List<String> values = new ArrayList<>();
    try (Statement s = c.createStatement();
        ResultSet rs = s.executeQuery(sql)) {
      while (rs.next()) {
        values.add(rs.getString(1));
      }
    }
    return values;
  }

  private static String one(Connection c, String sql) throws SQLException {
    List<String> values = column(c, sql);
    assertEquals(1, values.size(), sql);
    return values.get(0);
  }

  private static String refused(Connection c, String sql) {
    SQLException e = assertThrows(SQLException.class, () -> run(c, List.of(sql)), sql);
    return e.getSQLState();
  }

  @Test
  void postgresSourceTypesTablesAndConstraintsRun(TestDatabase db) throws SQLException {
    Inventory source = postgresSource();
    PostgresDdl ddl = PostgresDdl.of("app", source, source.tables(), EnumStyle.CHECK);
    DdlPlan plan = ddl.plan();
    try (Connection c = db.connect()) {
      run(c, plan.createTypes());
      run(c, plan.createTypes()); // a second run (append, upsert) finds them and goes on
      run(c, plan.createTables());
      assertEquals(
          Set.of("Email", "mood", "mood_not_sad", "posint"),
          new TreeSet<>(
              column(
                  c,
                  "SELECT typname FROM pg_type WHERE typnamespace = 'app'::regnamespace"
                      + " AND typtype IN ('e', 'd')")));
      run(
          c,
          List.of(
              "INSERT INTO app.people (id, serial_no, feeling, feelings, strict, age, addr, tags,"
                  + " amount, email) VALUES (7, 3, 'it''s fine', '{ok,sad}', 'ok', 42,"
                  + " '10.0.0.1', '{a,b}', 12345678901234567890123456789.0123456789, 'a@x')",
              "INSERT INTO app.people (id, serial_no, age) VALUES (2, 9, 5)",
              "INSERT INTO app.\"references\" VALUES (2, 1, 'ok'), (1, NULL, NULL), (3, 3, 'sad')",
              "INSERT INTO app.\"Employees\" VALUES (10, 20)",
              "INSERT INTO app.departments VALUES (20, 10)"));
      assertEquals(Map.of(), runEach(c, plan.afterLoad()));

      // Columns are the kept types, qualified by the target schema.
      assertEquals(
          List.of(
              "id bigint",
              "serial_no integer",
              "feeling app.mood",
              "feelings app.mood[]",
              "strict app.mood_not_sad",
              "age app.posint",
              "addr inet",
              "tags text[]",
              "amount numeric(50,10)",
              "email app.\"Email\""),
          column(
              c,
              "SELECT attname || ' ' || format_type(atttypid, atttypmod) FROM pg_attribute"
                  + " WHERE attrelid = 'app.people'::regclass AND attnum > 0"
                  + " AND NOT attisdropped ORDER BY attnum"));
      assertEquals("ok", one(c, "SELECT feeling FROM app.people WHERE id = 2")); // the kept default
      assertEquals("{}", one(c, "SELECT tags FROM app.people WHERE id = 2"));

      // Both auto-increment columns continue past what was loaded.
      assertEquals(
          "8 10",
          one(c, "INSERT INTO app.people (age) VALUES (1) RETURNING id || ' ' || serial_no"));
      assertEquals(
          Set.of("app.people_id_seq", "app.people_serial_no_seq"),
          new TreeSet<>(
              column(
                  c,
                  "SELECT schemaname || '.' || sequencename FROM pg_sequences"
                      + " WHERE schemaname = 'app'")));

      // Domains and enums refuse bad values; so do the copied checks.
      assertEquals("23514", refused(c, "INSERT INTO app.people (id, age) VALUES (100, 0)"));
      assertEquals("23502", refused(c, "INSERT INTO app.people (id, age) VALUES (101, NULL)"));
      assertEquals(
          "23514", refused(c, "INSERT INTO app.people (id, age, strict) VALUES (102, 1, 'sad')"));
      assertEquals(
          "23514", refused(c, "INSERT INTO app.people (id, age, email) VALUES (103, 1, 'nope')"));
      assertEquals(
          "22P02", refused(c, "INSERT INTO app.people (id, age, feeling) VALUES (104, 1, 'meh')"));
      assertEquals("23514", refused(c, "INSERT INTO app.people (id, age) VALUES (105, 200)"));
      assertEquals(
          "23514", refused(c, "INSERT INTO app.people (id, age, feeling) VALUES (106, 1, 'sad')"));

      // Self reference and the cycle hold.
      assertEquals(
          Set.of(
              "managed_by FOREIGN KEY (manager_id) REFERENCES app.\"Employees\"(id)",
              "references_parent FOREIGN KEY (parent_id) REFERENCES app.\"references\"(id)",
              "works_in FOREIGN KEY (department_id) REFERENCES app.departments(id)"),
          new TreeSet<>(
              column(
                  c,
                  "SELECT conname || ' ' || pg_get_constraintdef(oid) FROM pg_constraint"
                      + " WHERE connamespace = 'app'::regnamespace AND contype = 'f'")));
      assertEquals("23503", refused(c, "INSERT INTO app.\"references\" VALUES (4, 99, NULL)"));
      assertEquals("23503", refused(c, "INSERT INTO app.departments VALUES (21, 99)"));

      // Upsert on the key the plan names; replace empties the tables despite their keys.
      String key = String.join(", ", ddl.conflictKey("people", Optional.empty()));
      run(
          c,
          List.of(
              "INSERT INTO app.people (id, age) VALUES (7, 99) ON CONFLICT ("
                  + key
                  + ") DO UPDATE SET age = excluded.age"));
      assertEquals("99", one(c, "SELECT age FROM app.people WHERE id = 7"));
      String email = String.join(", ", ddl.conflictKey("people", Optional.of("people_email_key")));
      run(
          c,
          List.of(
              "INSERT INTO app.people (id, age, email) VALUES (50, 3, 'a@x') ON CONFLICT ("
                  + email
                  + ") DO UPDATE SET age = excluded.age"));
      assertEquals("3", one(c, "SELECT age FROM app.people WHERE email = 'a@x'"));
      assertEquals(
          List.of(List.of("people", "references", "Employees", "departments")), ddl.loadOrder());
      run(c, List.of(ddl.truncateAll()));
      assertEquals("0", one(c, "SELECT count(*) FROM app.departments"));
    }
  }

  @Test
  void mysqlSourceWithEnumChecksRuns(TestDatabase db) throws SQLException {
    Inventory source = mysqlSource();
    PostgresDdl ddl = PostgresDdl.of("shop", source, source.tables(), EnumStyle.CHECK);
    DdlPlan plan = ddl.plan();
    assertEquals(List.of(), plan.createTypes());
    try (Connection c = db.connect()) {
      run(c, plan.beforeLoad());
      run(
          c,
          List.of(
              "INSERT INTO shop.customers (id, email) VALUES (5, 'a@x'), (9, 'b@x')",
              "INSERT INTO shop.\"Order Details\" (id, status, amount, \"a\"\"b\", \"MixedCase\","
                  + " \"the_date_on_which_this_order_was_first_promised_to_the_e60e4970\","
                  + " customer_id) VALUES (1, 'it''s shipped', 3, 'x', 'abc', 'soon', 5),"
                  + " (4, 'paid', 0, NULL, NULL, NULL, NULL)"));
      // The enum's labels are checked row by row while loading.
      assertEquals(
          "23514",
          refused(c, "INSERT INTO shop.\"Order Details\" (id, status) VALUES (2, 'lost')"));
      assertEquals(Map.of(), runEach(c, plan.afterLoad()));
      assertEquals(
          Set.of(
              "amount_not_negative CHECK ((amount >= (0)::numeric))",
              "known_status CHECK (((status)::text = ANY ((ARRAY['new'::character varying,"
                  + " 'paid'::character varying, 'it''s shipped'::character varying])::text[])))",
              "long CHECK"
                  + " (((the_date_on_which_this_order_was_first_promised_to_the_e60e4970)::text"
                  + " <> ''::text))",
              "quoted CHECK ((((\"a\"\"b\")::text <> 'it''s'::text) AND"
                  + " (char_length(\"MixedCase\") < 100)))",
              "Order Details_status_check CHECK (((status)::text = ANY ((ARRAY['new'::character"
                  + " varying, 'paid'::character varying, 'it''s shipped'::character"
                  + " varying])::text[])))"),
          new TreeSet<>(
              column(
                  c,
                  "SELECT conname || ' ' || pg_get_constraintdef(oid) FROM pg_constraint"
                      + " WHERE connamespace = 'shop'::regnamespace AND contype = 'c'")));
      assertTrue(
          plan.notes().stream().anyMatch(n -> n.startsWith("skipped check \"regexp\"")),
          plan.notes().toString());
      // The sequences continue, the numeric(20,0) key's too.
      assertEquals("5", one(c, "INSERT INTO shop.\"Order Details\" DEFAULT VALUES RETURNING id"));
      assertEquals("23514", refused(c, "INSERT INTO shop.\"Order Details\" (amount) VALUES (-1)"));
      assertEquals("10", one(c, "INSERT INTO shop.customers (email) VALUES ('c@x') RETURNING id"));
      assertEquals(List.of(List.of("customers"), List.of("Order Details")), ddl.loadOrder());
      run(c, List.of(ddl.truncateAll()));
    }
  }

  @Test
  void mysqlEnumTypesRunAgainAndRefuseOtherLabels(TestDatabase db) throws SQLException {
    Inventory source = mysqlSource();
    PostgresDdl ddl = PostgresDdl.of("typed", source, source.tables(), EnumStyle.TYPE);
    try (Connection c = db.connect()) {
      run(c, ddl.createTypes());
      run(c, ddl.createTypes());
      run(c, ddl.createTables());
      assertEquals(
          "{new,paid,\"it's shipped\"}",
          one(c, "SELECT enum_range(NULL::typed.\"Order Details_status\")::text"));
      run(c, List.of("INSERT INTO typed.\"Order Details\" (id, status) VALUES (1, 'paid')"));
      assertEquals(
          "22P02",
          refused(c, "INSERT INTO typed.\"Order Details\" (id, status) VALUES (2, 'lost')"));
      assertEquals(Map.of(), runEach(c, ddl.plan().afterLoad()));
      assertEquals(
          "new", one(c, "INSERT INTO typed.\"Order Details\" DEFAULT VALUES RETURNING status"));
    }
  }

  @Test
  void aCheckThatLoadedRowsBreakFailsAlone(TestDatabase db) throws SQLException {
    Inventory source = mysqlSource();
    PostgresDdl ddl = PostgresDdl.of("broken", source, source.tables(), EnumStyle.CHECK);
    try (Connection c = db.connect()) {
      run(c, ddl.plan().beforeLoad());
      run(
          c,
          List.of(
              "INSERT INTO broken.\"Order Details\" (id, status, amount) VALUES (3, 'new', -5)"));
      Map<String, String> failed = runEach(c, ddl.plan().afterLoad());
      assertEquals(1, failed.size(), failed.toString());
      String statement = failed.keySet().iterator().next();
      assertTrue(statement.contains("\"amount_not_negative\""), statement);
      assertTrue(failed.get(statement).startsWith("23514"), failed.get(statement));
      assertEquals("3", one(c, "SELECT id FROM broken.\"Order Details\""));
      assertEquals("4", one(c, "INSERT INTO broken.\"Order Details\" DEFAULT VALUES RETURNING id"));
    }
  }
}

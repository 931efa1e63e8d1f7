package dev.ferry.testkit;

import static dev.ferry.testkit.PostgresServerTest.rows;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.SQLException;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

class DatabaseExtensionTest {

  @Nested
  @ExtendWith(PostgresExtension.class)
  class OnPostgres {

    private final TestDatabase db;

    OnPostgres(TestDatabase db) {
      this.db = db;
    }

    @Test
    void injectsAnEmptyDatabaseNamedAfterTheClass(TestDatabase param) throws SQLException {
      assertEquals(db, param);
      assertTrue(db.name().matches("on_postgres_\\d+"), db.name());
      assertEquals(
          List.of("0"), rows(db, "SELECT count(*) FROM pg_tables WHERE schemaname = 'public'"));
      assertTrue(db.jdbcUrl().endsWith("/" + db.name()), db.jdbcUrl());
    }

    @Test
    void hidesThePasswordFromToString() {
      assertTrue(!db.toString().contains(db.password()), db.toString());
    }
  }

  @Nested
  @ExtendWith(MariaDbExtension.class)
  class OnMariaDb {

    @Test
    void injectsAnEmptyDatabase(TestDatabase db) throws SQLException {
      assertEquals(
          List.of("0"),
          rows(
              db,
              "SELECT count(*) FROM information_schema.tables WHERE table_schema = '"
                  + db.name()
                  + "'"));
    }
  }

  @ExtendWith(PostgresExtension.class)
  @Nested
  class SharedPerClass {

    private static TestDatabase fromBeforeAll;

    @BeforeAll
    static void createTable(TestDatabase db) {
      fromBeforeAll = db;
      PostgresServer.shared().execute(db.name(), "CREATE TABLE shared (id int)");
    }

    @Test
    void seesWhatBeforeAllCreated(TestDatabase db) throws SQLException {
      assertEquals(fromBeforeAll, db);
      assertEquals(List.of("0"), rows(db, "SELECT count(*) FROM shared"));
    }
  }
}

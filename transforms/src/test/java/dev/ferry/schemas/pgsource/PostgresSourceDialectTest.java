package dev.ferry.schemas.pgsource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ferry.schemas.inventory.Column;
import dev.ferry.schemas.inventory.Inventory;
import dev.ferry.schemas.inventory.Table;
import dev.ferry.schemas.sql.JdbcLogin;
import dev.ferry.schemas.sql.ReadOptions;
import dev.ferry.schemas.types.ColumnType;
import dev.ferry.testkit.PostgresExtension;
import dev.ferry.testkit.TestDatabase;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Quoting, select expressions and streaming reads on a real PostgreSQL 17. */
@ExtendWith(PostgresExtension.class)
class PostgresSourceDialectTest {

  private static final PostgresSourceDialect PG = PostgresSourceDialect.INSTANCE;

  private static TestDatabase database;
  private static JdbcLogin login;
  private static Inventory inventory;

  @BeforeAll
  static void load(TestDatabase db) throws Exception {
    database = db;
    Fixtures.load(db, "catalog");
    try (Connection c = db.connect();
        Statement s = c.createStatement()) {
      s.execute(
          "INSERT INTO \"references\" VALUES (1, 'a'), (2, 'b');"
              + "INSERT INTO \"Order Details\" VALUES (7, 'x');"
              + "INSERT INTO \"MixedCase\" VALUES (3, 'hi');"
              + "INSERT INTO \"with\"\"quote\" VALUES (4);"
              + "INSERT INTO a_table_name_of_exactly_sixty_three_bytes_for_the_limit_test_63"
              + " VALUES (5);"
              + "CREATE TABLE big (id integer PRIMARY KEY, payload text);"
              + "INSERT INTO big SELECT g, repeat('x', 10) FROM generate_series(1, 25000) g;");
    }
    login = Fixtures.login(db);
    inventory = Fixtures.inventory(login);
  }

  @Test
  void isThePostgresDialect() {
    assertEquals("postgres", PG.name());
  }

  @Test
  void quotesEveryIdentifier() {
    assertEquals("\"references\"", PG.quote("references"));
    assertEquals("\"Order Details\"", PG.quote("Order Details"));
    assertEquals("\"with\"\"quote\"", PG.quote("with\"quote"));
  }

  @Test
  void readsTablesWhoseNamesNeedQuoting() throws Exception {
    assertEquals(
        List.of(Map.of("select", 1, "from", "a"), Map.of("select", 2, "from", "b")),
        Rows.read(login, table("references"), ReadOptions.DEFAULT));
    assertEquals(
        List.of(Map.of("Line Id", 7, "MixedCase", "x")),
        Rows.read(login, table("Order Details"), ReadOptions.DEFAULT));
    assertEquals(
        List.of(Map.of("Id", 3, "say \"hi\"", "hi")),
        Rows.read(login, table("MixedCase"), ReadOptions.DEFAULT));
    assertEquals(
        List.of(Map.of("id", 4)), Rows.read(login, table("with\"quote"), ReadOptions.DEFAULT));
    Table longName = table("a_table_name_of_exactly_sixty_three_bytes_for_the_limit_test_63");
    assertEquals(
        List.of(Map.of(longName.columns().get(0).name(), 5)),
        Rows.read(login, longName, ReadOptions.DEFAULT));
  }

  @Test
  void selectsMoneyThroughNumeric() {
    Column money = table("every_type").column("c_money").orElseThrow();
    assertEquals("\"c_money\"::numeric", PG.selectExpression(money));
    assertEquals(
        "\"c_money\"::numeric",
        PG.selectExpression(money.withType(ColumnType.parse("decimal(19,2)"))));
    assertEquals(
        "\"c_text\"", PG.selectExpression(table("every_type").column("c_text").orElseThrow()));
  }

  @Test
  void streamsInATextProtocolReadOnlyTransactionInUtc() throws Exception {
    try (Connection c = login.connect();
        PreparedStatement s = c.prepareStatement("SELECT id, payload FROM big ORDER BY id")) {
      PG.prepareRead(c, s);
      assertFalse(c.getAutoCommit());
      assertTrue(c.isReadOnly());
      assertEquals(Connection.TRANSACTION_REPEATABLE_READ, c.getTransactionIsolation());
      assertEquals(PostgresSourceDialect.FETCH_SIZE, s.getFetchSize());
      int rows = 0;
      try (ResultSet rs = s.executeQuery()) {
        assertTrue(rs.next());
        rows++;
        // The rows come through a portal, a batch at a time, not as one loaded result.
        try (Statement probe = c.createStatement();
            ResultSet cursors =
                probe.executeQuery(
                    "SELECT count(*), current_setting('TimeZone'),"
                        + " current_setting('transaction_read_only') FROM pg_cursors"
                        + " WHERE statement LIKE 'SELECT id, payload FROM big%'")) {
          cursors.next();
          assertEquals(1, cursors.getInt(1), "an open portal streams the result");
          assertEquals("UTC", cursors.getString(2));
          assertEquals("on", cursors.getString(3));
        }
        while (rs.next()) {
          rows++;
        }
      }
      assertEquals(25_000, rows);
    }
  }

  @Test
  void readersSurviveSerialization() throws Exception {
    Table every = table("every_type");
    for (Column column : every.columns()) {
      ByteArrayOutputStream bytes = new ByteArrayOutputStream();
      try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
        out.writeObject(PG.reader(column, ReadOptions.DEFAULT));
        out.writeObject(PG);
      }
      try (ObjectInputStream in =
          new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
        assertTrue(in.readObject() != null, column.name());
      }
    }
  }

  private static Table table(String name) {
    return inventory.table(name).orElseThrow();
  }
}

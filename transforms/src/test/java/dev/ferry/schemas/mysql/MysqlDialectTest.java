package dev.ferry.schemas.mysql;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ferry.schemas.inventory.Column;
import dev.ferry.schemas.sql.ColumnReader;
import dev.ferry.schemas.sql.JdbcDialect;
import dev.ferry.schemas.sql.ReadOptions;
import dev.ferry.schemas.types.ColumnType;
import dev.ferry.testkit.MariaDbExtension;
import dev.ferry.testkit.MariaDbServer;
import dev.ferry.testkit.TestDatabase;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(MariaDbExtension.class)
class MysqlDialectTest {

  private static final JdbcDialect MYSQL = new MysqlDialect();

  @BeforeAll
  static void load(TestDatabase db) {
    MariaDbServer.shared()
        .execute(
            db.name(),
            "CREATE TABLE events (id int PRIMARY KEY, at timestamp(6) NULL,"
                + " note varchar(10) CHARACTER SET utf8mb4)",
            "SET time_zone = '+05:30'",
            "INSERT INTO events VALUES (1, '2024-06-01 12:00:00.250000', 'é')",
            "CREATE TABLE many (id int PRIMARY KEY)",
            "INSERT INTO many SELECT seq FROM seq_1_to_5000");
  }

  @Test
  void quotesWithBackticks() {
    assertEquals("`orders`", MYSQL.quote("orders"));
    assertEquals("`Order Details`", MYSQL.quote("Order Details"));
    assertEquals("`odd``name`", MYSQL.quote("odd`name"));
    assertEquals("`references`", MYSQL.quote("references"));
    assertThrows(IllegalArgumentException.class, () -> MYSQL.quote("a\0b"));
  }

  @Test
  void selectsFloatsWidenedAndGeometryAsText() {
    assertEquals(
        "`price`", MYSQL.selectExpression(column("price", "decimal(10,2)", "decimal(10,2)")));
    assertEquals("(`ratio` * 1E0)", MYSQL.selectExpression(column("ratio", "float", "real")));
    assertEquals(
        "IF(ST_SRID(`g`) = 0, ST_AsText(`g`), CONCAT('SRID=', ST_SRID(`g`), ';', ST_AsText(`g`)))",
        MYSQL.selectExpression(column("g", "point", "text")));
    assertEquals("ST_AsBinary(`g`)", MYSQL.selectExpression(column("g", "point", "bytes")));
  }

  @Test
  void namesItself() {
    assertEquals("mysql", MYSQL.name());
  }

  @Test
  void readsTimestampsAsInstantsWhateverTheSessionZoneWas(TestDatabase db) throws Exception {
    ColumnReader at = MYSQL.reader(column("at", "timestamp(6)", "timestamp"), ReadOptions.DEFAULT);
    try (Connection c = db.connect();
        Statement s = c.createStatement()) {
      s.execute("SET time_zone = '-08:00'");
      MYSQL.prepareRead(c, s);
      try (ResultSet rs = s.executeQuery("SELECT at FROM events")) {
        rs.next();
        assertEquals(Instant.parse("2024-06-01T06:30:00.250Z"), at.read(rs, 1, col -> {}));
      }
    }
  }

  @Test
  void preparesAUtcUtf8ReadOnlySession(TestDatabase db) throws SQLException {
    try (Connection c = db.connect();
        Statement s = c.createStatement()) {
      s.execute("SET time_zone = '+05:30'");
      MYSQL.prepareRead(c, s);
      try (ResultSet rs =
          s.executeQuery(
              "SELECT @@time_zone, @@character_set_results, @@net_write_timeout, note"
                  + " FROM events")) {
        rs.next();
        assertEquals("+00:00", rs.getString(1));
        assertEquals("utf8mb4", rs.getString(2));
        assertEquals("3600", rs.getString(3));
        assertEquals("é", rs.getString(4));
      }
      SQLException write =
          assertThrows(SQLException.class, () -> s.execute("INSERT INTO events (id) VALUES (2)"));
      assertTrue(write.getMessage().contains("READ ONLY"), write.getMessage());
    }
  }

  @Test
  void streamsResults(TestDatabase db) throws SQLException {
    try (Connection c = db.connect();
        Statement s = c.createStatement()) {
      MYSQL.prepareRead(c, s);
      assertEquals(MysqlDialect.FETCH_ROWS, s.getFetchSize());
      try (ResultSet rs = s.executeQuery("SELECT id FROM many ORDER BY id")) {
        // the MariaDB driver's streaming result set, not the one that loads every row first
        assertEquals("StreamingResult", rs.getClass().getSimpleName());
        int rows = 0;
        while (rs.next()) {
          rows++;
        }
        assertEquals(5000, rows);
      }
    }
  }

  @Test
  void dialectAndReadersSerialize(TestDatabase db) throws Exception {
    JdbcDialect copy = roundTrip(MYSQL, JdbcDialect.class);
    ColumnReader reader =
        roundTrip(
            copy.reader(column("note", "varchar(10)", "varchar(10)"), ReadOptions.DEFAULT),
            ColumnReader.class);
    try (Connection c = db.connect();
        Statement s = c.createStatement()) {
      copy.prepareRead(c, s);
      try (ResultSet rs = s.executeQuery("SELECT note FROM events")) {
        rs.next();
        assertEquals("é", reader.read(rs, 1, col -> {}));
      }
    }
  }

  private static Column column(String name, String sourceType, String type) {
    return new Column(name, sourceType, ColumnType.parse(type), true, null);
  }

  private static <T> T roundTrip(T value, Class<T> type)
      throws IOException, ClassNotFoundException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
      out.writeObject(value);
    }
    try (ObjectInputStream in =
        new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
      return type.cast(in.readObject());
    }
  }
}

package dev.ferry.transforms.read;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ferry.schemas.Secret;
import dev.ferry.schemas.inventory.Table;
import dev.ferry.schemas.mysql.MysqlDialect;
import dev.ferry.schemas.sql.JdbcLogin;
import dev.ferry.schemas.sql.ReadOptions;
import dev.ferry.testkit.MariaDbExtension;
import dev.ferry.testkit.TcpProxy;
import dev.ferry.testkit.TestDatabase;
import dev.ferry.testkit.TestPipelineExtension;
import java.math.BigDecimal;
import java.net.URI;
import java.sql.Connection;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.apache.beam.sdk.testing.PAssert;
import org.apache.beam.sdk.testing.TestPipeline;
import org.apache.beam.sdk.transforms.Count;
import org.apache.beam.sdk.values.PCollectionTuple;
import org.apache.beam.sdk.values.Row;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Key ranges of a real MariaDB table: split on the integer key, whole when it cannot be; read over
 * one kept connection, replaced when it drops and closed with the reader.
 */
@ExtendWith({MariaDbExtension.class, TestPipelineExtension.class})
class JdbcRangeReaderTest {

  private static JdbcRangeReader reader(TestDatabase db, String table) throws Exception {
    return reader(db, db.jdbcUrl(), table);
  }

  /** A reader that connects through {@code proxy}. */
  private static JdbcRangeReader proxied(TestDatabase db, TcpProxy proxy, String table)
      throws Exception {
    String through = db.jdbcUrl().replace(":" + port(db) + "/", ":" + proxy.port() + "/");
    return reader(db, through, table);
  }

  private static int port(TestDatabase db) {
    return URI.create(db.jdbcUrl().substring("jdbc:".length())).getPort();
  }

  private static JdbcRangeReader reader(TestDatabase db, String url, String table)
      throws Exception {
    JdbcLogin login = JdbcLogin.of(url, db.user(), Secret.of(db.password()));
    Table t;
    try (Connection c = login.connect()) {
      t = MysqlDialect.INSTANCE.inventory(c, login).table(table).orElseThrow();
    }
    return JdbcRangeReader.of(login, MysqlDialect.INSTANCE, t, ReadOptions.DEFAULT);
  }

  private static List<Row> readAll(RangeReader reader, List<KeyRange> ranges) {
    List<Row> rows = new ArrayList<>();
    ranges.forEach(r -> reader.read(r, rows::add, f -> {}));
    return rows;
  }

  @Test
  void splitsAnIntegerKeyIntoRangesThatCoverEveryRow(TestDatabase db) throws Exception {
    try (Connection c = db.connect();
        Statement s = c.createStatement()) {
      s.execute("CREATE TABLE t (id int PRIMARY KEY, v varchar(10))");
      s.execute(
          "INSERT INTO t SELECT seq, concat('v', seq) FROM seq_1_to_1000"
              + " UNION ALL SELECT 5000000, 'far'");
      s.execute("ANALYZE TABLE t");
    }
    JdbcRangeReader reader = reader(db, "t");
    List<KeyRange> ranges = reader.ranges(100);
    assertEquals(11, ranges.size(), ranges.toString());
    assertEquals(1001, readAll(reader, ranges).size());
  }

  @Test
  void aKeyBeyondTheLongRangeIsReadByOneReader(TestDatabase db) throws Exception {
    try (Connection c = db.connect();
        Statement s = c.createStatement()) {
      s.execute("CREATE TABLE big (id bigint unsigned PRIMARY KEY)");
      s.execute("INSERT INTO big VALUES (1), (18446744073709551615)");
    }
    JdbcRangeReader reader = reader(db, "big");
    assertEquals(List.of(KeyRange.whole()), reader.ranges(100));
    List<Row> rows = readAll(reader, reader.ranges(100));
    assertEquals(
        List.of(new BigDecimal("1"), new BigDecimal("18446744073709551615")),
        rows.stream().map(r -> (BigDecimal) r.getValue(0)).sorted().toList());
  }

  @Test
  void anEmptyTableHasNoRanges(TestDatabase db) throws Exception {
    try (Connection c = db.connect();
        Statement s = c.createStatement()) {
      s.execute("CREATE TABLE empty_t (id int PRIMARY KEY)");
    }
    assertEquals(List.of(), reader(db, "empty_t").ranges(100));
  }

  @Test
  void oneLoginReadsEveryRangeAndADroppedConnectionIsReplaced(TestDatabase db) throws Exception {
    createThousandRows(db, "kept");
    try (TcpProxy proxy = TcpProxy.to(port(db))) {
      JdbcRangeReader reader = proxied(db, proxy, "kept");
      List<KeyRange> ranges = reader.ranges(100);
      assertTrue(ranges.size() >= 10, ranges.toString());
      long before = proxy.connections();
      assertEquals(1000, readAll(reader, ranges).size());
      assertEquals(before + 1, proxy.connections(), "one login for " + ranges.size() + " ranges");

      proxy.cut();
      assertEquals(1000, readAll(reader, ranges).size());
      assertEquals(before + 2, proxy.connections(), "the dropped connection was replaced");

      IllegalStateException stop = new IllegalStateException("downstream failed");
      assertSame(
          stop,
          assertThrows(
              IllegalStateException.class,
              () ->
                  reader.read(
                      ranges.get(0),
                      row -> {
                        throw stop;
                      },
                      failure -> {})));
      KeyRange first = ranges.get(0);
      assertEquals(first.to() - first.from() + 1, readAll(reader, List.of(first)).size());
      assertEquals(before + 3, proxy.connections(), "a failed read's connection is not kept");

      reader.close();
      awaitNoneOpen(proxy);
    }
  }

  @Test
  void aPipelineClosesItsReadersConnectionsWhenItEnds(TestDatabase db, TestPipeline p)
      throws Exception {
    createThousandRows(db, "piped");
    try (TcpProxy proxy = TcpProxy.to(port(db))) {
      PCollectionTuple read =
          p.apply(ReadTable.from(proxied(db, proxy, "piped")).withRowsPerSplit(100));
      PAssert.thatSingleton(read.get(ReadTable.ROWS).apply(Count.globally())).isEqualTo(1000L);
      p.run().waitUntilFinish();
      assertTrue(proxy.connections() >= 2, "planning and reading went through the proxy");
      awaitNoneOpen(proxy);
    }
  }

  private static void createThousandRows(TestDatabase db, String table) throws Exception {
    try (Connection c = db.connect();
        Statement s = c.createStatement()) {
      s.execute("CREATE TABLE " + table + " (id int PRIMARY KEY, v varchar(10))");
      s.execute("INSERT INTO " + table + " SELECT seq, concat('v', seq) FROM seq_1_to_1000");
      s.execute("ANALYZE TABLE " + table);
    }
  }

  /** Asserts every connection through {@code proxy} is closed within five seconds. */
  private static void awaitNoneOpen(TcpProxy proxy) throws InterruptedException {
    long deadline = System.nanoTime() + 5_000_000_000L;
    while (proxy.openConnections() > 0 && System.nanoTime() < deadline) {
      Thread.sleep(20);
    }
    assertEquals(0, proxy.openConnections(), "connections left open");
  }
}

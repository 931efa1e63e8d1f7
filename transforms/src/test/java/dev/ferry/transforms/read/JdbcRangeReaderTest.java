package dev.ferry.transforms.read;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.ferry.schemas.Secret;
import dev.ferry.schemas.inventory.Table;
import dev.ferry.schemas.mysql.MysqlDialect;
import dev.ferry.schemas.sql.JdbcLogin;
import dev.ferry.schemas.sql.ReadOptions;
import dev.ferry.testkit.MariaDbExtension;
import dev.ferry.testkit.TestDatabase;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.apache.beam.sdk.values.Row;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Key ranges of a real MariaDB table: split on the integer key, whole when it cannot be. */
@ExtendWith(MariaDbExtension.class)
class JdbcRangeReaderTest {

  private static JdbcRangeReader reader(TestDatabase db, String table) throws Exception {
    JdbcLogin login = JdbcLogin.of(db.jdbcUrl(), db.user(), Secret.of(db.password()));
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
}

package dev.ferry.transforms.verify;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.ferry.schemas.Secret;
import dev.ferry.schemas.inventory.Table;
import dev.ferry.schemas.mysql.MysqlDialect;
import dev.ferry.schemas.pgsource.PostgresSourceDialect;
import dev.ferry.schemas.sql.JdbcDialect;
import dev.ferry.schemas.sql.JdbcLogin;
import dev.ferry.schemas.sql.ReadOptions;
import dev.ferry.testkit.MariaDbExtension;
import dev.ferry.testkit.PostgresServer;
import dev.ferry.testkit.TestDatabase;
import dev.ferry.transforms.read.JdbcRangeReader;
import dev.ferry.transforms.read.KeyRange;
import dev.ferry.transforms.read.RangeReader;
import java.sql.Connection;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A MariaDB table and the PostgreSQL table ferry's mapping makes of it digest equally although
 * their stored values differ: tinyint(1) became boolean, zero dates became NULL, datetime a
 * timestamp without zone, timestamp a timestamptz. A real difference still shows.
 */
@ExtendWith(MariaDbExtension.class)
class MappingAwareDigestTest {

  private static JdbcLogin mariaDb;
  private static JdbcLogin postgres;

  @BeforeAll
  static void load(TestDatabase db) throws Exception {
    mariaDb = JdbcLogin.of(db.jdbcUrl(), db.user(), Secret.of(db.password()));
    try (Connection c = db.connect();
        Statement s = c.createStatement()) {
      s.execute("SET SESSION sql_mode = ''"); // let zero dates in, as old schemas have them
      s.execute("SET time_zone = '+00:00'");
      s.execute(
          "CREATE TABLE legacy (id int PRIMARY KEY, flag tinyint(1), dt datetime(6) NULL,"
              + " d date NULL, ts timestamp(6) NULL DEFAULT NULL, price decimal(10,2),"
              + " name varchar(40) CHARACTER SET utf8mb4)");
      s.execute(
          "INSERT INTO legacy VALUES"
              + " (1, 1, '2026-11-20 10:00:00.000001', '2026-11-20',"
              + "  '2026-11-20 15:00:00.000001', 1.50, 'Zürich 東京 🚢'),"
              + " (2, 0, '0000-00-00 00:00:00', '0000-00-00', NULL, 0.00, ''),"
              + " (3, NULL, NULL, NULL, '1999-12-31 23:59:59.999999', NULL, NULL)");
    }
    TestDatabase pg = PostgresServer.shared().createDatabase("verify_mapping");
    postgres = JdbcLogin.of(pg.jdbcUrl(), pg.user(), Secret.of(pg.password()));
    try (Connection c = pg.connect();
        Statement s = c.createStatement()) {
      s.execute("SET TimeZone = 'UTC'");
      for (String table : List.of("legacy", "flipped")) {
        s.execute(
            "CREATE TABLE "
                + table
                + " (id integer PRIMARY KEY, flag boolean, dt timestamp(6), d date,"
                + " ts timestamptz, price numeric(10,2), name text)");
        s.execute(
            "INSERT INTO "
                + table
                + " VALUES"
                + " (1, true, '2026-11-20 10:00:00.000001', '2026-11-20',"
                + "  '2026-11-20 15:00:00.000001+00', 1.5, 'Zürich 東京 🚢'),"
                + " (2, false, NULL, NULL, NULL, 0, ''),"
                + " (3, NULL, NULL, NULL, '1999-12-31 23:59:59.999999+00', NULL, NULL)");
      }
      s.execute("UPDATE flipped SET flag = true WHERE id = 2");
    }
  }

  private static RangeReader reader(JdbcLogin login, JdbcDialect dialect, String table)
      throws Exception {
    try (Connection c = login.connect()) {
      Table t = dialect.inventory(c, login).table(table).orElseThrow();
      return JdbcRangeReader.of(login, dialect, t, ReadOptions.DEFAULT);
    }
  }

  /** The source's and target's digests of each single-key range, without a pipeline. */
  private static List<ChunkComparison> compare(String target) throws Exception {
    RangeReader source = reader(mariaDb, MysqlDialect.INSTANCE, "legacy");
    RangeReader copy = reader(postgres, PostgresSourceDialect.INSTANCE, target);
    List<ChunkComparison> chunks = new ArrayList<>();
    for (KeyRange range : DigestRanges.covering(source.ranges(1))) {
      chunks.add(new ChunkComparison(range, digest(source, range), digest(copy, range)));
    }
    return chunks;
  }

  private static ChunkDigest digest(RangeReader reader, KeyRange range) {
    ChunkDigest.Builder chunk = ChunkDigest.builder(reader.table().columns());
    reader.read(range, chunk::add, failure -> chunk.addFailed());
    return chunk.build();
  }

  @Test
  void theLoadsMappingDoesNotFalseAlarm() throws Exception {
    List<ChunkComparison> chunks = compare("legacy");
    assertEquals(3, chunks.size(), chunks.toString());
    for (ChunkComparison c : chunks) {
      assertEquals(c.source(), c.target(), c.toString());
      assertEquals(1, c.source().rows());
      assertEquals(0, c.source().failed());
    }
  }

  @Test
  void aFlippedBooleanStillDiffers() throws Exception {
    List<Boolean> equal = compare("flipped").stream().map(ChunkComparison::equal).toList();
    assertEquals(List.of(true, false, true), equal);
  }
}

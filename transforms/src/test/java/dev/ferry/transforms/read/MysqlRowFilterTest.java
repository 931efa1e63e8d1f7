package dev.ferry.transforms.read;

import static dev.ferry.transforms.read.FilteredReads.cast;
import static dev.ferry.transforms.read.FilteredReads.pushedIds;
import static dev.ferry.transforms.read.FilteredReads.readIds;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ferry.schemas.Secret;
import dev.ferry.schemas.inventory.Table;
import dev.ferry.schemas.mysql.MysqlDialect;
import dev.ferry.schemas.sql.JdbcLogin;
import dev.ferry.schemas.sql.ReadOptions;
import dev.ferry.schemas.sql.RowFilter;
import dev.ferry.schemas.types.ColumnType;
import dev.ferry.schemas.types.ColumnType.Kind;
import dev.ferry.schemas.types.Utf8;
import dev.ferry.testkit.MariaDbExtension;
import dev.ferry.testkit.TestDatabase;
import dev.ferry.transforms.deadletter.FailedRow;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Row filters on a real MariaDB: pushed into the SQL exactly, and applied to converted rows. */
@ExtendWith(MariaDbExtension.class)
class MysqlRowFilterTest {

  private static final MysqlDialect MYSQL = MysqlDialect.INSTANCE;
  private static final ReadOptions NEW_YORK =
      new ReadOptions("America/New_York", Utf8.Policy.REJECT);
  private static final String INJECTED = "a`b\"c'; DROP TABLE ev; --";

  private static JdbcLogin login;

  @BeforeAll
  static void load(TestDatabase db) throws Exception {
    login = JdbcLogin.of(db.jdbcUrl(), db.user(), Secret.of(db.password()));
    try (Connection c = db.connect();
        Statement s = c.createStatement()) {
      s.execute("SET time_zone = '+00:00'");
      s.execute(
          "CREATE TABLE ev (id int PRIMARY KEY, d date NULL, dt datetime(6) NULL,"
              + " ts timestamp(6) NULL DEFAULT NULL, n bigint NULL, flag boolean,"
              + " label varchar(10) NULL)");
      s.execute(
          "INSERT INTO ev VALUES"
              + " (1, '2026-11-19', '2026-11-20 10:00:00.000000', '2026-11-20 15:00:00.000000',"
              + "  10, 1, 'a'),"
              + " (2, '2026-11-20', '2026-11-20 10:00:00.000001', '2026-11-20 15:00:00.000001',"
              + "  20, 0, 'b'),"
              + " (3, '2026-11-21', '2026-11-20 10:00:00.000002', NULL, 30, 1, 'c'),"
              + " (4, '2026-11-22', NULL, '2026-11-20 16:00:00', NULL, 0, 'd'),"
              + " (5, NULL, '2026-11-20 11:00:00', '2026-11-20 14:59:59.999999', 40, 1, NULL)");
      s.execute(
          "CREATE TABLE inj (id int PRIMARY KEY, `" + INJECTED.replace("`", "``") + "` bigint)");
      s.execute("INSERT INTO inj VALUES (1, 1), (2, 10)");
      s.execute("CREATE TABLE gap (id int PRIMARY KEY, dt datetime NULL, n bigint)");
      s.execute(
          "INSERT INTO gap VALUES (1, '2026-03-08 02:30:00', 25), (2, '2026-03-08 03:30:00', 5)");
    }
  }

  private static Table table(String name) throws Exception {
    try (Connection c = login.connect()) {
      return MYSQL.inventory(c, login).table(name).orElseThrow();
    }
  }

  /** Reads through the reader and through the pushed SQL alone; both must keep {@code ids}. */
  private static void assertKeeps(
      List<Integer> ids, Table table, RowFilter filter, ReadOptions options) throws Exception {
    List<FailedRow> failures = new ArrayList<>();
    RangeReader reader = JdbcRangeReader.of(login, MYSQL, table, options).withFilter(filter);
    assertEquals(ids, readIds(reader, failures), "read with " + filter);
    assertEquals(List.of(), failures);
    assertEquals(ids, pushedIds(login, MYSQL, table, filter, options), "pushed " + filter);
  }

  @Test
  void keepsDatesFromTheLowerBoundOn() throws Exception {
    Table ev = table("ev");
    RowFilter filter = RowFilter.on(ev, "d").atLeast(LocalDate.of(2026, 11, 20));
    assertKeeps(List.of(2, 3, 4), ev, filter, ReadOptions.DEFAULT);
  }

  @Test
  void keepsDatesBeforeTheUpperBound() throws Exception {
    Table ev = table("ev");
    RowFilter filter = RowFilter.on(ev, "d").below(LocalDate.of(2026, 11, 22));
    assertKeeps(List.of(1, 2, 3), ev, filter, ReadOptions.DEFAULT);
  }

  @Test
  void keepsTheDaysOfABackfill() throws Exception {
    Table ev = table("ev");
    RowFilter filter =
        RowFilter.on(ev, "d")
            .withinDays(LocalDate.of(2026, 11, 20), LocalDate.of(2026, 11, 21), ZoneOffset.UTC);
    assertKeeps(List.of(2, 3), ev, filter, ReadOptions.DEFAULT);
  }

  @Test
  void comparesDatetimeWallClocksToTheMicrosecond() throws Exception {
    Table ev = table("ev");
    LocalDateTime first = LocalDateTime.parse("2026-11-20T10:00:00.000001");
    LocalDateTime second = LocalDateTime.parse("2026-11-20T10:00:00.000002");
    assertKeeps(List.of(2, 3, 5), ev, RowFilter.on(ev, "dt").atLeast(first), NEW_YORK);
    assertKeeps(List.of(1, 2), ev, RowFilter.on(ev, "dt").below(second), NEW_YORK);
    assertKeeps(List.of(2), ev, RowFilter.on(ev, "dt").atLeast(first).below(second), NEW_YORK);
  }

  @Test
  void comparesADatetimeReadAsAnInstantInTheSourceZone() throws Exception {
    Table ev = cast(table("ev"), "dt", ColumnType.of(Kind.TIMESTAMP));
    // 10:00 in New York in November is 15:00 UTC
    Instant first = Instant.parse("2026-11-20T15:00:00.000001Z");
    Instant second = Instant.parse("2026-11-20T15:00:00.000002Z");
    assertKeeps(List.of(2, 3, 5), ev, RowFilter.on(ev, "dt").atLeast(first), NEW_YORK);
    assertKeeps(List.of(1, 2), ev, RowFilter.on(ev, "dt").below(second), NEW_YORK);
  }

  @Test
  void comparesTimestampInstantsWhateverTheSourceZone() throws Exception {
    Table ev = table("ev");
    Instant first = Instant.parse("2026-11-20T15:00:00.000001Z");
    Instant hour = Instant.parse("2026-11-20T16:00:00Z");
    assertKeeps(List.of(2, 4), ev, RowFilter.on(ev, "ts").atLeast(first), NEW_YORK);
    assertKeeps(List.of(1, 2, 5), ev, RowFilter.on(ev, "ts").below(hour), NEW_YORK);
    assertKeeps(List.of(2), ev, RowFilter.on(ev, "ts").atLeast(first).below(hour), NEW_YORK);
  }

  @Test
  void keepsAGrowingIntegerCursorAndLeavesNullsOut() throws Exception {
    Table ev = table("ev");
    assertKeeps(List.of(2, 3, 5), ev, RowFilter.on(ev, "n").atLeast(20L), ReadOptions.DEFAULT);
    assertKeeps(
        List.of(2, 3), ev, RowFilter.on(ev, "n").atLeast(20).below(40), ReadOptions.DEFAULT);
  }

  @Test
  void plansKeyRangesOverTheFilteredRowsOnly() throws Exception {
    Table ev = table("ev");
    JdbcRangeReader reader = JdbcRangeReader.of(login, MYSQL, ev, ReadOptions.DEFAULT);
    assertEquals(
        List.of(new KeyRange(2, 3, false)),
        reader.withFilter(RowFilter.on(ev, "n").atLeast(20L).below(40L)).ranges(1_000_000));
    assertEquals(
        List.of(), reader.withFilter(RowFilter.on(ev, "n").atLeast(1_000L)).ranges(1_000_000));
  }

  @Test
  void quotesAColumnNameThatTriesToInjectSql() throws Exception {
    Table inj = table("inj");
    assertKeeps(List.of(2), inj, RowFilter.on(inj, INJECTED).atLeast(5L), ReadOptions.DEFAULT);
    assertTrue(table("ev").columns().size() > 0, "ev is still there");
  }

  @Test
  void leavesTextToJavaWhoseOrderNoCollationShares() throws Exception {
    Table ev = table("ev");
    RowFilter filter = RowFilter.on(ev, "label").atLeast("b");
    List<FailedRow> failures = new ArrayList<>();
    assertEquals(
        List.of(2, 3, 4),
        readIds(
            JdbcRangeReader.of(login, MYSQL, ev, ReadOptions.DEFAULT).withFilter(filter),
            failures));
    assertEquals(
        List.of(), FilterClause.of(MYSQL, Optional.of(filter), ReadOptions.DEFAULT).conditions());
  }

  @Test
  void rowsThatFailToConvertStillGoToDeadLetters() throws Exception {
    Table gap = cast(table("gap"), "dt", ColumnType.of(Kind.TIMESTAMP));
    List<FailedRow> failures = new ArrayList<>();
    RangeReader reader =
        JdbcRangeReader.of(login, MYSQL, gap, NEW_YORK)
            .withFilter(RowFilter.on(gap, "n").atLeast(20L));
    assertEquals(List.of(), readIds(reader, failures));
    assertEquals(1, failures.size(), failures.toString());
    assertTrue(failures.get(0).reason().contains("daylight-saving"), failures.get(0).reason());
  }

  @Test
  void refusesAColumnWithoutOrder() throws Exception {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> RowFilter.on(table("ev"), "flag"));
    assertEquals(
        "cannot filter table ev on column flag: its type boolean has no order to compare (use a"
            + " date, timestamp, integer, decimal or text column)",
        e.getMessage());
  }
}

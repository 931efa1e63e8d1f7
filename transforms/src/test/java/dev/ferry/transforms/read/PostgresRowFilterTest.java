package dev.ferry.transforms.read;

import static dev.ferry.transforms.read.FilteredReads.cast;
import static dev.ferry.transforms.read.FilteredReads.pushedIds;
import static dev.ferry.transforms.read.FilteredReads.readIds;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ferry.schemas.Secret;
import dev.ferry.schemas.inventory.Table;
import dev.ferry.schemas.pgsource.PostgresSourceDialect;
import dev.ferry.schemas.sql.JdbcLogin;
import dev.ferry.schemas.sql.ReadOptions;
import dev.ferry.schemas.sql.RowFilter;
import dev.ferry.schemas.types.ColumnType;
import dev.ferry.schemas.types.ColumnType.Kind;
import dev.ferry.schemas.types.Utf8;
import dev.ferry.testkit.PostgresExtension;
import dev.ferry.testkit.TestDatabase;
import dev.ferry.transforms.deadletter.FailedRow;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Row filters on a real PostgreSQL: pushed into the SQL exactly, and applied to converted rows. */
@ExtendWith(PostgresExtension.class)
class PostgresRowFilterTest {

  private static final PostgresSourceDialect PG = PostgresSourceDialect.INSTANCE;
  private static final ReadOptions NEW_YORK =
      new ReadOptions("America/New_York", Utf8.Policy.REJECT);
  private static final ReadOptions BERLIN = new ReadOptions("Europe/Berlin", Utf8.Policy.REJECT);
  private static final String INJECTED = "a\"b'c\"; DROP TABLE ev; --";

  private static JdbcLogin login;

  @BeforeAll
  static void load(TestDatabase db) throws Exception {
    login = JdbcLogin.of(db.jdbcUrl(), db.user(), Secret.of(db.password()));
    try (Connection c = db.connect();
        Statement s = c.createStatement()) {
      s.execute("SET TimeZone = 'UTC'");
      s.execute(
          "CREATE TABLE ev (id integer PRIMARY KEY, d date, tsl timestamp(6), tstz timestamptz,"
              + " n bigint, amount numeric(10,2), flag boolean, label text)");
      s.execute(
          "INSERT INTO ev VALUES"
              + " (1, '2026-11-19', '2026-11-20 10:00:00', '2026-11-20 15:00:00+00', 10, 1.00,"
              + "  true, 'a'),"
              + " (2, '2026-11-20', '2026-11-20 10:00:00.000001',"
              + "  '2026-11-20 15:00:00.000001+00', 20, 2.50, false, 'b'),"
              + " (3, '2026-11-21', '2026-11-20 10:00:00.000002', NULL, 30, 2.49, true, 'c'),"
              + " (4, '2026-11-22', NULL, '2026-11-20 16:00:00+00', NULL, NULL, false, 'd'),"
              + " (5, NULL, '2026-11-20 11:00:00', '2026-11-20 14:59:59.999999+00', 40, 3.00,"
              + "  true, NULL)");
      // Berlin leaves summer time at 03:00 CEST on 2026-10-25: 02:00 to 03:00 happens twice.
      s.execute("CREATE TABLE dst (id integer PRIMARY KEY, tsl timestamp)");
      s.execute(
          "INSERT INTO dst VALUES (1, '2026-10-25 02:30:00'), (2, '2026-10-25 03:00:00'),"
              + " (3, '2026-10-25 01:59:59')");
      s.execute(
          "CREATE TABLE inj (id integer PRIMARY KEY, \""
              + INJECTED.replace("\"", "\"\"")
              + "\" bigint)");
      s.execute("INSERT INTO inj VALUES (1, 1), (2, 10)");
    }
  }

  private static Table table(String name) throws Exception {
    try (Connection c = login.connect()) {
      return PG.inventory(c, login).table(name).orElseThrow();
    }
  }

  /** Reads through the reader and through the pushed SQL alone; both must keep {@code ids}. */
  private static void assertKeeps(
      List<Integer> ids, Table table, RowFilter filter, ReadOptions options) throws Exception {
    List<FailedRow> failures = new ArrayList<>();
    RangeReader reader = JdbcRangeReader.of(login, PG, table, options).withFilter(filter);
    assertEquals(ids, readIds(reader, failures), "read with " + filter);
    assertEquals(List.of(), failures);
    assertEquals(ids, pushedIds(login, PG, table, filter, options), "pushed " + filter);
  }

  @Test
  void keepsDatesWithinTheBounds() throws Exception {
    Table ev = table("ev");
    LocalDate from = LocalDate.of(2026, 11, 20);
    LocalDate to = LocalDate.of(2026, 11, 22);
    assertKeeps(List.of(2, 3, 4), ev, RowFilter.on(ev, "d").atLeast(from), ReadOptions.DEFAULT);
    assertKeeps(List.of(1, 2, 3), ev, RowFilter.on(ev, "d").below(to), ReadOptions.DEFAULT);
    assertKeeps(
        List.of(2, 3),
        ev,
        RowFilter.on(ev, "d").withinDays(from, to.minusDays(1), ZoneOffset.UTC),
        ReadOptions.DEFAULT);
  }

  @Test
  void comparesTimestampWallClocksToTheMicrosecond() throws Exception {
    Table ev = table("ev");
    LocalDateTime first = LocalDateTime.parse("2026-11-20T10:00:00.000001");
    LocalDateTime second = LocalDateTime.parse("2026-11-20T10:00:00.000002");
    assertKeeps(List.of(2, 3, 5), ev, RowFilter.on(ev, "tsl").atLeast(first), NEW_YORK);
    assertKeeps(List.of(2), ev, RowFilter.on(ev, "tsl").atLeast(first).below(second), NEW_YORK);
  }

  @Test
  void comparesATimestampReadAsAnInstantInTheSourceZone() throws Exception {
    Table ev = cast(table("ev"), "tsl", ColumnType.of(Kind.TIMESTAMP));
    Instant first = Instant.parse("2026-11-20T15:00:00.000001Z"); // 10:00 in New York
    Instant second = Instant.parse("2026-11-20T15:00:00.000002Z");
    assertKeeps(List.of(2, 3, 5), ev, RowFilter.on(ev, "tsl").atLeast(first), NEW_YORK);
    assertKeeps(List.of(1, 2), ev, RowFilter.on(ev, "tsl").below(second), NEW_YORK);
  }

  @Test
  void comparesWallClocksThatHappenTwiceByTheInstantTheyAreReadAs() throws Exception {
    Table dst = cast(table("dst"), "tsl", ColumnType.of(Kind.TIMESTAMP));
    // 01:30 UTC is the second 02:30 in Berlin; the stored 02:30 reads as the first (00:30 UTC).
    Instant bound = Instant.parse("2026-10-25T01:30:00Z");
    assertKeeps(List.of(2), dst, RowFilter.on(dst, "tsl").atLeast(bound), BERLIN);
    assertKeeps(List.of(1, 3), dst, RowFilter.on(dst, "tsl").below(bound), BERLIN);
  }

  @Test
  void comparesTimestamptzInstantsWhateverTheSourceZone() throws Exception {
    Table ev = table("ev");
    Instant first = Instant.parse("2026-11-20T15:00:00.000001Z");
    Instant hour = Instant.parse("2026-11-20T16:00:00Z");
    assertKeeps(List.of(2, 4), ev, RowFilter.on(ev, "tstz").atLeast(first), NEW_YORK);
    assertKeeps(List.of(1, 2, 5), ev, RowFilter.on(ev, "tstz").below(hour), NEW_YORK);
    assertKeeps(List.of(2), ev, RowFilter.on(ev, "tstz").atLeast(first).below(hour), NEW_YORK);
  }

  @Test
  void keepsIntegerAndDecimalCursorsAndLeavesNullsOut() throws Exception {
    Table ev = table("ev");
    assertKeeps(List.of(2, 3, 5), ev, RowFilter.on(ev, "n").atLeast(20L), ReadOptions.DEFAULT);
    assertKeeps(
        List.of(2, 3), ev, RowFilter.on(ev, "n").atLeast(20L).below(40L), ReadOptions.DEFAULT);
    assertKeeps(
        List.of(2, 5),
        ev,
        RowFilter.on(ev, "amount").atLeast(new BigDecimal("2.5")),
        ReadOptions.DEFAULT);
  }

  @Test
  void plansKeyRangesOverTheFilteredRowsOnly() throws Exception {
    Table ev = table("ev");
    JdbcRangeReader reader = JdbcRangeReader.of(login, PG, ev, ReadOptions.DEFAULT);
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
  void refusesAColumnWithoutOrder() throws Exception {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> RowFilter.on(table("ev"), "flag"));
    assertTrue(
        e.getMessage().startsWith("cannot filter table ev on column flag: its type boolean"));
  }
}

package dev.ferry.transforms.read;

import static dev.ferry.transforms.read.FilteredReads.readIds;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ferry.schemas.inventory.Table;
import dev.ferry.schemas.sql.RowFilter;
import dev.ferry.schemas.sqlite.SqliteCatalog;
import dev.ferry.transforms.deadletter.FailedRow;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Row filters on a real SQLite file whose dates are text in several spellings: SQL would compare
 * the text, so the filter runs on the converted values.
 */
class SqliteRowFilterTest {

  private static final ZoneId NEW_YORK = ZoneId.of("America/New_York");

  @TempDir static Path dir;
  private static String url;
  private static Table ev;

  @BeforeAll
  static void load() throws Exception {
    url = "jdbc:sqlite:" + dir.resolve("events.db");
    try (Connection c = DriverManager.getConnection(url);
        Statement s = c.createStatement()) {
      s.execute(
          "CREATE TABLE ev (id INTEGER PRIMARY KEY, d DATE, ts DATETIME, n BIGINT, flag BOOLEAN)");
      s.execute(
          "INSERT INTO ev VALUES"
              + " (1, '2026-11-19', '2026-11-20T15:00:00Z', 10, 1),"
              + " (2, '2026-11-20', '2026-11-20 10:00:00.000001', 20, 0),"
              + " (3, '2026-11-21', '2026-11-20 10:00:00.000002-05:00', 30, 1),"
              + " (4, '2026-11-22', NULL, NULL, 0),"
              + " (5, NULL, '2026-11-20 09:59:59.999999-05:00', 40, 1),"
              + " (6, 'not a date', '2026-11-20 10:00:00', 25, 0)");
    }
    ev = SqliteCatalog.read(url).table("ev").orElseThrow();
  }

  private static List<Integer> keeps(RowFilter filter, List<FailedRow> failures) {
    return readIds(
        ReadSqliteTable.from(url, ev).withZone(NEW_YORK).withFilter(filter).rangeReader(),
        failures);
  }

  @Test
  void comparesConvertedInstantsWhateverTheirSpelling() {
    // row 2 has no offset: 10:00:00.000001 in New York is 15:00:00.000001 UTC
    Instant first = Instant.parse("2026-11-20T15:00:00.000001Z");
    Instant second = Instant.parse("2026-11-20T15:00:00.000002Z");
    List<FailedRow> failures = new ArrayList<>();
    assertEquals(List.of(2, 3), keeps(RowFilter.on(ev, "ts").atLeast(first), failures));
    assertEquals(List.of(1, 2, 5), keeps(RowFilter.on(ev, "ts").below(second), failures));
    assertEquals(List.of(2), keeps(RowFilter.on(ev, "ts").atLeast(first).below(second), failures));
    // row 6's date does not convert: a dead letter each time, never dropped by the filter
    assertEquals(3, failures.size());
    assertTrue(failures.stream().allMatch(f -> f.values().contains("not a date")));
  }

  @Test
  void keepsTheDaysOfABackfill() {
    List<FailedRow> failures = new ArrayList<>();
    RowFilter days =
        RowFilter.on(ev, "d")
            .withinDays(LocalDate.of(2026, 11, 20), LocalDate.of(2026, 11, 21), ZoneOffset.UTC);
    assertEquals(List.of(2, 3), keeps(days, failures));
    assertEquals(1, failures.size());
  }

  @Test
  void keepsAnIntegerCursorAndLeavesNullsOut() {
    List<FailedRow> failures = new ArrayList<>();
    assertEquals(List.of(2, 3, 5), keeps(RowFilter.on(ev, "n").atLeast(20L), failures));
    assertEquals(1, failures.size());
  }

  @Test
  void refusesAFilterOfAnotherTable() {
    Table other = ev.withColumns(ev.columns().subList(0, 2));
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> ReadSqliteTable.from(url, other).withFilter(RowFilter.on(ev, "n").atLeast(1L)));
    assertTrue(e.getMessage().contains("does not apply to table ev"), e.getMessage());
  }

  @Test
  void refusesABooleanColumn() {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> RowFilter.on(ev, "flag"));
    assertTrue(e.getMessage().contains("table ev on column flag: its type boolean"));
  }
}

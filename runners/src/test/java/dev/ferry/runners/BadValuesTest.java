package dev.ferry.runners;

import static dev.ferry.runners.Cli.ferry;
import static dev.ferry.runners.LakeRows.column;
import static dev.ferry.runners.LakeRows.rowWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ferry.testkit.DeltaKernelReader;
import dev.ferry.testkit.DuckDbReader;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Values SQLite stores but their column's type cannot hold, and text that is not UTF-8: each row
 * goes to the dead letters with a reason naming the column, the rest lands, and {@code
 * max_rejected} decides the exit code. The jobs carry a password from the environment, which must
 * show up nowhere.
 */
class BadValuesTest {

  private static final String MARKER = "S3cr3t-Marker-123";

  @TempDir Path dir;

  /**
   * Four events: one good, a date-time 'yesterday', an integer 'abc', a label that is not UTF-8.
   */
  private Path events() throws Exception {
    return ShopFixture.sqlite(
        dir.resolve("events.db"),
        "CREATE TABLE events (id INTEGER PRIMARY KEY, happened_at DATETIME NOT NULL,"
            + " amount INTEGER, label TEXT)",
        "INSERT INTO events VALUES (1, '2025-03-01 10:00:00.123456', 5, 'good')",
        "INSERT INTO events VALUES (2, 'yesterday', 6, 'bad date')",
        "INSERT INTO events VALUES (3, '2025-03-02 11:00:00', 'abc', 'bad number')",
        "INSERT INTO events VALUES (4, '2025-03-03 12:00:00', 7, CAST(X'4a6fe9' AS TEXT))");
  }

  private Path job(Path db, String invalidUtf8, int maxRejected) throws Exception {
    return ShopFixture.write(
        dir,
        "job.yaml",
        """
        name: events
        source:
          kind: sqlite
          url: jdbc:sqlite:%s
          user: ferry
          password: ${PW}
        target:
          kind: lakehouse
          path: %s
        invalid_utf8: %s
        max_rejected: %d
        """
            .formatted(db, dir.resolve("lake"), invalidUtf8, maxRejected));
  }

  @Test
  void overTheLimitExitsOneAndStillLandsTheGoodRows() throws Exception {
    Path report = dir.resolve("r.json");
    Cli.Result run =
        ferry(
                Map.of("PW", MARKER),
                "run",
                job(events(), "reject", 0).toString(),
                "--report",
                report.toString())
            .exits(ExitCode.REJECTED);

    assertTrue(run.out().matches("(?s).*\\nevents +4 +1 +3 .*"), run.out());
    assertTrue(run.out().contains("3 rejected rows are in " + dir.resolve("lake/_dead_letters")));
    assertTrue(run.out().contains("that is more than max_rejected: 0"), run.out());
    JsonNode json = new ObjectMapper().readTree(report.toFile());
    assertEquals(3, json.path("totals").path("rejected").asLong());
    assertTrue(json.path("reconciled").asBoolean());
    for (String text : List.of(run.out(), run.err(), ShopFixture.read(report))) {
      assertFalse(text.contains(MARKER), "the password shows nowhere: " + text);
    }

    Map<Long, Map<String, Object>> dead = deadLettersById();
    assertEquals(List.of(2L, 3L, 4L), dead.keySet().stream().sorted().toList());
    dead.values().forEach(d -> assertEquals("read", d.get("stage"), d.toString()));
    dead.values().forEach(d -> assertEquals("events", d.get("table"), d.toString()));
    assertReason(dead.get(2L), "happened_at: ", "'yesterday'");
    assertReason(dead.get(3L), "amount: ", "'abc'", "not an integer");
    assertReason(dead.get(4L), "label: ", "UTF-8");

    List<Map<String, Object>> rows = bronze();
    assertEquals(List.of(1L), column(rows, "id"));
    assertEquals(Instant.parse("2025-03-01T10:00:00.123456Z"), rows.get(0).get("happened_at"));
  }

  @Test
  void withinTheLimitExitsZeroAndReplaceKeepsBadText() throws Exception {
    Cli.Result run =
        ferry(Map.of("PW", MARKER), "run", job(events(), "replace", 5).toString())
            .exits(ExitCode.OK);

    assertTrue(run.out().matches("(?s).*\\nevents +4 +2 +2 .*"), run.out());
    assertFalse(run.out().contains("max_rejected"), run.out());
    assertFalse(run.out().contains(MARKER) || run.err().contains(MARKER));

    Map<Long, Map<String, Object>> dead = deadLettersById();
    assertEquals(List.of(2L, 3L), dead.keySet().stream().sorted().toList());
    assertReason(dead.get(2L), "happened_at: ");
    assertReason(dead.get(3L), "amount: ");

    List<Map<String, Object>> rows = bronze();
    assertEquals(2, rows.size());
    assertEquals("Jo\uFFFD", rowWith(rows, "id", 4L).get("label"));
    assertEquals("good", rowWith(rows, "id", 1L).get("label"));
    assertEquals(
        "Jo\uFFFD", rowWith(DuckDbReader.read(lake("bronze/events")), "id", 4L).get("label"));
  }

  private List<Map<String, Object>> bronze() {
    return DeltaKernelReader.latest(lake("bronze/events")).rows();
  }

  private Map<Long, Map<String, Object>> deadLettersById() throws Exception {
    Map<Long, Map<String, Object>> byId = new HashMap<>();
    ObjectMapper mapper = new ObjectMapper();
    for (Map<String, Object> row : DeltaKernelReader.latest(lake("_dead_letters")).rows()) {
      long id = mapper.readTree((String) row.get("values")).path("id").asLong();
      assertEquals(null, byId.put(id, row), "one dead letter per row");
    }
    return byId;
  }

  private static void assertReason(Map<String, Object> deadLetter, String... parts) {
    String reason = (String) deadLetter.get("reason");
    for (String part : parts) {
      assertTrue(reason.contains(part), "reason '" + reason + "' mentions '" + part + "'");
    }
  }

  private String lake(String table) {
    return dir.resolve("lake").resolve(table).toString();
  }
}

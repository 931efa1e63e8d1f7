package dev.ferry.runners;

import static dev.ferry.runners.Cli.ferry;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ferry.testkit.PostgresServer;
import dev.ferry.testkit.TestDatabase;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * Bad inputs of {@code ferry verify} (docs/bad-inputs.md, Y1…): bad arguments are one line and exit
 * 2; a target ferry cannot log in to is one line and exit 3, without the password; a target damaged
 * so a table cannot be compared, or whose rows cannot be read back, is named and exits 1. The
 * damage is done to one table per test, after the arguments are checked on the equal copy.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class VerifyBadInputsTest {

  private static final String WRONG_PASSWORD = "Wr0ng-pw-4417";

  @TempDir static Path dir;
  static TestDatabase target;
  static Path job;

  @BeforeAll
  static void load() throws Exception {
    Path db = dir.resolve("shop.db");
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db);
        Statement s = c.createStatement()) {
      s.execute(
          "CREATE TABLE items (id INTEGER PRIMARY KEY, name TEXT, price DECIMAL(10,2),"
              + " seen DATETIME)");
      for (int i = 1; i <= 20; i++) {
        s.execute(
            "INSERT INTO items VALUES (%d, 'item %d', %d.25, '2026-11-%02d 10:00:00')"
                .formatted(i, i, i, i));
      }
      s.execute("CREATE TABLE gone (id INTEGER PRIMARY KEY, name TEXT)");
      s.execute("INSERT INTO gone VALUES (1, 'a'), (2, 'b')");
      s.execute("CREATE TABLE cols (id INTEGER PRIMARY KEY, name TEXT, note TEXT)");
      s.execute("INSERT INTO cols VALUES (1, 'a', 'x'), (2, 'b', NULL)");
      s.execute("CREATE TABLE notes (body TEXT, n INTEGER)");
      s.execute("INSERT INTO notes VALUES ('one', 1), ('two', 2), ('three', NULL)");
    }
    target = PostgresServer.shared().createDatabase("verify_bad");
    job = dir.resolve("verify.yaml");
    Files.writeString(
        job,
        """
        name: verify-bad
        source:
          kind: sqlite
          url: jdbc:sqlite:%s
        target:
          kind: postgres
          url: %s
          user: %s
          password: ${PG_PASSWORD}
          schema: bad
          mode: create
        """
            .formatted(db, target.jdbcUrl(), target.user()));
    ferry(env(), "run", job.toString()).exits(0);
  }

  static Map<String, String> env() {
    return Map.of("PG_PASSWORD", target.password());
  }

  static Cli.Result verify(Map<String, String> env, Path report, String... extra) {
    List<String> args = new ArrayList<>(List.of("verify", job.toString()));
    args.addAll(List.of("--report", report.toString(), "--chunk-rows", "5"));
    args.addAll(List.of(extra));
    return ferry(env, args.toArray(String[]::new));
  }

  static JsonNode table(Path report, String name) throws Exception {
    for (JsonNode t : new ObjectMapper().readTree(report.toFile()).get("tables")) {
      if (t.get("table").asText().equals(name)) {
        return t;
      }
    }
    throw new AssertionError("no table " + name + " in " + Files.readString(report));
  }

  static void damage(String... statements) throws Exception {
    try (Connection c = target.connect();
        Statement s = c.createStatement()) {
      for (String sql : statements) {
        s.execute(sql);
      }
    }
  }

  @Test
  @Order(1)
  void theLoadedTargetIsEqual() throws Exception {
    Path report = dir.resolve("equal.json");
    Cli.Result r = verify(env(), report).exits(0);
    assertTrue(r.out().contains("ferry: verify: all 4 tables equal"), r.out());
    assertEquals("equal", table(report, "notes").get("verdict").asText());
  }

  /** Y3. */
  @Test
  @Order(2)
  void aWrongTargetPasswordIsOneLineWithoutThePassword() throws Exception {
    Path report = dir.resolve("password.json");
    Cli.Result r = verify(Map.of("PG_PASSWORD", WRONG_PASSWORD), report).exits(3);
    String line = r.oneLineError();
    assertTrue(
        line.matches(
            "ferry: PostgreSQL localhost:\\d+/verify_bad refused user \\S+: password authentication"
                + " failed; check the user and password"),
        line);
    for (String secret : List.of(WRONG_PASSWORD, target.password())) {
      assertFalse(r.out().contains(secret), r.out());
      assertFalse(r.err().contains(secret), r.err());
      if (Files.exists(report)) {
        assertFalse(Files.readString(report).contains(secret));
      }
    }
  }

  /** Y4. */
  @Test
  @Order(3)
  void chunkRowsAndSampleMustMakeSense() {
    Path report = dir.resolve("args.json");
    String line =
        ferry(env(), "verify", job.toString(), "--report", report.toString(), "--chunk-rows", "0")
            .exits(2)
            .oneLineError();
    assertEquals("ferry: --chunk-rows: must be at least 1, was 0", line);
    line = verify(env(), report, "--sample", "-1").exits(2).oneLineError();
    assertEquals("ferry: --sample: must be 0 or more, was -1", line);
    assertFalse(Files.exists(report), "nothing compared, no report");
  }

  /** Y5. */
  @Test
  @Order(4)
  void lakehouseOptionsOnAPostgresTargetAreRefused() {
    Path report = dir.resolve("lake-args.json");
    String refused =
        "ferry: --layer and --version are for a lakehouse target, not a postgres target";
    assertEquals(refused, verify(env(), report, "--version", "3").exits(2).oneLineError());
    assertEquals(refused, verify(env(), report, "--layer", "silver").exits(2).oneLineError());
    assertFalse(Files.exists(report), "nothing compared, no report");
  }

  /** Y6. */
  @Test
  @Order(5)
  void anUnknownJobFileIsOneLine() {
    Path missing = dir.resolve("nope.yaml");
    Cli.Result r = ferry(env(), "verify", missing.toString()).exits(2);
    assertEquals("ferry: job file not found: " + missing, r.oneLineError());
  }

  /** Y1. */
  @Test
  @Order(10)
  void aDroppedTargetTableIsNotComparedAndNamed() throws Exception {
    damage("DROP TABLE bad.gone");
    Path report = dir.resolve("gone.json");
    Cli.Result r = verify(env(), report).exits(1);
    assertTrue(
        r.out().contains("\ngone: not compared: the target has no table \"bad\".\"gone\"\n"),
        r.out());
    assertTrue(r.out().matches("(?s).*\ngone +2 +- .*NOT COMPARED\n.*"), r.out());
    JsonNode gone = table(report, "gone");
    assertEquals("NOT COMPARED", gone.get("verdict").asText());
    assertEquals("the target has no table \"bad\".\"gone\"", gone.get("problem").asText());
    assertEquals("equal", table(report, "items").get("verdict").asText(), r.out());
    assertTrue(r.out().contains("ferry: verify: 1 of 4 tables differ"), r.out());
  }

  /** Y2. */
  @Test
  @Order(11)
  void aDroppedTargetColumnIsNotComparedAndNamed() throws Exception {
    damage("ALTER TABLE bad.cols DROP COLUMN note");
    Path report = dir.resolve("cols.json");
    Cli.Result r = verify(env(), report).exits(1);
    assertTrue(
        r.out()
            .contains("\ncols: not compared: target table \"bad\".\"cols\" has no column note\n"),
        r.out());
    JsonNode cols = table(report, "cols");
    assertEquals("NOT COMPARED", cols.get("verdict").asText());
    assertTrue(cols.get("problem").asText().endsWith("has no column note"), cols.toString());
  }

  /**
   * Y7. An application that stores 'infinity' as "never" in a timestamp column: a value PostgreSQL
   * holds and no Java timestamp can.
   */
  @Test
  @Order(12)
  void targetValuesFerryCannotReadBackAreCountedAsUnreadable() throws Exception {
    damage("UPDATE bad.items SET seen = 'infinity' WHERE id = 3");
    Path report = dir.resolve("unreadable.json");
    Cli.Result r = verify(env(), report).exits(1);
    JsonNode items = table(report, "items");
    assertEquals("DIFFERS", items.get("verdict").asText(), r.out());
    assertEquals(1, items.get("target_unreadable").asLong(), r.out());
    assertTrue(r.out().contains("items: 1 target row(s) ferry cannot read back"), r.out());
  }

  /** Y8. */
  @Test
  @Order(13)
  void aDuplicatedRowOfAKeylessTableIsExtra() throws Exception {
    damage("INSERT INTO bad.notes SELECT * FROM bad.notes WHERE body = 'two'");
    Path report = dir.resolve("keyless.json");
    Cli.Result r = verify(env(), report).exits(1);
    JsonNode notes = table(report, "notes");
    assertEquals("DIFFERS", notes.get("verdict").asText(), r.out());
    assertEquals(1, notes.get("extra").asLong(), r.out());
    assertEquals(0, notes.get("missing").asLong(), r.out());
    assertEquals(0, notes.get("changed").asLong(), r.out());
    assertTrue(r.out().contains("notes: extra ('two', 2)"), r.out());
  }

  /**
   * Y9. A target column retyped after the load (numeric(10,2) to unconstrained numeric, values
   * unchanged) is read back in the load's type: no row shows as changed.
   */
  @Test
  @Order(14)
  void aRetypedTargetColumnStillComparesByValue() throws Exception {
    damage("ALTER TABLE bad.items ALTER COLUMN price TYPE numeric");
    Path report = dir.resolve("retyped.json");
    Cli.Result r = verify(env(), report).exits(1); // the 'infinity' of Y7 is still there
    JsonNode items = table(report, "items");
    assertEquals(0, items.get("changed").asLong(), r.out());
    assertTrue(items.get("changed_columns").isEmpty(), r.out());
  }
}

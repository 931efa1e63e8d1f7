package dev.ferry.runners;

import static dev.ferry.runners.Cli.ferry;
import static dev.ferry.runners.LakeRows.rowWith;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ferry.testkit.DeltaKernelReader;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Bad inputs of docs/bad-inputs.md that no other test covers, each through the real command line: a
 * clear one-line error with its exit code, or a dead-letter row with its reason and the rest of the
 * rows landed. The jobs carry a password from the environment, which must show up nowhere.
 */
class BadInputsTest {

  private static final String MARKER = "S3cr3t-Marker-456";

  @TempDir Path dir;

  private Path job(String source, String target, String extra) throws Exception {
    return ShopFixture.write(
        dir,
        "job.yaml",
        """
        name: bad
        source:
        %s
          user: ferry
          password: ${PW}
        target:
        %s
        %s"""
            .formatted(source.indent(2).stripTrailing(), target.indent(2).stripTrailing(), extra));
  }

  private Path lakeJob(Path db, String extra) throws Exception {
    return job("kind: sqlite\nurl: jdbc:sqlite:" + db, "kind: lakehouse\npath: " + lake(), extra);
  }

  private Path lake() {
    return dir.resolve("lake");
  }

  private Cli.Result run(Path job, int exit) {
    Cli.Result r = ferry(Map.of("PW", MARKER), "run", job.toString()).exits(exit);
    assertFalse(r.out().contains(MARKER), "secret on stdout: " + r.out());
    assertFalse(r.err().contains(MARKER), "secret on stderr: " + r.err());
    return r;
  }

  private Path items() throws Exception {
    return ShopFixture.sqlite(
        dir.resolve("items.db"),
        "CREATE TABLE items (id INTEGER PRIMARY KEY, qty INTEGER, doc TEXT)",
        "INSERT INTO items VALUES (1, 5, '{\"a\": [1, 2]}')",
        "INSERT INTO items VALUES (2, 70000, '{\"a\": 1}')",
        "INSERT INTO items VALUES (3, 6, '{\"a\": ')",
        "INSERT INTO items VALUES (4, -32769, 'null')");
  }

  // ---- job files, at the command line ----

  @Test
  void aValueOfTheWrongTypeNamesTheKeyLineAndType() throws Exception {
    Path job = lakeJob(items(), "max_rejected: [1, 2]\n");
    String line = run(job, ExitCode.USAGE).oneLineError();
    assertTrue(line.startsWith("ferry: " + job + " line 10: "), line);
    assertTrue(line.contains("max_rejected") && line.contains("whole number"), line);
  }

  @Test
  void aMissingRequiredKeyIsNamed() throws Exception {
    Path job = job("kind: sqlite\nurl: jdbc:sqlite:" + items(), "path: " + lake(), "");
    String line = run(job, ExitCode.USAGE).oneLineError();
    assertTrue(line.contains("target") && line.contains("missing required key 'kind'"), line);
    assertFalse(Files.exists(lake()), "nothing written");
  }

  @Test
  void conflictingOptionsNameBothKeys() throws Exception {
    Path job =
        job(
            "kind: sqlite\nurl: jdbc:sqlite:" + items(),
            "kind: lakehouse\npath: " + lake() + "\nmode: upsert",
            "");
    String line = run(job, ExitCode.USAGE).oneLineError();
    assertTrue(
        line.contains("target.mode: only a postgres target takes it (this one is lakehouse)"),
        line);
  }

  // ---- connections ----

  @Test
  void anUnknownHostIsOneLine() throws Exception {
    Path pg =
        job(
            "kind: postgres\nurl: jdbc:postgresql://no-such-host.invalid:5432/shop",
            "kind: lakehouse\npath: " + lake(),
            "");
    String line = run(pg, ExitCode.FAILURE).oneLineError();
    assertTrue(line.contains("unknown host no-such-host.invalid"), line);

    Path maria =
        job(
            "kind: mysql\nurl: jdbc:mysql://no-such-host.invalid:3306/shop",
            "kind: lakehouse\npath: " + lake(),
            "");
    line = run(maria, ExitCode.FAILURE).oneLineError();
    assertTrue(line.contains("host 'no-such-host.invalid' is unknown"), line);
    assertFalse(Files.exists(lake().resolve("bronze")), "nothing written");
  }

  // ---- values ----

  @Test
  void aCastThatOverflowsAndJsonThatIsNotJsonAreDeadLetters() throws Exception {
    Path job =
        lakeJob(
            items(),
            "casts: [{column: items.qty, type: smallint}, {column: items.doc, type: json}]\n"
                + "max_rejected: 5\n");
    Cli.Result r = run(job, ExitCode.OK);
    assertTrue(r.out().matches("(?s).*\\nitems +4 +1 +3 .*"), r.out());

    Map<Long, String> reasons = deadLetterReasons();
    assertEquals(List.of(2L, 3L, 4L), List.copyOf(reasons.keySet()), reasons.toString());
    assertEquals("read qty: 70000 is out of range for smallint (-32768..32767)", reasons.get(2L));
    assertEquals("read qty: -32769 is out of range for smallint (-32768..32767)", reasons.get(4L));
    assertTrue(reasons.get(3L).startsWith("read doc: text is not valid JSON: "), reasons.get(3L));

    List<Map<String, Object>> rows = DeltaKernelReader.latest(table("bronze/items")).rows();
    assertEquals(1, rows.size(), rows.toString());
    assertEquals(5, ((Number) rowWith(rows, "id", 1L).get("qty")).intValue());
  }

  @Test
  void hugeTextAndBlobsLandWhole() throws Exception {
    int size = 16 * 1024 * 1024;
    char[] chars = new char[size];
    for (int i = 0; i < size; i++) {
      chars[i] = (char) ('a' + i % 26);
    }
    chars[size - 1] = '\u00e9';
    String text = new String(chars);
    byte[] blob = new byte[size];
    for (int i = 0; i < size; i++) {
      blob[i] = (byte) (i * 31 + 7);
    }
    Path db = dir.resolve("huge.db");
    ShopFixture.sqlite(db, "CREATE TABLE huge (id INTEGER PRIMARY KEY, body TEXT, data BLOB)");
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db);
        PreparedStatement p = c.prepareStatement("INSERT INTO huge VALUES (?, ?, ?)")) {
      p.setLong(1, 1);
      p.setString(2, text);
      p.setBytes(3, blob);
      p.executeUpdate();
      p.setLong(1, 2);
      p.setString(2, "small");
      p.setBytes(3, new byte[] {1});
      p.executeUpdate();
    }

    Cli.Result r = run(lakeJob(db, ""), ExitCode.OK);
    assertTrue(r.out().matches("(?s).*\\nhuge +2 +2 +0 .*"), r.out());

    List<Map<String, Object>> rows = DeltaKernelReader.latest(table("bronze/huge")).rows();
    Map<String, Object> big = rowWith(rows, "id", 1L);
    assertEquals(text, big.get("body"));
    assertArrayEquals(blob, bytes(big.get("data")));
  }

  @Test
  void aNulCharacterInTextLandsInTheLake() throws Exception {
    Path db =
        ShopFixture.sqlite(
            dir.resolve("nul.db"),
            "CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT)",
            "INSERT INTO notes VALUES (1, 'a' || char(0) || 'b')");
    Cli.Result r = run(lakeJob(db, ""), ExitCode.OK);
    assertTrue(r.out().matches("(?s).*\\nnotes +1 +1 +0 .*"), r.out());
    List<Map<String, Object>> rows = DeltaKernelReader.latest(table("bronze/notes")).rows();
    assertEquals("a\u0000b", rowWith(rows, "id", 1L).get("body"));
  }

  // ---- files ----

  @Test
  void aLakeDirectoryHoldingOtherFilesKeepsThem() throws Exception {
    Files.createDirectories(lake());
    Path notes = ShopFixture.write(lake(), "notes.txt", "not a Delta table\n");
    Files.write(lake().resolve("random.bin"), new byte[] {0, 1, 2, 3});
    Path data = Files.createDirectories(lake().resolve("bronze/items"));
    Files.write(data.resolve("part-0.parquet"), "not parquet".getBytes(StandardCharsets.UTF_8));
    Cli.Result r = run(lakeJob(items(), ""), ExitCode.OK);
    assertTrue(r.out().matches("(?s).*\\nitems +4 +4 +0 .*"), r.out());
    assertArrayEquals(new byte[] {0, 1, 2, 3}, Files.readAllBytes(lake().resolve("random.bin")));
    assertEquals("not a Delta table\n", ShopFixture.read(notes));
    assertEquals(4, DeltaKernelReader.latest(table("bronze/items")).rows().size());
  }

  @Test
  void aDeltaLogOfGarbageIsOneLineAndNotOverwritten() throws Exception {
    Path log = Files.createDirectories(lake().resolve("bronze/items/_delta_log"));
    Path commit =
        ShopFixture.write(log, "00000000000000000000.json", "this is not a Delta commit\n");
    String line = run(lakeJob(items(), ""), ExitCode.FAILURE).oneLineError();
    assertTrue(
        line.startsWith(
            "ferry: cannot write Delta table at "
                + lake().resolve("bronze/items")
                + ": its _delta_log holds a file that is not a Delta commit (Unrecognized token"
                + " 'this'"),
        line);
    assertTrue(
        line.endsWith(
            "this is not a Delta table ferry can add to: move the directory away or set another"
                + " target.path"),
        line);
    assertEquals("this is not a Delta commit\n", ShopFixture.read(commit));
  }

  @Test
  void anUnwritableDumpPathIsOneLine() throws Exception {
    Path file = ShopFixture.write(dir, "a-file", "not a directory\n");
    Path dumps = file.resolve("dumps");
    Path job = job("kind: sqlite\nurl: jdbc:sqlite:" + items(), "kind: dump\npath: " + dumps, "");
    String line = run(job, ExitCode.FAILURE).oneLineError();
    assertTrue(line.startsWith("ferry: cannot write to the dump at " + dumps + ": "), line);
    assertTrue(line.endsWith(" (check target.path and its permissions)"), line);
    assertEquals("not a directory\n", ShopFixture.read(file));
  }

  @Test
  void aDumpDirectoryWithoutManifestIsRefused() throws Exception {
    Path dump = Files.createDirectories(dir.resolve("dumps/shop/2026-01-01/shop-20260101"));
    ShopFixture.write(dump, "schema.sql", "CREATE TABLE t (id int);\n");
    Path job =
        ShopFixture.write(
            dir,
            "restore.yaml",
            """
            name: restore
            source: {kind: dump, url: "%s"}
            target: {kind: postgres, url: "jdbc:postgresql://127.0.0.1:1/x", password: "${PW}"}
            """
                .formatted(dump));
    for (String verb : List.of("plan", "run")) {
      Cli.Result r = ferry(Map.of("PW", MARKER), verb, job.toString()).exits(ExitCode.REJECTED);
      assertTrue(
          r.oneLineError()
              .startsWith(
                  "ferry: "
                      + dump
                      + " has no manifest.json: it is not a dump, or one that did not finish"),
          r.err());
      assertFalse(r.err().contains(MARKER), r.err());
    }
  }

  // ---------------------------------------------------------------------------------------------

  private String table(String name) {
    return lake().resolve(name).toString();
  }

  private Map<Long, String> deadLetterReasons() throws Exception {
    ObjectMapper json = new ObjectMapper();
    Map<Long, String> reasons = new TreeMap<>();
    for (Map<String, Object> row : DeltaKernelReader.latest(table("_dead_letters")).rows()) {
      long id = json.readTree((String) row.get("values")).path("id").asLong();
      reasons.put(id, row.get("stage") + " " + row.get("reason"));
    }
    return reasons;
  }

  private static byte[] bytes(Object value) {
    if (value instanceof byte[] b) {
      return b;
    }
    if (value instanceof ByteBuffer buffer) {
      ByteBuffer copy = buffer.duplicate();
      byte[] out = new byte[copy.remaining()];
      copy.get(out);
      return out;
    }
    throw new AssertionError("not bytes: " + value + " " + Arrays.toString(new Object[] {value}));
  }
}

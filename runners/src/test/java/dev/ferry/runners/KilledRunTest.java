package dev.ferry.runners;

import static dev.ferry.runners.Cli.ferry;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ferry.testkit.DeltaKernelReader;
import dev.ferry.testkit.PostgresServer;
import dev.ferry.testkit.S3Server;
import dev.ferry.testkit.TestDatabase;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code ferry run} killed with SIGKILL while rows flow, then run again: a dump to a local
 * directory and to S3, and a lakehouse bronze + silver run. The killed run leaves what it leaves (a
 * dump directory without {@code manifest.json}, uncommitted Parquet files); nothing picks it up:
 * restore refuses it and the next run's dump is the one {@code latest} restores, equal to the
 * source; the lake's tables read back with Delta Kernel hold exactly the source's rows once per
 * committed run, and {@code ferry vacuum} deletes the killed run's files.
 *
 * <p>The run is a child JVM on this test's classpath ({@link Ferry#main}), killed as soon as its
 * first data file appears.
 */
class KilledRunTest {

  private static final int ROWS = 20_000;
  private static final String BUCKET = "killed";

  @TempDir static Path dir;
  static Path db;
  static TestDatabase target;

  @BeforeAll
  static void source() throws Exception {
    db = dir.resolve("events.db");
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db);
        Statement s = c.createStatement()) {
      s.execute(
          "CREATE TABLE events (id INTEGER PRIMARY KEY, day DATE NOT NULL, kind TEXT NOT NULL,"
              + " amount DECIMAL(12,2), note TEXT)");
      c.setAutoCommit(false);
      try (PreparedStatement p = c.prepareStatement("INSERT INTO events VALUES (?, ?, ?, ?, ?)")) {
        for (int id = 1; id <= ROWS; id++) {
          p.setInt(1, id);
          // days follow the key, as they do in most tables: a day's rows come together (rows that
          // cycle over more partitions than a writer keeps open make a file each)
          p.setString(2, "2026-03-" + String.format("%02d", 1 + (id - 1) * 10 / ROWS));
          p.setString(3, "kind-" + id % 13);
          p.setString(4, (id % 1000) + "." + String.format("%02d", id % 100));
          p.setString(5, id % 11 == 0 ? null : "note " + Integer.toHexString(id * 7919));
          p.addBatch();
        }
        p.executeBatch();
      }
      c.commit();
    }
    target = PostgresServer.shared().createDatabase("killed_target");
  }

  @Test
  void aKilledLocalDumpIsNeverRestoredAndTheNextRunsDumpRestoresEqual() throws Exception {
    Path dumps = dir.resolve("dumps");
    killedThenRerunDump("local", dumps.toString(), "", Map.of(), () -> hasDataFile(dumps));
  }

  @Test
  void aKilledS3DumpIsNeverRestoredAndTheNextRunsDumpRestoresEqual() throws Exception {
    S3Server s3 = S3Server.shared();
    s3.createBucket(BUCKET);
    killedThenRerunDump(
        "ins3",
        "s3://" + BUCKET + "/d",
        "  s3: {endpoint: \"" + s3.endpoint() + "\", path_style: true}\n",
        Map.of("AWS_ACCESS_KEY_ID", s3.accessKey(), "AWS_SECRET_ACCESS_KEY", s3.secretKey()),
        () -> s3.list(BUCKET).stream().anyMatch(k -> k.contains("/data/")));
  }

  @Test
  void aKilledLakeRunLeavesNoHalfCommitAndTheNextRunHoldsEveryRowOnce() throws Exception {
    killedLakeRunThenRerun("bronze");
  }

  @Test
  void aLakeRunKilledInSilverKeepsBronzesCommitAndTheNextRunHoldsEveryRowOnce() throws Exception {
    killedLakeRunThenRerun("silver");
  }

  // ---------------------------------------------------------------------------------------------

  /**
   * Kills a bronze + silver run once the first Parquet file of {@code layer} exists, runs again.
   */
  private void killedLakeRunThenRerun(String layer) throws Exception {
    Path lake = dir.resolve("lake-" + layer);
    Path job = write("lake-" + layer + ".yaml", lakeJob(lake));
    Path bronze = lake.resolve("bronze/events");
    Path killedIn = lake.resolve(layer + "/events");
    Killed killed =
        runAndKill(job, Map.of(), () -> hasParquet(killedIn), "--layers", "bronze,silver");
    assertFalse(killed.output().contains("ferry: done"), killed.output());

    // Whatever the killed run got to, the tables read whole: bronze holds whole runs only.
    Set<Object> runsBefore = new HashSet<>();
    if (Files.isDirectory(bronze.resolve("_delta_log"))) {
      runsBefore.addAll(wholeRuns(DeltaKernelReader.latest(bronze.toString()).rows()));
    }
    Cli.Result again = ferry("run", job.toString(), "--layers", "bronze,silver").exits(0);
    assertTrue(again.out().contains("building silver"), again.out());

    List<Map<String, Object>> bronzeRows = DeltaKernelReader.latest(bronze.toString()).rows();
    Set<Object> runs = wholeRuns(bronzeRows);
    assertEquals(runsBefore.size() + 1, runs.size(), "the re-run committed bronze once: " + runs);
    List<Map<String, Object>> silver = DeltaKernelReader.latest(silverPath(lake)).rows();
    assertEquals(sourceRows(), rowsOf(silver), "silver holds exactly the source's rows");
    Cli.Result verified = ferry("verify", job.toString()).exits(0);
    assertTrue(verified.out().contains("tables equal"), verified.out());
    verified = ferry("verify", job.toString(), "--layer", "bronze").exits(0);
    assertTrue(verified.out().contains("tables equal"), "the last run's bronze: " + verified.out());

    if (layer.equals("silver")) {
      assertEquals(1, runsBefore.size(), "bronze had committed before the kill in silver");
    }

    // The killed run's Parquet files are in no version; vacuum names and deletes them.
    List<Path> orphans = orphans(killedIn);
    assertFalse(orphans.isEmpty(), "the killed run left files in " + killedIn);
    Cli.Result vacuum =
        ferry("vacuum", job.toString(), "--retain", "0m", "--force").exits(ExitCode.OK);
    assertTrue(vacuum.out().contains("ferry: vacuum done"), vacuum.out());
    assertEquals(List.of(), orphans(killedIn), "vacuum deleted the killed run's files");
    assertEquals(bronzeRows.size(), DeltaKernelReader.latest(bronze.toString()).rows().size());
    assertEquals(sourceRows(), rowsOf(DeltaKernelReader.latest(silverPath(lake)).rows()));
  }

  private static String silverPath(Path lake) {
    return lake.resolve("silver/events").toString();
  }

  private void killedThenRerunDump(
      String name, String path, String s3, Map<String, String> env, BooleanSupplier flowing)
      throws Exception {
    Files.createDirectories(dir.resolve("staging-" + name));
    Path job = write(name + ".yaml", dumpJob(name, path, s3));
    Killed killed = runAndKill(job, env, flowing);
    assertFalse(killed.output().contains("dump complete"), killed.output());

    Path restore = write(name + "-restore.yaml", restoreJob(name, path, s3));
    Cli.Result refused = ferry(env(env), "run", restore.toString()).exits(ExitCode.REJECTED);
    assertTrue(
        refused.oneLineError().contains("no complete dump of '" + name + "'"), refused.err());

    Cli.Result again = ferry(env, "run", job.toString()).exits(0);
    assertTrue(
        again
            .out()
            .matches(
                "(?s).*ferry: note: \\S*/"
                    + name
                    + "-\\d{8} is an unfinished dump \\(no manifest.json.*"),
        "the re-run names the killed run's directory: " + again.out());
    assertTrue(again.out().matches("(?s).*dump complete: .*" + name + "-\\d{8}-2 .*"), again.out());
    Cli.Result restored = ferry(env(env), "run", restore.toString()).exits(0);
    assertTrue(restored.out().contains("-2"), "latest is the complete dump: " + restored.out());
    assertEquals(sourceRows(), targetRows(name), "restored rows are the source's");
    Cli.Result verified = ferry(env(env), "verify", restore.toString()).exits(0);
    assertTrue(
        verified.out().contains("tables equal"), "verify compares the -2 dump: " + verified.out());
  }

  /** A finished child run: its exit code and what it printed. */
  private record Killed(int exit, String output) {}

  /**
   * Starts {@code ferry run JOB} in a child JVM, kills it with SIGKILL as soon as {@code flowing},
   * and returns what it printed; fails if it finished before.
   */
  private static Killed runAndKill(
      Path job, Map<String, String> env, BooleanSupplier flowing, String... extra)
      throws Exception {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-Xmx512m");
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add(Ferry.class.getName());
    command.add("run");
    command.add(job.toString());
    command.addAll(List.of(extra));
    Path log = dir.resolve(job.getFileName() + ".log");
    ProcessBuilder builder =
        new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
    builder.environment().putAll(env);
    Process child = builder.start();
    long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(3);
    while (!flowing.getAsBoolean()) {
      assertTrue(
          child.isAlive(),
          () -> "the run ended before rows flowed: " + read(log) + " (exit " + child.exitValue());
      assertTrue(System.nanoTime() < deadline, "no rows flowed within 3 minutes");
      Thread.sleep(20);
    }
    assertTrue(child.isAlive(), () -> "the run finished before it could be killed: " + read(log));
    child.destroyForcibly(); // SIGKILL: no shutdown hook, no finally block runs
    assertTrue(child.waitFor(1, TimeUnit.MINUTES));
    assertEquals(137, child.exitValue(), "killed by SIGKILL");
    return new Killed(child.exitValue(), read(log));
  }

  private static String read(Path file) {
    try {
      return Files.readString(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      return "(no output: " + e.getMessage() + ")";
    }
  }

  private static Map<String, String> env(Map<String, String> s3) {
    Map<String, String> env = new HashMap<>(s3);
    env.put("PG_PASSWORD", target.password());
    return env;
  }

  private static boolean hasDataFile(Path root) {
    return anyFile(root, p -> p.toString().contains("/data/"));
  }

  private static boolean hasParquet(Path table) {
    return anyFile(table, p -> p.getFileName().toString().endsWith(".parquet"));
  }

  private static boolean anyFile(Path root, java.util.function.Predicate<Path> match) {
    if (!Files.isDirectory(root)) {
      return false;
    }
    try (Stream<Path> files = Files.walk(root)) {
      return files.filter(Files::isRegularFile).anyMatch(match);
    } catch (IOException | java.io.UncheckedIOException racing) {
      return false; // a file went away while walking: look again
    }
  }

  /** The Parquet files under {@code table} that its latest version does not reference. */
  private static List<Path> orphans(Path table) throws IOException {
    Set<String> referenced = new HashSet<>();
    for (String f : DeltaKernelReader.latest(table.toString()).files()) {
      referenced.add(Path.of(java.net.URI.create(f).getPath()).getFileName().toString());
    }
    try (Stream<Path> files = Files.walk(table)) {
      return files
          .filter(Files::isRegularFile)
          .filter(p -> p.getFileName().toString().endsWith(".parquet"))
          .filter(p -> !p.toString().contains("_delta_log"))
          .filter(p -> !referenced.contains(p.getFileName().toString()))
          .toList();
    }
  }

  /** The run ids of bronze's rows, each checked to hold every source row once. */
  private static Set<Object> wholeRuns(List<Map<String, Object>> bronze) {
    Map<Object, List<Map<String, Object>>> byRun = new HashMap<>();
    bronze.forEach(r -> byRun.computeIfAbsent(r.get("_run_id"), k -> new ArrayList<>()).add(r));
    for (var run : byRun.entrySet()) {
      assertEquals(sourceRows(), rowsOf(run.getValue()), "bronze rows of run " + run.getKey());
    }
    return byRun.keySet();
  }

  /** Rows as sorted text lines {@code id|day|kind|amount|note}: the comparison's one form. */
  private static List<String> rowsOf(List<Map<String, Object>> rows) {
    return rows.stream()
        .map(
            r ->
                line(
                    ((Number) r.get("id")).longValue(),
                    r.get("day"),
                    r.get("kind"),
                    r.get("amount") == null
                        ? null
                        : ((java.math.BigDecimal) r.get("amount")).toPlainString(),
                    r.get("note")))
        .sorted()
        .toList();
  }

  private static String line(long id, Object day, Object kind, Object amount, Object note) {
    return String.format("%08d|%s|%s|%s|%s", id, day, kind, amount, note);
  }

  private static List<String> sourceRows() {
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db)) {
      return query(c, "SELECT id, day, kind, amount, note FROM events");
    } catch (java.sql.SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  private static List<String> targetRows(String schema) throws Exception {
    try (Connection c = target.connect()) {
      return query(c, "SELECT id, day, kind, amount, note FROM \"" + schema + "\".events");
    }
  }

  private static List<String> query(Connection c, String sql) throws java.sql.SQLException {
    List<String> rows = new ArrayList<>();
    try (Statement s = c.createStatement();
        ResultSet r = s.executeQuery(sql)) {
      while (r.next()) {
        rows.add(
            line(
                r.getLong(1),
                r.getString(2),
                r.getString(3),
                r.getBigDecimal(4) == null
                    ? null
                    : r.getBigDecimal(4)
                        .setScale(2, java.math.RoundingMode.UNNECESSARY)
                        .toPlainString(),
                r.getString(5)));
      }
    }
    rows.sort(null);
    return rows;
  }

  private static Path write(String name, String yaml) throws IOException {
    Path job = dir.resolve(name);
    Files.writeString(job, yaml, StandardCharsets.UTF_8);
    return job;
  }

  private static String dumpJob(String name, String path, String s3) {
    return """
        name: %s
        source:
          kind: sqlite
          url: jdbc:sqlite:%s
          timezone: UTC
        target:
          kind: dump
          path: %s
        %s  shard_rows: 1000
        """
        .formatted(name, db, path, s3);
  }

  private static String restoreJob(String name, String path, String s3) {
    return """
        name: %s-restore
        source:
          kind: dump
          url: %s/%s/latest
        %s  staging: %s
        target:
          kind: postgres
          url: %s
          user: %s
          password: ${PG_PASSWORD}
          schema: %s
          mode: create
        """
        .formatted(
            name,
            path,
            name,
            s3,
            dir.resolve("staging-" + name),
            target.jdbcUrl(),
            target.user(),
            name);
  }

  private static String lakeJob(Path lake) {
    return """
        name: killedlake
        source:
          kind: sqlite
          url: jdbc:sqlite:%s
          timezone: UTC
        target:
          kind: lakehouse
          path: %s
          partition_by: {events: day}
        """
        .formatted(db, lake);
  }
}

package dev.ferry.runners;

import static dev.ferry.runners.Cli.ferry;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Every bad input the command meets before data moves: the exit code (2 for a bad job file or
 * arguments, 3 for a source or target that cannot be used) and one line on stderr that says what is
 * wrong, never a stack trace, never a secret.
 */
class CommandErrorsTest {

  private static final String MARKER = "S3cr3t-Marker-123";

  @TempDir static Path shared;
  private static Path db;

  @TempDir Path dir;

  @BeforeAll
  static void makeShop() throws Exception {
    db = ShopFixture.makeShopDb(shared);
  }

  /** A small valid job on the shop database; {@code extra} is appended at the top level. */
  private Path job(String source, String extra) throws Exception {
    return ShopFixture.write(
        dir,
        "job.yaml",
        """
        name: errors
        source:
          kind: sqlite
        %s
        target:
          kind: lakehouse
          path: %s
        %s"""
            .formatted(source.indent(2).stripTrailing(), dir.resolve("lake"), extra));
  }

  private Path job(String extra) throws Exception {
    return job("url: jdbc:sqlite:" + db, extra);
  }

  // ---- the job file ----

  @ParameterizedTest
  @ValueSource(strings = {"run", "plan"})
  void missingJobFile(String verb) {
    Path missing = dir.resolve("nope.yaml");
    String line = ferry(verb, missing.toString()).exits(ExitCode.USAGE).oneLineError();
    assertEquals("ferry: job file not found: " + missing, line);
  }

  @Test
  void badYamlNamesTheLine() throws Exception {
    // An unclosed quote on line 8, at the top level.
    Path top = job("max_rejected: \"3\n");
    String line = ferry("run", top.toString()).exits(ExitCode.USAGE).oneLineError();
    assertTrue(line.startsWith("ferry: " + top + " line 8: not valid YAML"), line);

    // An unclosed quote on line 9, inside a section.
    Path nested = job("rules:\n  - column: \"customers.email\n    not_null: true\n");
    line = ferry("run", nested.toString()).exits(ExitCode.USAGE).oneLineError();
    assertTrue(line.startsWith("ferry: " + nested + " line 9: "), line);
  }

  @Test
  void badYamlSaysWhatIsWrong() throws Exception {
    Path nested = job("rules:\n  - column: \"customers.email\n    not_null: true\n");
    String line = ferry("run", nested.toString()).exits(ExitCode.USAGE).oneLineError();
    assertTrue(line.startsWith("ferry: " + nested + " line 9: not valid YAML: "), line);
    assertTrue(line.contains("end of stream"), line);

    Path tab = ShopFixture.write(dir, "tab.yaml", "name: quick\n\tsource: {}\n");
    line = ferry("run", tab.toString()).exits(ExitCode.USAGE).oneLineError();
    assertTrue(line.startsWith("ferry: " + tab + " line 2: not valid YAML: "), line);
    assertTrue(line.contains("cannot start any token"), line);
  }

  @Test
  void unknownKeyNamesTheKeyAndLine() throws Exception {
    // Line 8 of the job file.
    Path job = job("max_rejectd: 3\n");
    String line = ferry("run", job.toString()).exits(ExitCode.USAGE).oneLineError();
    assertTrue(line.startsWith("ferry: " + job + " line 8: unknown key 'max_rejectd'"), line);
    assertTrue(line.contains("max_rejected"), "lists the known keys: " + line);

    Path nested = job("url: jdbc:sqlite:" + db + "\ntabels: [orders]", "");
    String inSource = ferry("plan", nested.toString()).exits(ExitCode.USAGE).oneLineError();
    assertTrue(inSource.contains(" line 5: unknown key 'tabels' in source"), inSource);
  }

  @Test
  void missingEnvironmentVariableIsNamed() throws Exception {
    Path job = job("url: jdbc:sqlite:${SHOP_DB}", "");
    String line = ferry("plan", job.toString()).exits(ExitCode.USAGE).oneLineError();
    assertTrue(line.contains("environment variable SHOP_DB is not set"), line);
    assertTrue(line.startsWith("ferry: " + job + " line 4"), line);

    // Set, it is used.
    ferry(Map.of("SHOP_DB", db.toString()), "plan", job.toString()).exits(ExitCode.OK);
  }

  @Test
  void ruleOnAMissingColumnIsNamed() throws Exception {
    Path job = job("rules: [{column: customers.emial, not_null: true}]\n");
    String line = ferry("run", job.toString()).exits(ExitCode.USAGE).oneLineError();
    assertTrue(line.contains("rules[0].column: table customers has no column emial"), line);
    assertTrue(line.contains("email"), "lists the columns: " + line);
    assertFalse(Files.exists(dir.resolve("lake")), "nothing written");
  }

  @Test
  void unknownTableIsNamedWithTheTablesThatExist() throws Exception {
    Path job = job("url: jdbc:sqlite:" + db + "\ntables: [ordres]", "");
    String line = ferry("run", job.toString()).exits(ExitCode.USAGE).oneLineError();
    assertEquals(
        "ferry: source.tables: no table 'ordres' in "
            + db
            + " (tables: customers, order_items, orders, products)",
        line);
    assertFalse(Files.exists(dir.resolve("lake")), "nothing written");
  }

  // ---- secrets ----

  static Stream<Arguments> failuresWithASecret() {
    String password = "user: ferry\npassword: ${PW}";
    return Stream.of(
        Arguments.of(
            "source file missing",
            "url: jdbc:sqlite:/no/such/shop.db\n" + password,
            "",
            ExitCode.FAILURE),
        Arguments.of(
            "unknown key after it",
            "url: jdbc:sqlite:DB\n" + password,
            "colour: red\n",
            ExitCode.USAGE),
        Arguments.of(
            "YAML error after it",
            "url: jdbc:sqlite:DB\n" + password,
            "rules: [\n",
            ExitCode.USAGE),
        Arguments.of(
            "password of the wrong shape",
            "url: jdbc:sqlite:DB\nuser: ferry\n" + "password: {value: ${PW}}",
            "",
            ExitCode.USAGE),
        Arguments.of(
            "unknown table",
            "url: jdbc:sqlite:DB\n" + password + "\ntables: [nope]",
            "",
            ExitCode.USAGE));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("failuresWithASecret")
  void aSecretNeverAppears(String what, String source, String extra, int exit) throws Exception {
    Path job = job(source.replace("DB", db.toString()), extra);
    Path report = dir.resolve("report.json");
    Cli.Result r =
        ferry(Map.of("PW", MARKER), "run", job.toString(), "--report", report.toString())
            .exits(exit);
    r.oneLineError();
    assertFalse(r.out().contains(MARKER), "secret on stdout: " + r.out());
    assertFalse(r.err().contains(MARKER), "secret on stderr: " + r.err());
    assertFalse(Files.exists(report) && ShopFixture.read(report).contains(MARKER));
  }

  @Test
  void aSecretReusedInAnotherKeyIsMaskedToo() throws Exception {
    Path job = job("url: jdbc:sqlite:" + db + "\npassword: ${PW}\ntimezone: ${PW}", "");
    Cli.Result r = ferry(Map.of("PW", MARKER), "plan", job.toString()).exits(ExitCode.USAGE);
    assertTrue(r.oneLineError().contains("source.timezone"), r.err());
    assertFalse(r.err().contains(MARKER), "secret on stderr: " + r.err());
  }

  // ---- the source ----

  @ParameterizedTest
  @ValueSource(strings = {"run", "plan", "inspect"})
  void missingSqliteFileIsNotCreated(String verb) throws Exception {
    Path missing = dir.resolve("missing.db");
    Path job = job("url: jdbc:sqlite:" + missing, "");
    String arg = verb.equals("inspect") ? "jdbc:sqlite:" + missing : job.toString();
    String line = ferry(verb, arg).exits(ExitCode.FAILURE).oneLineError();
    assertTrue(line.startsWith("ferry: SQLite file not found: " + missing), line);
    assertFalse(Files.exists(missing), "ferry never creates a source");
  }

  @ParameterizedTest
  @ValueSource(strings = {"run", "plan", "inspect"})
  void aFileThatIsNotSqlite(String verb) throws Exception {
    Path text = ShopFixture.write(dir, "notes.db", "these are not the rows you are looking for\n");
    Path job = job("url: jdbc:sqlite:" + text, "");
    String arg = verb.equals("inspect") ? text.toString() : job.toString();
    String line = ferry(verb, arg).exits(ExitCode.FAILURE).oneLineError();
    assertTrue(line.startsWith("ferry: not an SQLite database: " + text), line);
  }

  @Test
  void inspectRefusesCredentialsInTheUrlWithoutShowingThem() {
    String line =
        ferry("inspect", "jdbc:postgresql://admin:" + MARKER + "@db.example:5432/shop")
            .exits(ExitCode.USAGE)
            .oneLineError();
    assertTrue(line.contains("credentials in the URL"), line);
    assertFalse(line.contains(MARKER), line);
  }

  // ---- the target ----

  @Test
  void unwritableLakePath() throws Exception {
    Path file = ShopFixture.write(dir, "a-file", "not a directory\n");
    Path lake = file.resolve("lake");
    Path job =
        ShopFixture.write(
            dir,
            "job.yaml",
            """
            name: unwritable
            source: {kind: sqlite, url: "jdbc:sqlite:%s"}
            target: {kind: lakehouse, path: "%s"}
            """
                .formatted(db, lake));
    String line = ferry("run", job.toString()).exits(ExitCode.FAILURE).oneLineError();
    assertTrue(line.startsWith("ferry: cannot write to the lake at " + lake), line);
  }

  // ---- the command line ----

  @Test
  void flinkMasterNeedsTheFlinkRunnerAndHostPort() throws Exception {
    String line =
        ferry("run", job("").toString(), "--flink-master", "localhost:8081")
            .exits(ExitCode.USAGE)
            .oneLineError();
    assertTrue(line.contains("--flink-master is for --runner flink"), line);
    line =
        ferry("verify", job("").toString(), "--flink-jar", "ferry-flink.jar")
            .exits(ExitCode.USAGE)
            .oneLineError();
    assertTrue(line.contains("--flink-jar is for --runner flink"), line);
    line =
        ferry("run", job("").toString(), "--runner", "flink", "--flink-master", "http://x")
            .exits(ExitCode.USAGE)
            .oneLineError();
    assertTrue(line.contains("'http://x' is not HOST:PORT"), line);
    assertFalse(Files.exists(dir.resolve("lake")), "nothing written");
  }

  @Test
  void flinkMasterNeedsAJarToSend() throws Exception {
    // Tests run ferry from classes, not from a jar: there is nothing to send to a cluster.
    String line =
        ferry("run", job("").toString(), "--runner", "flink", "--flink-master", "127.0.0.1:1")
            .exits(ExitCode.USAGE)
            .oneLineError();
    assertTrue(line.contains("ferry is not running from a jar"), line);
    assertTrue(line.contains("--flink-jar FILE"), line);
    line =
        ferry(
                "run",
                job("").toString(),
                "--runner",
                "flink",
                "--flink-master",
                "127.0.0.1:1",
                "--flink-jar",
                dir.resolve("missing.jar").toString())
            .exits(ExitCode.USAGE)
            .oneLineError();
    assertTrue(line.contains("missing.jar is not a file"), line);
  }

  @Test
  void aJobSentToAClusterNeedsAbsolutePaths() throws Exception {
    Path relative =
        ShopFixture.write(
            dir,
            "relative.yaml",
            """
            name: relative
            source: {kind: sqlite, url: "jdbc:sqlite:%s"}
            target: {kind: lakehouse, path: lake/}
            """
                .formatted(db));
    String line =
        ferry("run", relative.toString(), "--runner", "flink", "--flink-master", "127.0.0.1:1")
            .exits(ExitCode.USAGE)
            .oneLineError();
    assertTrue(line.contains("target.path 'lake/' is relative"), line);
    assertTrue(line.contains("give an absolute path"), line);

    // A restore from S3 reads the checked copy in source.staging on the TaskManagers.
    String restore =
        """
        name: restore
        source: {kind: dump, url: "s3://dumps/pg/shop/latest"%s}
        target: {kind: postgres, url: "jdbc:postgresql://127.0.0.1:1/x", schema: s, mode: create}
        """;
    for (String staging : List.of("", ", staging: staging/")) {
      Path job = ShopFixture.write(dir, "restore.yaml", restore.formatted(staging));
      String refused =
          ferry("run", job.toString(), "--runner", "flink", "--flink-master", "127.0.0.1:1")
              .exits(ExitCode.USAGE)
              .oneLineError();
      assertTrue(
          staging.isEmpty()
              ? refused.contains("source.staging is needed to restore an s3:// dump on a Flink")
              : refused.contains("source.staging 'staging/' is relative"),
          refused);
    }
  }

  @Test
  void parallelismMustBePositive() throws Exception {
    String line =
        ferry("run", job("").toString(), "--parallelism", "0").exits(ExitCode.USAGE).oneLineError();
    assertTrue(line.contains("--parallelism must be 1 or more, got 0"), line);
    assertFalse(Files.exists(dir.resolve("lake")), "nothing written");
  }

  @Test
  void unknownRunnerAndSubcommand() throws Exception {
    Cli.Result runner = ferry("run", job("").toString(), "--runner", "spark").exits(ExitCode.USAGE);
    assertTrue(runner.oneLineError().contains("spark"), runner.err());

    Cli.Result verb = ferry("migrate-everything").exits(ExitCode.USAGE);
    assertTrue(verb.oneLineError().contains("'migrate-everything'"), verb.err());
    assertTrue(verb.err().contains("Try 'ferry --help' for usage."), verb.err());

    Cli.Result noJob = ferry("run").exits(ExitCode.USAGE);
    assertTrue(noJob.oneLineError().contains("JOB.yaml"), noJob.err());
    assertTrue(noJob.err().contains("Try 'ferry run --help' for usage."), noJob.err());
  }

  @Test
  void helpListsTheVerbs() {
    Cli.Result help = ferry("--help").exits(ExitCode.OK);
    for (String verb : new String[] {"run", "plan", "inspect"}) {
      assertTrue(help.out().matches("(?s).*\\n  " + verb + " .*"), verb + " in:\n" + help.out());
    }
    assertTrue(help.out().contains("Exit codes:"), help.out());
    assertEquals("", help.err());

    Cli.Result bare = ferry().exits(ExitCode.OK);
    assertTrue(bare.out().contains("Usage: ferry"), bare.out());

    Cli.Result run = ferry("run", "--help").exits(ExitCode.OK);
    assertTrue(run.out().startsWith("Usage: ferry run"), run.out());
    for (String option : new String[] {"--report", "--run-id", "--runner", "--parallelism"}) {
      assertTrue(run.out().contains(option), option + " in:\n" + run.out());
    }

    assertEquals(ExitCode.OK, ferry("plan", "--help").exit());
    assertEquals(ExitCode.OK, ferry("inspect", "--help").exit());
    assertTrue(ferry("--version").exits(ExitCode.OK).out().startsWith("ferry "));
  }
}

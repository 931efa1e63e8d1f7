package dev.ferry.runners;

import static dev.ferry.runners.Cli.ferry;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ferry.schemas.sql.Identifiers;
import dev.ferry.testkit.PostgresServer;
import dev.ferry.testkit.S3Server;
import dev.ferry.testkit.TestDatabase;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The hand-off example as {@code examples/handoff.sh} runs it: {@code examples/handoff-dump.yaml}
 * dumps the quickstart's shop to S3 (s3proxy) with 14 known bad rows in {@code rejected/}, then
 * {@code examples/handoff-restore.yaml} restores the latest dump into PostgreSQL schema {@code
 * shop}, each table holding the rows the manifest says, and marks it with {@code restored.json}.
 * The job files are run as they are, from the environment the script gives them; only the SQLite
 * file is moved into a temporary directory.
 */
class HandoffExampleTest {

  static final Path DUMP = ShopFixture.REPO.resolve("examples/handoff-dump.yaml");
  static final Path RESTORE = ShopFixture.REPO.resolve("examples/handoff-restore.yaml");
  static final String BUCKET = "handoff-example";
  static final String SCHEMA = "shop";

  /**
   * shop.db's deliberately bad rows (examples/quickstart.yaml lists 8) but the repeated email (a
   * dump checks no {@code unique} rule), and the 7 items of the 2 rejected orders, which the
   * restore's foreign key would refuse as orphans.
   */
  static final int BAD_ROWS = 14;

  static final List<String> TABLES = List.of("customers", "order_items", "orders", "products");

  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir static Path dir;
  static S3Server s3;
  static TestDatabase pg;
  static Map<String, String> env;

  @BeforeAll
  static void servers() throws Exception {
    s3 = S3Server.shared();
    s3.createBucket(BUCKET);
    pg = PostgresServer.shared().createDatabase("handoff_example");
    env =
        Map.of(
            "S3_BUCKET", BUCKET,
            "S3_ENDPOINT", s3.endpoint().toString(),
            "AWS_ACCESS_KEY_ID", s3.accessKey(),
            "AWS_SECRET_ACCESS_KEY", s3.secretKey(),
            "AWS_REGION", "us-east-1",
            "PG_URL", pg.jdbcUrl(),
            "PG_USER", pg.user(),
            "PG_PASSWORD", pg.password());
  }

  @Test
  void dumpsTheShopToS3AndRestoresTheLatestDumpIntoPostgres() throws Exception {
    Path db = ShopFixture.makeShopDb(dir);
    String yaml = Files.readString(DUMP, StandardCharsets.UTF_8);
    String from = "url: jdbc:sqlite:examples/data/shop.db";
    assertEquals(yaml.indexOf(from), yaml.lastIndexOf(from), "one source url in " + DUMP);
    assertTrue(yaml.contains(from), DUMP + " reads examples/data/shop.db");
    Path dumpJob =
        ShopFixture.write(dir, "handoff-dump.yaml", yaml.replace(from, "url: jdbc:sqlite:" + db));

    // Step 1: the dump, with the known bad rows set aside, within max_rejected.
    Cli.Result dump = ferry(env, "run", dumpJob.toString()).exits(ExitCode.OK);
    Matcher complete =
        Pattern.compile("dump complete: s3://" + BUCKET + "/(ferry/shop/\\S+) \\(")
            .matcher(dump.out());
    assertTrue(complete.find(), dump.out());
    String directory = complete.group(1);
    JsonNode manifest = JSON.readTree(s3.read(BUCKET, directory + "/manifest.json"));
    assertEquals(BAD_ROWS, manifest.get("rejected").get("rows").asLong(), manifest.toString());
    assertTrue(
        s3.list(BUCKET).stream().anyMatch(k -> k.startsWith(directory + "/rejected/")),
        "the bad rows are in rejected/: " + s3.list(BUCKET));
    Set<String> dumped = new HashSet<>();
    manifest.get("tables").forEach(t -> dumped.add(t.get("name").asText()));
    assertEquals(Set.copyOf(TABLES), dumped);

    // Step 2: the restore of the latest dump, checked, counted and marked.
    Cli.Result restore = ferry(env, "run", RESTORE.toString()).exits(ExitCode.OK);
    assertTrue(
        restore.out().contains("checking dump s3://" + BUCKET + "/" + directory + " ("),
        restore.out());
    assertTrue(restore.out().contains("restore verified"), restore.out());
    for (JsonNode t : manifest.get("tables")) {
      String table = t.get("name").asText();
      assertEquals(t.get("rows").asLong(), rowCount(table), SCHEMA + "." + table);
    }
    JsonNode marker = JSON.readTree(s3.read(BUCKET, directory + "/restored.json"));
    assertEquals(SCHEMA, marker.get("schema").asText());
    assertFalse(marker.toString().contains(pg.password()), "no password in restored.json");
    assertFalse(
        (dump.out() + dump.err() + restore.out() + restore.err()).contains(s3.secretKey()),
        "the S3 secret is printed nowhere");
  }

  private static long rowCount(String table) throws Exception {
    try (Connection c = pg.connect();
        Statement s = c.createStatement();
        ResultSet r =
            s.executeQuery(
                "SELECT count(*) FROM "
                    + Identifiers.quote(SCHEMA)
                    + "."
                    + Identifiers.quote(table))) {
      r.next();
      return r.getLong(1);
    }
  }
}

package dev.ferry.runners;

import static dev.ferry.runners.Cli.ferry;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.HexFormat;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code ferry plan} on the quickstart: what would happen, with no data moved. */
class PlanCommandTest {

  @TempDir static Path shared;
  private static Path db;

  @TempDir Path dir;

  @BeforeAll
  static void makeShop() throws Exception {
    db = ShopFixture.makeShopDb(shared);
  }

  @Test
  void plansEveryTableAndMovesNoData() throws Exception {
    Path lake = dir.resolve("lake");
    Path job = ShopFixture.quickstartJob(dir, db, lake);
    String dbBefore = sha256(db);

    Cli.Result plan = ferry("plan", job.toString()).exits(ExitCode.OK);

    String out = plan.out();
    assertEquals("", plan.err());
    assertTrue(
        out.startsWith(
            "job quickstart: sqlite " + db + " → lakehouse " + lake + " (bronze → silver → gold)"),
        out);
    assertTrue(out.contains("dead letters → " + lake + "/_dead_letters"), out);
    for (String t :
        List.of(
            "customers (300 rows)",
            "order_items (3382 rows)",
            "orders (1500 rows)",
            "products (60 rows)")) {
      String name = t.substring(0, t.indexOf(' '));
      assertTrue(
          out.contains("\ntable " + t + " → " + lake + "/bronze/" + name + "\n"), t + ":\n" + out);
    }
    String orders = section(out, "orders");
    assertTrue(orders.contains("partitions: year/month/day by the UTC date of ordered_at"), orders);
    assertTrue(section(out, "customers").contains("partitions: year/month/day by the ingest date"));
    assertColumn(
        section(out, "products"), "price", "DECIMAL(10,2)", "decimal(10,2)", "decimal(10,2)");
    assertColumn(section(out, "products"), "photo", "BLOB", "bytes", "binary");
    assertColumn(section(out, "products"), "created_on", "DATE", "date", "date");
    assertColumn(section(out, "products"), "weight_kg", "REAL", "double", "double");
    assertColumn(orders, "ordered_at", "DATETIME", "timestamp", "timestamp");
    assertColumn(orders, "currency", "CHAR(3)", "varchar(3)", "string");
    assertColumn(section(out, "customers"), "email", "VARCHAR(120)", "varchar(120)", "string");
    assertColumn(section(out, "customers"), "marketing_opt_in", "BOOLEAN", "boolean", "boolean");
    assertColumn(orders, "_run_id", "-", "text", "string");

    assertTrue(
        section(out, "customers")
            .contains("rule customers.email: not_null regex=^[^@\\s]+@[^@\\s]+\\.[^@\\s]+$ unique"),
        out);
    assertTrue(orders.contains("rule orders.status: in=[pending, paid, shipped, cancelled]"), out);
    assertTrue(section(out, "order_items").contains("rule order_items.quantity: range=[1, 1000]"));
    assertTrue(section(out, "products").contains("rule products.price: range=[0, ]"), out);

    String notCopied = out.substring(out.indexOf("not copied (listed only):"));
    assertTrue(notCopied.contains("  view order_totals\n"), notCopied);
    assertTrue(notCopied.contains("  trigger orders_set_shipped_at\n"), notCopied);

    assertFalse(Files.exists(lake), "plan writes nothing to the lake");
    assertEquals(dbBefore, sha256(db), "plan leaves the source as it was");
    assertFalse(Files.exists(Path.of(db + "-journal")) || Files.exists(Path.of(db + "-wal")));
  }

  @Test
  void showsCastsAndOnlyTheSelectedTables() throws Exception {
    Path lake = dir.resolve("lake");
    Files.createDirectories(lake);
    Path job =
        ShopFixture.write(
            dir,
            "job.yaml",
            """
            name: products-only
            source:
              kind: sqlite
              url: jdbc:sqlite:%s
              tables: ["p*", "orders"]
              exclude: [orders]
            target:
              kind: lakehouse
              path: %s
            casts:
              - {column: products.weight_kg, type: "decimal(8,3)"}
            rules:
              - {column: products.sku, check_digits: luhn, when: {category: gift}}
            """
                .formatted(db, lake));

    Cli.Result plan = ferry("plan", job.toString()).exits(ExitCode.OK);

    assertTrue(plan.out().contains("\ntable products (60 rows)"), plan.out());
    assertFalse(plan.out().contains("\ntable orders"), plan.out());
    assertFalse(plan.out().contains("\ntable customers"), plan.out());
    assertColumn(plan.out(), "weight_kg", "REAL", "decimal(8,3)", "decimal(8,3)");
    assertTrue(
        plan.out().contains("rule products.sku: check_digits=luhn when={category=gift}"),
        plan.out());
    try (var files = Files.list(lake)) {
      assertEquals(0, files.count(), "an existing lake stays empty");
    }
  }

  @Test
  void plansADumpItsDirectoryFilesAndSchemaAndWritesNothing() throws Exception {
    Path dumps = dir.resolve("dumps");
    Path job = dumpJob("gzip", dumps);

    Cli.Result plan = ferry("plan", job.toString()).exits(ExitCode.OK);

    String out = plan.out();
    assertEquals("", plan.err());
    assertTrue(out.startsWith("job quickstart: sqlite " + db + " → dump " + dumps + "\n"), out);
    String directory = "quickstart/" + day("yyyy/MM/dd") + "/quickstart-" + day("yyyyMMdd") + "/";
    assertTrue(
        out.contains("\nnext directory: " + directory + "\n  at " + dumps + "/" + directory + "\n"),
        out);
    assertTrue(out.contains("compression gzip (level 6), at most 500 rows per shard"), out);
    for (String file :
        List.of(
            "schema.sql",
            "data/<table>/<range>-NNN.copy.gz",
            "rejected/<id>.jsonl.gz",
            "restore.sql",
            "SHA256SUMS",
            "manifest.json")) {
      assertTrue(out.contains("\n  " + file + " "), file + " in:\n" + out);
    }
    assertTrue(
        out.indexOf("\n  SHA256SUMS ") < out.indexOf("\n  manifest.json "), "manifest.json last");
    assertTrue(
        out.contains("\ntable orders (1500 rows) → \"public\".\"orders\" in data/orders/\n"), out);
    assertPostgresColumn(section(out, "products"), "price", "DECIMAL(10,2)", "numeric(10,2)");
    assertPostgresColumn(section(out, "orders"), "ordered_at", "DATETIME", "timestamptz");
    assertTrue(
        section(out, "orders").contains("rule orders.status: in=[pending, paid, shipped]"), out);
    String ddl = out.substring(out.indexOf("\n-- schema.sql"));
    assertTrue(ddl.contains("CREATE TABLE \"public\".\"orders\""), ddl);

    assertFalse(Files.exists(dumps), "plan writes nothing where the dump goes");
  }

  @Test
  void plansTheNextFreeDirectoryOfTheDayUncompressed() throws Exception {
    Path dumps = dir.resolve("dumps");
    String today = "quickstart/" + day("yyyy/MM/dd") + "/quickstart-" + day("yyyyMMdd");
    Path earlier = Files.createDirectories(dumps.resolve(today)).resolve("manifest.json");
    Files.writeString(earlier, "{}");
    Path job = dumpJob("none", dumps);

    String out = ferry("plan", job.toString()).exits(ExitCode.OK).out();

    assertTrue(out.contains("\nnext directory: " + today + "-2/\n"), out);
    assertTrue(out.contains("compression none"), out);
    assertTrue(out.contains("\n  data/<table>/<range>-NNN.copy "), out);
    try (var files = Files.walk(dumps)) {
      assertEquals(List.of(earlier), files.filter(Files::isRegularFile).toList());
    }
  }

  @Test
  void plansARestoreNamingTheDumpItFound() throws Exception {
    Path dumps = dir.resolve("dumps");
    ferry("run", dumpJob("gzip", dumps).toString());
    Path manifestFile;
    try (var files = Files.walk(dumps)) {
      manifestFile = files.filter(f -> f.endsWith("manifest.json")).findFirst().orElseThrow();
    }
    JsonNode manifest = new ObjectMapper().readTree(manifestFile.toFile());
    long rows = 0;
    for (JsonNode t : manifest.get("tables")) {
      rows += t.get("rows").asLong();
    }
    Path restore =
        ShopFixture.write(
            dir,
            "restore.yaml",
            """
            name: restore
            source:
              kind: dump
              url: %s/quickstart/latest
            target:
              kind: postgres
              url: jdbc:postgresql://127.0.0.1:1/nowhere
            """
                .formatted(dumps));

    String out = ferry("plan", restore.toString()).exits(ExitCode.OK).out();

    assertTrue(
        out.contains(
            "\ndump found: "
                + manifestFile.getParent()
                + " (run "
                + manifest.get("run_id").asText()
                + ", finished "
                + manifest.get("finished").asText()
                + ", "
                + rows
                + " rows)\n"),
        out);
    assertTrue(out.contains("\ntable orders ("), out);
  }

  /** The shop into a dump at {@code dumps}, with one rule a dump checks. */
  private Path dumpJob(String compression, Path dumps) throws Exception {
    return ShopFixture.write(
        dir,
        "job.yaml",
        """
        name: quickstart
        source:
          kind: sqlite
          url: jdbc:sqlite:%s
        target:
          kind: dump
          path: %s
          compression: %s
          shard_rows: 500
        rules:
          - {column: orders.status, in: [pending, paid, shipped]}
        """
            .formatted(db, dumps, compression));
  }

  private static String day(String pattern) {
    return LocalDate.now(ZoneOffset.UTC).format(DateTimeFormatter.ofPattern(pattern));
  }

  private static void assertPostgresColumn(
      String text, String column, String declared, String postgres) {
    Pattern line =
        Pattern.compile(
            "(?m)^  "
                + Pattern.quote(column)
                + " +"
                + Pattern.quote(declared)
                + " +→ \\S+ +postgres "
                + Pattern.quote(postgres)
                + "$");
    assertTrue(line.matcher(text).find(), column + " line in:\n" + text);
  }

  /** The plan's lines for one table, up to the next table. */
  private static String section(String plan, String table) {
    int start = plan.indexOf("\ntable " + table + " (");
    assertTrue(start >= 0, "table " + table + " in:\n" + plan);
    int end = plan.indexOf("\n\n", start + 1);
    return plan.substring(start, end < 0 ? plan.length() : end);
  }

  private static void assertColumn(
      String text, String column, String declared, String logical, String delta) {
    Pattern line =
        Pattern.compile(
            "(?m)^  "
                + Pattern.quote(column)
                + " +"
                + Pattern.quote(declared)
                + " +→ "
                + Pattern.quote(logical)
                + " +delta "
                + Pattern.quote(delta)
                + "$");
    assertTrue(line.matcher(text).find(), column + " line in:\n" + text);
  }

  private static String sha256(Path file) throws Exception {
    return HexFormat.of()
        .formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
  }
}

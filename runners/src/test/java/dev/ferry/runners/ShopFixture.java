package dev.ferry.runners;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.TimeUnit;

/**
 * The example shop database, made by the real script, and job files for it: the quickstart job
 * pointed into a temporary directory, or small hand-written jobs.
 */
final class ShopFixture {

  /** The repository root: tests run in the runners module. */
  static final Path REPO = Path.of("..").toAbsolutePath().normalize();

  static final Path QUICKSTART = REPO.resolve("examples/quickstart.yaml");

  private ShopFixture() {}

  /** Runs {@code python3 examples/make_shop_db.py --out DIR/shop.db} and returns the file. */
  static Path makeShopDb(Path dir) throws IOException, InterruptedException {
    Path db = dir.resolve("shop.db");
    Path log = dir.resolve("make_shop_db.log");
    Process p =
        new ProcessBuilder("python3", "examples/make_shop_db.py", "--out", db.toString())
            .directory(REPO.toFile())
            .redirectErrorStream(true)
            .redirectOutput(log.toFile())
            .start();
    assertTrue(p.waitFor(120, TimeUnit.SECONDS), "make_shop_db.py finishes");
    assertEquals(0, p.exitValue(), "make_shop_db.py failed:\n" + read(log));
    assertTrue(Files.size(db) > 0);
    return db;
  }

  /** examples/quickstart.yaml with its source and lake moved to {@code db} and {@code lake}. */
  static Path quickstartJob(Path dir, Path db, Path lake) throws IOException {
    return quickstartJob(dir, db, lake, "");
  }

  /** The quickstart job with {@code extra} YAML appended (later keys must not repeat). */
  static Path quickstartJob(Path dir, Path db, Path lake, String extra) throws IOException {
    String yaml = read(QUICKSTART);
    String moved =
        replaceOnce(
            replaceOnce(yaml, "url: jdbc:sqlite:examples/data/shop.db", "url: jdbc:sqlite:" + db),
            "path: lake/quickstart",
            "path: " + lake);
    Path job = dir.resolve("job.yaml");
    Files.writeString(job, moved + extra, StandardCharsets.UTF_8);
    return job;
  }

  /** The quickstart job without its gold tables (their SQL is slow on the DirectRunner). */
  static Path quickstartJobWithoutGold(Path dir, Path db, Path lake) throws IOException {
    Path job = quickstartJob(dir, db, lake);
    String yaml = read(job);
    int gold = yaml.indexOf("\n# Gold:");
    assertTrue(gold > 0, "the quickstart has a gold section");
    Files.writeString(job, yaml.substring(0, gold + 1), StandardCharsets.UTF_8);
    return job;
  }

  /** Writes {@code yaml} to {@code dir/name} and returns the path. */
  static Path write(Path dir, String name, String yaml) throws IOException {
    Path file = dir.resolve(name);
    Files.writeString(file, yaml, StandardCharsets.UTF_8);
    return file;
  }

  /** Creates an SQLite database at {@code file} from {@code statements}. */
  static Path sqlite(Path file, String... statements) throws SQLException {
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file);
        Statement s = c.createStatement()) {
      for (String sql : statements) {
        s.executeUpdate(sql);
      }
    }
    return file;
  }

  static String read(Path file) throws IOException {
    return Files.readString(file, StandardCharsets.UTF_8);
  }

  private static String replaceOnce(String text, String from, String to) {
    int at = text.indexOf(from);
    assertTrue(at >= 0 && text.indexOf(from, at + 1) < 0, "quickstart.yaml has one '" + from + "'");
    return text.substring(0, at) + to + text.substring(at + from.length());
  }
}

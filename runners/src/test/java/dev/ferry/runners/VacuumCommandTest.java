package dev.ferry.runners;

import static dev.ferry.runners.Cli.ferry;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ferry.testkit.DeltaKernelReader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code ferry vacuum}: after a silver rebuild replaced files, vacuuming deletes exactly the files
 * the current versions no longer reference, and every table still reads the same rows.
 */
class VacuumCommandTest {

  @TempDir static Path dir;

  private static Path lake;
  private static Path job;

  @BeforeAll
  static void runTwice() throws Exception {
    Path db = ShopFixture.makeShopDb(dir);
    lake = dir.resolve("lake");
    job = ShopFixture.quickstartJobWithoutGold(dir, db, lake);
    ferry("run", job.toString()).exits(ExitCode.OK);
    // silver customers is partitioned by ingest date: rebuilt whole, its first files replaced
    ferry("run", job.toString(), "--layers", "silver").exits(ExitCode.OK);
  }

  @Test
  void deletesOnlyUnreferencedFilesAndTablesReadTheSame() throws IOException {
    String customers = lake.resolve("silver/customers").toString();
    List<Map<String, Object>> before = DeltaKernelReader.latest(customers).rows();
    Set<Path> referenced = referenced(customers);
    assertTrue(parquet(lake.resolve("silver/customers")).size() > referenced.size(), "replaced");

    Cli.Result vacuum =
        ferry("vacuum", job.toString(), "--retain", "0h", "--force").exits(ExitCode.OK);

    assertTrue(vacuum.out().contains(customers + ": "), vacuum.out());
    assertTrue(vacuum.out().contains("ferry: vacuum done: "), vacuum.out());
    assertFalse(vacuum.out().contains("ferry: vacuum done: 0 files"), vacuum.out());
    assertEquals(referenced, parquet(lake.resolve("silver/customers")), "only live files remain");
    assertEquals(before.size(), DeltaKernelReader.latest(customers).rows().size());
    for (String table : List.of("bronze/orders", "silver/orders", "_dead_letters")) {
      String path = lake.resolve(table).toString();
      assertEquals(referenced(path), parquet(lake.resolve(table)), table);
    }
  }

  @Test
  void aShortRetentionNeedsForceAndABadOneIsNamed() {
    Cli.Result refused = ferry("vacuum", job.toString(), "--retain", "1h").exits(ExitCode.USAGE);
    assertTrue(refused.err().contains("--retain 1h: under 7 days"), refused.err());
    Cli.Result bad = ferry("vacuum", job.toString(), "--retain", "soon").exits(ExitCode.USAGE);
    assertTrue(bad.err().contains("'soon' is not a duration like 7d"), bad.err());
  }

  private static Set<Path> referenced(String table) {
    return DeltaKernelReader.latest(table).files().stream()
        .map(f -> Path.of(f.startsWith("file:") ? f.substring(5) : f).normalize())
        .collect(Collectors.toSet());
  }

  private static Set<Path> parquet(Path table) throws IOException {
    try (Stream<Path> files = Files.walk(table)) {
      return files
          .filter(p -> p.toString().endsWith(".parquet"))
          .map(Path::normalize)
          .collect(Collectors.toSet());
    }
  }
}

package dev.ferry.runners;

import static dev.ferry.runners.Cli.ferry;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ferry.testkit.DeltaKernelReader;
import dev.ferry.testkit.MongoServer;
import dev.ferry.testkit.TestMongoDatabase;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code ferry plan} and {@code ferry run} of a MongoDB collection into the lakehouse: every
 * document raw in bronze, the flattened tables in silver, the summary counting documents.
 */
class MongoLakeRunTest {

  @TempDir static Path dir;
  static TestMongoDatabase mongo;
  static Path job;

  @BeforeAll
  static void collection() throws Exception {
    mongo = MongoServer.shared().createDatabase("lake_source");
    mongo.insertJson("odd", MongoFidelityTest.fixture("odd.json"));
    job = dir.resolve("lake.yaml");
    Files.writeString(
        job,
        """
        name: odd-lake
        source:
          kind: mongodb
          url: %s
          tables: [odd]
        target:
          kind: lakehouse
          path: %s
        """
            .formatted(mongo.connectionString(), dir.resolve("lake")));
  }

  @Test
  void bronzeKeepsTheDocumentsAndSilverTheirTables() {
    Cli.Result plan = ferry("plan", job.toString()).exits(ExitCode.OK);
    assertTrue(
        plan.out().contains("raw documents in bronze, flattened tables in silver"), plan.out());
    assertTrue(
        plan.out().contains("collection odd: 3 documents sampled (all documents) → "), plan.out());
    assertTrue(plan.out().contains("/silver/odd_lines_parts"), plan.out());

    Cli.Result r = ferry("run", job.toString()).exits(ExitCode.OK);
    String out = r.out();
    assertTrue(out.contains("\nodd (documents)  "), out);
    assertTrue(out.contains("\nodd (bronze)  "), out);
    assertTrue(out.matches("(?s).*\ntotal \\(documents\\) +3 +3 +0 .*"), out);
    Path lake = dir.resolve("lake");
    assertEquals(3, DeltaKernelReader.latest(lake.resolve("bronze/odd").toString()).rows().size());
    assertEquals(3, DeltaKernelReader.latest(lake.resolve("silver/odd").toString()).rows().size());
    assertEquals(
        3, DeltaKernelReader.latest(lake.resolve("silver/odd_lines").toString()).rows().size());
    assertEquals(
        3,
        DeltaKernelReader.latest(lake.resolve("silver/odd_lines_parts").toString()).rows().size());
  }
}

package dev.ferry.runners;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link Ferry#main} in a child JVM, as {@code ./ferry} runs it: what a person sees must reach the
 * real stdout before the process exits.
 */
class FerryMainTest {

  @TempDir Path dir;

  @Test
  void helpReachesStdout() throws Exception {
    Output help = main("--help");
    assertEquals(0, help.exit, help.err);
    assertTrue(help.out.contains("Usage: ferry"), help.out);
  }

  @Test
  void inspectAndPlanReachStdout() throws Exception {
    Path db = ShopFixture.makeShopDb(dir);
    Output inspect = main("inspect", db.toString());
    assertEquals(0, inspect.exit, inspect.err);
    assertTrue(inspect.out.contains("table orders"), "inspect printed: '" + inspect.out + "'");

    Path job = ShopFixture.quickstartJob(dir, db, dir.resolve("lake"));
    Output plan = main("plan", job.toString());
    assertEquals(0, plan.exit, plan.err);
    assertTrue(plan.out.contains("table orders"), "plan printed: '" + plan.out + "'");
  }

  private record Output(int exit, String out, String err) {}

  private Output main(String... args) throws Exception {
    String classpath =
        System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-cp");
    command.add(classpath);
    command.add(Ferry.class.getName());
    command.addAll(List.of(args));
    Path out = Files.createTempFile(dir, "out", ".txt");
    Path err = Files.createTempFile(dir, "err", ".txt");
    Process p =
        new ProcessBuilder(command)
            .directory(new File("."))
            .redirectOutput(out.toFile())
            .redirectError(err.toFile())
            .start();
    assertTrue(p.waitFor(120, TimeUnit.SECONDS), "ferry " + String.join(" ", args) + " ends");
    return new Output(
        p.exitValue(),
        Files.readString(out, StandardCharsets.UTF_8),
        Files.readString(err, StandardCharsets.UTF_8));
  }
}

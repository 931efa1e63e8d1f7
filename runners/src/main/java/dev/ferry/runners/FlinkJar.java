package dev.ferry.runners;

import dev.ferry.pipelines.job.JobException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.CodeSource;

/**
 * The jar a Flink cluster is sent so that its TaskManagers can run ferry's code: {@code
 * ferry-flink.jar} (ferry and its dependencies without Flink's own classes, which the cluster has)
 * beside the jar ferry runs from, else that jar itself.
 */
final class FlinkJar {

  /** The jar built beside {@code ferry.jar}. */
  static final String NAME = "ferry-flink.jar";

  /** Overrides where the jar is looked for (tests, which run ferry from classes). */
  static final String PROPERTY = "ferry.flink.jar";

  private FlinkJar() {}

  /** {@code explicit} if given (else the system property), checked; else found as above. */
  static Path locate(Path explicit) {
    Path given =
        explicit != null
            ? explicit
            : System.getProperty(PROPERTY) == null ? null : Path.of(System.getProperty(PROPERTY));
    if (given != null) {
      if (!Files.isRegularFile(given)) {
        throw new JobException("--flink-jar: " + given + " is not a file");
      }
      return given.toAbsolutePath();
    }
    Path running = runningJar();
    if (running == null) {
      throw new JobException(
          "--flink-master sends ferry's jar to the cluster, but ferry is not running from a jar:"
              + " build runners/target/"
              + NAME
              + " (mvn -B package -DskipTests -pl runners -am) and pass it with --flink-jar FILE");
    }
    Path beside = running.resolveSibling(NAME);
    return Files.isRegularFile(beside) ? beside : running;
  }

  /** The jar this class was loaded from, or null when it came from a directory. */
  private static Path runningJar() {
    CodeSource source = FlinkJar.class.getProtectionDomain().getCodeSource();
    if (source == null || source.getLocation() == null) {
      return null;
    }
    try {
      Path path = Path.of(source.getLocation().toURI()).toAbsolutePath();
      return Files.isRegularFile(path) && path.toString().endsWith(".jar") ? path : null;
    } catch (URISyntaxException | IllegalArgumentException e) {
      return null;
    }
  }
}

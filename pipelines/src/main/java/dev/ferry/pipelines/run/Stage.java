package dev.ferry.pipelines.run;

import java.util.List;
import java.util.function.Supplier;
import org.apache.beam.sdk.Pipeline;

/**
 * One pipeline of a run. A lakehouse run has one per layer, each built only when the one before has
 * committed, since it reads what that one wrote; other runs have one.
 *
 * @param name what the stage builds, for progress lines ({@code silver})
 * @param pipeline builds the stage's pipeline when its turn comes; null when a run with the same
 *     run id already committed everything the stage writes, so it is skipped
 * @param tables the names its metrics are kept under, in summary order
 */
public record Stage(String name, Supplier<Pipeline> pipeline, List<String> tables) {

  public Stage {
    tables = List.copyOf(tables);
  }

  /** A stage a run with the same run id already committed: nothing to build. */
  public static Stage committed(String name, List<String> tables) {
    return new Stage(name, null, tables);
  }

  public boolean alreadyCommitted() {
    return pipeline == null;
  }
}

package dev.ferry.pipelines.lakehouse;

import dev.ferry.pipelines.job.Job;
import dev.ferry.pipelines.run.RunContext;
import java.util.Optional;

/**
 * The Delta transaction ids of a lakehouse run, one per layer: a repeated run id commits nothing a
 * layer already committed, and each layer's commits (its dead letters included) are told apart.
 */
public final class LakeIds {

  private static final String PREFIX = "ferry:";

  private LakeIds() {}

  /** {@code ferry:<job>:<run id>} for bronze (as before layers existed), with the layer after. */
  static String of(Job job, RunContext run, Layer layer) {
    String base = PREFIX + job.name() + ":" + run.runId();
    return layer == Layer.BRONZE ? base : base + ":" + layer.lakeName();
  }

  /** The run id of {@code job} a bronze transaction id names, or empty when it is another's. */
  public static Optional<String> bronzeRun(Job job, String appId) {
    String prefix = PREFIX + job.name() + ":";
    return appId.startsWith(prefix)
        ? Optional.of(appId.substring(prefix.length()))
        : Optional.empty();
  }
}

package dev.ferry.pipelines.lakehouse;

import dev.ferry.pipelines.job.Job;
import dev.ferry.pipelines.run.RunContext;

/**
 * The Delta transaction ids of a lakehouse run, one per layer: a repeated run id commits nothing a
 * layer already committed, and each layer's commits (its dead letters included) are told apart.
 */
final class LakeIds {

  private LakeIds() {}

  /** {@code ferry:<job>:<run id>} for bronze (as before layers existed), with the layer after. */
  static String of(Job job, RunContext run, Layer layer) {
    String base = "ferry:" + job.name() + ":" + run.runId();
    return layer == Layer.BRONZE ? base : base + ":" + layer.lakeName();
  }
}

/**
 * {@code ferry verify}: proves a target holds what the job's source holds after the job's own type
 * mapping, casts, normalizations and rules. {@link dev.ferry.pipelines.verify.VerifyPlan} pairs
 * each source table with its copy in the target; {@link dev.ferry.pipelines.verify.VerifyPipeline}
 * digests both in key-range chunks, drills into differing chunks row by row and counts orphans;
 * {@link dev.ferry.pipelines.verify.VerifyReport} reads the verdict back from the runner's metrics.
 * A {@code mongodb} source's tables come from reading each collection once and flattening it with
 * the load's own plan and steps ({@code CollectionSource}).
 */
package dev.ferry.pipelines.verify;

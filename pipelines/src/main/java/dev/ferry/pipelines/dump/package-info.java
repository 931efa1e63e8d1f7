/**
 * Dump and restore jobs: {@link dev.ferry.pipelines.dump.DumpPlan} resolves a job into a {@code
 * dump} target (dated directory, DDL, restore script), {@link dev.ferry.pipelines.dump.DumpRun}
 * starts and confirms one dump, {@link dev.ferry.pipelines.dump.DumpPipeline} writes it; {@link
 * dev.ferry.pipelines.dump.Restore} checks a dump before a restore loads it and, after, compares
 * the target with the manifest, cleans up and marks the dump restored.
 */
package dev.ferry.pipelines.dump;

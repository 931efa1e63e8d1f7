package dev.ferry.pipelines.documents;

import dev.ferry.pipelines.job.Job;
import dev.ferry.pipelines.job.TargetSpec;
import dev.ferry.pipelines.migrate.MigratePlan;
import dev.ferry.pipelines.plan.CollectionPlan;
import dev.ferry.pipelines.run.RunContext;
import dev.ferry.schemas.inventory.Table;
import dev.ferry.transforms.deadletter.FailedRow;
import dev.ferry.transforms.document.LoadDocuments;
import dev.ferry.transforms.metrics.TableMetrics;
import dev.ferry.transforms.postgres.DocumentTables;
import dev.ferry.transforms.postgres.NulBytes;
import dev.ferry.transforms.postgres.TableTarget;
import dev.ferry.transforms.postgres.WritePostgresDeadLetters;
import dev.ferry.transforms.postgres.WritePostgresDocuments;
import dev.ferry.transforms.postgres.WrittenBatch;
import java.util.ArrayList;
import java.util.List;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.options.PipelineOptions;
import org.apache.beam.sdk.transforms.Flatten;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionList;
import org.apache.beam.sdk.values.PCollectionTuple;

/**
 * A {@code mongodb} job into PostgreSQL: every collection read (in parallel {@code _id} ranges
 * where the server can split it), each document flattened into its tables, checked, and written
 * with all its tables in one transaction per batch; every rejected document into the target's
 * {@code ferry_dead_letters}. Collections load in parallel.
 *
 * <pre>{@code
 * MigratePlan plan = MigratePlan.of(JobPlan.of(job));   // the flattened tables' DDL and targets
 * TargetSchema.Prepared ready = TargetSchema.prepare(plan, runId);
 * DocumentPipeline.build(plan, RunContext.startNow(), options).run();
 * TargetSchema.finish(plan, ready);                      // foreign keys, indexes (create)
 * }</pre>
 *
 * <p>Modes: {@code upsert} updates a document's root row and replaces all its child rows, so a
 * re-run leaves exactly what the collection holds now; {@code create}, {@code append} and {@code
 * replace} leave a document already in the target as it is (a retried bundle or a re-run adds
 * nothing twice).
 */
public final class DocumentPipeline {

  private DocumentPipeline() {}

  public static Pipeline build(MigratePlan plan, RunContext run, PipelineOptions options) {
    Pipeline pipeline = Pipeline.create(options);
    expandInto(pipeline, plan, run);
    return pipeline;
  }

  /** Adds the job's steps to {@code pipeline} (a TestPipeline in tests). */
  public static void expandInto(Pipeline pipeline, MigratePlan plan, RunContext run) {
    Job job = plan.job().job();
    NulBytes nulBytes = NulBytes.valueOf(job.target().nulBytes().name());
    List<PCollection<FailedRow>> failures = new ArrayList<>();
    for (CollectionPlan collection : plan.job().collections()) {
      String name = collection.collection();
      WritePostgresDocuments write =
          WritePostgresDocuments.to(plan.target(), tables(plan, collection)).withNulBytes(nulBytes);
      LoadDocuments<WrittenBatch> load =
          DocumentSteps.of(plan.job(), collection).into(write.sink(), WrittenBatch.CODER);
      PCollectionTuple out =
          pipeline
              .apply("Ranges of " + name, DocumentReads.of(plan.job(), collection).ranges())
              .apply("Load " + name, load.fromRanges());
      failures.add(out.get(LoadDocuments.FAILED));
    }
    PCollectionList.of(failures)
        .apply("All rejected documents", Flatten.pCollections())
        .apply(
            "Write dead letters",
            WritePostgresDeadLetters.to(plan.target(), plan.schema(), job.name(), run.runId()));
  }

  /**
   * The collection's target tables in plan order. The root's mode decides what a document already
   * in the target does: replaced in {@code upsert}, left as it is otherwise.
   */
  static DocumentTables tables(MigratePlan plan, CollectionPlan collection) {
    List<TableTarget> targets = new ArrayList<>();
    for (Table t : collection.flatten().tables()) {
      targets.add(plan.targets().get(t.name()));
    }
    TableTarget root = targets.get(0);
    TableTarget.Mode mode =
        plan.mode() == TargetSpec.Mode.UPSERT ? TableTarget.Mode.UPSERT : TableTarget.Mode.APPEND;
    targets.set(0, root.withKeyColumns(List.of(root.columns().get(0).name())).withMode(mode));
    return new DocumentTables(TableMetrics.documents(collection.collection()), targets);
  }
}

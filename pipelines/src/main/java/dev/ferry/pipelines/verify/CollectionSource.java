package dev.ferry.pipelines.verify;

import dev.ferry.pipelines.documents.DocumentReads;
import dev.ferry.pipelines.documents.DocumentSteps;
import dev.ferry.pipelines.plan.CollectionPlan;
import dev.ferry.pipelines.plan.JobPlan;
import dev.ferry.transforms.deadletter.FailedRow;
import dev.ferry.transforms.document.CheckDocuments;
import dev.ferry.transforms.document.LoadDocuments;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionTuple;
import org.apache.beam.sdk.values.Row;

/**
 * The source side of a {@code mongodb} job's tables: the collection read once, on the load's own
 * ranges and filter ({@link DocumentReads}), each document flattened and checked with the load's
 * own steps ({@link DocumentSteps}), so every table gets exactly the rows the load handed its
 * writer.
 *
 * <p>A rejected document (it does not flatten, or a rule refuses one of its rows) is one dead
 * letter of the load, under the collection's documents: verify counts it as {@code rejected} of the
 * root table, where it is exactly one row (one root row per document), so the root table reconciles
 * as documents read = rows + rejected. Its child rows are not counted anywhere: a document that
 * does not flatten has no rows to count.
 */
final class CollectionSource {

  private final String root;
  private final CheckDocuments check;
  private final PCollectionTuple out;

  private CollectionSource(String root, CheckDocuments check, PCollectionTuple out) {
    this.root = root;
    this.check = check;
    this.out = out;
  }

  /** Adds the read of {@code collection} to {@code pipeline}. */
  static CollectionSource of(Pipeline pipeline, JobPlan job, CollectionPlan collection) {
    String name = collection.collection();
    CheckDocuments check = DocumentSteps.of(job, collection).checked();
    PCollectionTuple out =
        pipeline
            .apply("Ranges of " + name, DocumentReads.of(job, collection).ranges())
            .apply("Check " + name, check);
    return new CollectionSource(collection.flatten().tables().get(0).name(), check, out);
  }

  /** The rows the load writes into {@code table}. */
  PCollection<Row> rows(String table) {
    return out.get(check.rows(table));
  }

  /** Whether {@code table} is the root table, which the rejected documents are counted under. */
  boolean countsRejectedIn(String table) {
    return root.equals(table);
  }

  /** The documents the load rejects before writing. */
  PCollection<FailedRow> rejected() {
    return out.get(LoadDocuments.FAILED);
  }
}

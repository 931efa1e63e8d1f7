package dev.ferry.pipelines.documents;

import dev.ferry.pipelines.plan.CollectionPlan;
import dev.ferry.pipelines.plan.JobPlan;
import dev.ferry.pipelines.plan.TableSteps;
import dev.ferry.schemas.convert.BeamSchemas;
import dev.ferry.schemas.inventory.Table;
import dev.ferry.transforms.document.LoadDocuments;
import dev.ferry.transforms.document.RowsCheck;
import dev.ferry.transforms.steps.RowStep;
import dev.ferry.transforms.validate.AscendingCheck;
import dev.ferry.transforms.validate.ColumnRule;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The job's {@code normalize} and {@code rules} for one collection's tables: the per-row steps of
 * each table, and the checks across a document's rows ({@code ascending}). Public so {@code ferry
 * verify} checks documents with the load's own steps.
 */
public final class DocumentSteps {

  private DocumentSteps() {}

  public static LoadDocuments.Builder of(JobPlan plan, CollectionPlan collection) {
    Map<String, List<RowStep>> steps = new LinkedHashMap<>();
    Map<String, RowsCheck> checks = new LinkedHashMap<>();
    for (Table t : collection.flatten().tables()) {
      List<ColumnRule> rules = TableSteps.rules(plan.rulesFor(t.name()));
      List<RowStep> tableSteps =
          TableSteps.rowSteps(t, TableSteps.normalizations(plan.job(), t), rules);
      if (!tableSteps.isEmpty()) {
        steps.put(t.name(), tableSteps);
      }
      AscendingCheck ascending = AscendingCheck.of(t.name(), BeamSchemas.of(t.columns()), rules);
      if (!ascending.isEmpty()) {
        checks.put(t.name(), (rows, problems) -> problems.addAll(ascending.check(rows)));
      }
    }
    return LoadDocuments.of(collection.flatten()).withSteps(steps).withChecks(checks);
  }
}

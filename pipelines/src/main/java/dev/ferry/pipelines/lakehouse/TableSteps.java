package dev.ferry.pipelines.lakehouse;

import dev.ferry.pipelines.job.Job;
import dev.ferry.pipelines.job.NormalizeSpec;
import dev.ferry.pipelines.job.RuleSpec;
import dev.ferry.pipelines.plan.TableSelection;
import dev.ferry.schemas.inventory.Column;
import dev.ferry.schemas.inventory.Table;
import dev.ferry.schemas.types.ColumnType;
import dev.ferry.transforms.validate.ColumnRule;
import dev.ferry.transforms.validate.Normalization;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns the job file's {@code normalize} and {@code rules} sections into the per-table settings the
 * transforms take. The job-file model stops here; transforms never see it.
 */
final class TableSteps {

  private TableSteps() {}

  /** Normalization steps per text column of {@code table}; globs match {@code table.column}. */
  static Map<String, List<Normalization>> normalizations(Job job, Table table) {
    Map<String, EnumSet<Normalization>> steps = new LinkedHashMap<>();
    for (NormalizeSpec spec : job.normalize()) {
      String[] glob = spec.column().split("\\.", 2);
      if (!TableSelection.globMatches(glob[0], table.name())) {
        continue;
      }
      for (Column c : table.columns()) {
        if (c.type().kind() == ColumnType.Kind.STRING
            && TableSelection.globMatches(glob[1], c.name())) {
          EnumSet<Normalization> set =
              steps.computeIfAbsent(c.name(), k -> EnumSet.noneOf(Normalization.class));
          spec.steps().forEach(s -> set.add(Normalization.parse(s)));
        }
      }
    }
    Map<String, List<Normalization>> out = new LinkedHashMap<>();
    steps.forEach((k, v) -> out.put(k, List.copyOf(v)));
    return out;
  }

  /** The job's rules for {@code table} as transform rules. */
  static List<ColumnRule> rules(List<RuleSpec> specs) {
    List<ColumnRule> rules = new ArrayList<>();
    for (RuleSpec r : specs) {
      String column = r.column().substring(r.column().indexOf('.') + 1);
      ColumnRule rule =
          ColumnRule.of(column)
              .withNotNull(r.notNull())
              .withType(r.type() == null ? null : ColumnType.parse(r.type()))
              .withRegex(r.regex())
              .withIn(r.in())
              .withUnique(r.unique());
      if (r.range() != null) {
        rule = rule.withMin(r.range().min()).withMax(r.range().max());
      }
      rules.add(rule);
    }
    return rules;
  }
}

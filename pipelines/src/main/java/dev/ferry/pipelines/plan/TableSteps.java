package dev.ferry.pipelines.plan;

import dev.ferry.pipelines.job.Job;
import dev.ferry.pipelines.job.NormalizeSpec;
import dev.ferry.pipelines.job.RuleSpec;
import dev.ferry.schemas.convert.BeamSchemas;
import dev.ferry.schemas.inventory.Column;
import dev.ferry.schemas.inventory.Table;
import dev.ferry.schemas.sql.ReadOptions;
import dev.ferry.schemas.types.ColumnType;
import dev.ferry.schemas.types.Utf8;
import dev.ferry.transforms.steps.RowStep;
import dev.ferry.transforms.validate.CheckDigits;
import dev.ferry.transforms.validate.ColumnRule;
import dev.ferry.transforms.validate.Normalization;
import dev.ferry.transforms.validate.NormalizeRows;
import dev.ferry.transforms.validate.ValidateRows;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns the job file's {@code normalize} and {@code rules} sections into the per-table settings the
 * transforms take. The job-file model stops here; transforms never see it.
 */
public final class TableSteps {

  private TableSteps() {}

  /** Normalization steps per text column of {@code table}; globs match {@code table.column}. */
  public static Map<String, List<Normalization>> normalizations(Job job, Table table) {
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

  /** How the job reads its source's values: zone of local date-times, invalid UTF-8 policy. */
  public static ReadOptions readOptions(Job job) {
    return new ReadOptions(job.source().timezone(), Utf8.Policy.valueOf(job.invalidUtf8().name()));
  }

  /**
   * The per-row steps of a fused load of {@code table}: normalize, then validate, each only when
   * the job asks for it.
   */
  public static List<RowStep> rowSteps(
      Table table, Map<String, List<Normalization>> normalizations, List<ColumnRule> rules) {
    List<RowStep> steps = new ArrayList<>();
    if (!normalizations.isEmpty()) {
      steps.add(NormalizeRows.with(table.name(), table.columns(), normalizations).step());
    }
    if (!rules.isEmpty()) {
      steps.add(ValidateRows.with(table.name(), rules).step(BeamSchemas.of(table.columns())));
    }
    return steps;
  }

  /** The job's rules for {@code table} as transform rules. */
  public static List<ColumnRule> rules(List<RuleSpec> specs) {
    List<ColumnRule> rules = new ArrayList<>();
    for (RuleSpec r : specs) {
      String column = r.column().substring(r.column().indexOf('.') + 1);
      ColumnRule rule =
          ColumnRule.of(column)
              .withNotNull(r.notNull())
              .withType(r.type() == null ? null : ColumnType.parse(r.type()))
              .withRegex(r.regex())
              .withIn(r.in())
              .withUnique(r.unique())
              .withCheckDigits(r.checkDigits() == null ? null : CheckDigits.parse(r.checkDigits()))
              .withWhen(r.when())
              .withAscending(r.ascending());
      if (r.range() != null) {
        rule = rule.withMin(r.range().min()).withMax(r.range().max());
      }
      rules.add(rule);
    }
    return rules;
  }
}

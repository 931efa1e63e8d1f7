package dev.ferry.pipelines.verify;

import dev.ferry.pipelines.plan.JobPlan;
import dev.ferry.schemas.inventory.ForeignKey;
import dev.ferry.schemas.inventory.Table;
import dev.ferry.transforms.read.KeyRange;
import dev.ferry.transforms.read.RangeReader;
import dev.ferry.transforms.steps.RowStep;
import dev.ferry.transforms.validate.ColumnRule;
import dev.ferry.transforms.verify.ForeignKeyJoin;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What the targets ferry writes as files (dumps, lake layers) share: their copies are read back in
 * file-sized ranges that have nothing to do with the source's key ranges, so each table is compared
 * as one whole-table chunk ({@link TablePair#aligned()} false), and orphans are found by joining
 * the files' rows in the pipeline ({@link ForeignKeyJoin}).
 */
final class ReadBackCopies {

  private ReadBackCopies() {}

  /**
   * {@code source} (through {@code steps}) paired with {@code target} (null when there is no copy
   * to read), rows joined on the source's primary key.
   */
  static TablePair pair(
      Table t,
      RangeReader source,
      List<RowStep> steps,
      List<ColumnRule> unique,
      RangeReader target,
      long chunkRows) {
    List<KeyRange> sourceRanges = source.ranges(chunkRows);
    List<KeyRange> targetRanges = target == null ? List.of() : target.ranges(chunkRows);
    return new TablePair(
        t.name(),
        t,
        source,
        steps,
        unique,
        target,
        sourceRanges,
        targetRanges,
        false,
        positions(t, t.primaryKey()),
        Set.of(),
        null,
        null);
  }

  /**
   * A join per foreign key between two tables that both have a copy in {@code targets} (source name
   * to the reader of its copy, columns in the source's order).
   */
  static List<ForeignKeyJoin> joins(JobPlan job, Map<String, RangeReader> targets) {
    List<ForeignKeyJoin> joins = new ArrayList<>();
    for (Table child : job.selected()) {
      for (ForeignKey fk : child.foreignKeys()) {
        Table parent =
            job.selected().stream()
                .filter(t -> t.name().equals(fk.referencedTable()))
                .findFirst()
                .orElse(null);
        if (parent == null
            || !targets.containsKey(child.name())
            || !targets.containsKey(parent.name())) {
          continue;
        }
        joins.add(
            new ForeignKeyJoin(
                child.name(),
                fk.name() == null || fk.name().isBlank()
                    ? child.name() + "(" + String.join(", ", fk.columns()) + ")"
                    : fk.name(),
                parent.name(),
                targets.get(child.name()),
                positions(child, fk.columns()),
                positions(child, child.primaryKey()),
                targets.get(parent.name()),
                positions(parent, fk.referencedColumns())));
      }
    }
    return joins;
  }

  private static List<Integer> positions(Table t, List<String> columns) {
    return columns.stream().map(c -> t.columns().indexOf(t.column(c).orElseThrow())).toList();
  }
}

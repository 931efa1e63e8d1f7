package dev.ferry.pipelines.lakehouse;

import dev.ferry.pipelines.plan.TableSteps;
import dev.ferry.schemas.inventory.Table;
import dev.ferry.transforms.deadletter.FailedRow;
import dev.ferry.transforms.delta.CommitDeltaFiles;
import dev.ferry.transforms.delta.DeltaFile;
import dev.ferry.transforms.delta.DeltaTableSpec;
import dev.ferry.transforms.delta.DeltaTableWriter;
import dev.ferry.transforms.delta.WriteDeltaTable;
import dev.ferry.transforms.lake.LatestBronzeRows;
import dev.ferry.transforms.load.LoadTable;
import dev.ferry.transforms.read.ReadTable;
import dev.ferry.transforms.validate.ColumnRule;
import dev.ferry.transforms.validate.KeepUnique;
import dev.ferry.transforms.validate.Normalization;
import dev.ferry.transforms.validate.NormalizeRows;
import dev.ferry.transforms.validate.ValidateRows;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.beam.sdk.transforms.Flatten;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.values.PBegin;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionList;
import org.apache.beam.sdk.values.PCollectionTuple;
import org.apache.beam.sdk.values.Row;

/**
 * One silver table rebuilt from bronze in a scope of partitions: each key's latest bronze row,
 * normalized and validated, written and committed as one replace of the scope ({@code spec} says
 * which). Returns the rows the job's rules rejected. Tables without a {@code unique} rule load in
 * one fused pass per unit; the others step by step, since finding duplicates groups the table.
 */
final class LoadSilverTable extends PTransform<PBegin, PCollection<FailedRow>> {
  private static final long serialVersionUID = 1L;

  private final LatestBronzeRows latest;
  private final Table source;
  private final Map<String, List<Normalization>> normalizations;
  private final List<ColumnRule> rules;
  private final DeltaTableSpec spec;

  /**
   * @param source the table as the rules see it: the source table's name, and the columns of the
   *     silver rows
   */
  LoadSilverTable(
      LatestBronzeRows latest,
      Table source,
      Map<String, List<Normalization>> normalizations,
      List<ColumnRule> rules,
      DeltaTableSpec spec) {
    this.latest = latest;
    this.source = source;
    this.normalizations = normalizations;
    this.rules = List.copyOf(rules);
    this.spec = spec;
  }

  @Override
  public PCollection<FailedRow> expand(PBegin begin) {
    return rules.stream().anyMatch(ColumnRule::unique) ? stepByStep(begin) : fused(begin);
  }

  private PCollection<FailedRow> fused(PBegin begin) {
    DeltaTableWriter writer = DeltaTableWriter.of(spec, latest.rowSchema());
    LoadTable<DeltaFile> load =
        LoadTable.from(ReadTable.from(latest))
            .through(TableSteps.rowSteps(source, normalizations, rules))
            .into(writer, DeltaFile.CODER);
    PCollectionTuple loaded = begin.apply("Latest rows", load);
    loaded
        .get(load.results())
        .apply("Commit silver", CommitDeltaFiles.of(spec, writer.partitionColumns()));
    return loaded.get(LoadTable.FAILED);
  }

  private PCollection<FailedRow> stepByStep(PBegin begin) {
    String table = source.name();
    List<PCollection<FailedRow>> failures = new ArrayList<>();
    PCollectionTuple read = begin.apply("Latest rows", ReadTable.from(latest));
    failures.add(read.get(ReadTable.FAILED));
    PCollection<Row> rows = read.get(ReadTable.ROWS);
    if (!normalizations.isEmpty()) {
      PCollectionTuple normalized =
          rows.apply("Normalize", NormalizeRows.with(table, source.columns(), normalizations));
      failures.add(normalized.get(NormalizeRows.FAILED));
      rows = normalized.get(NormalizeRows.VALID);
    }
    PCollectionTuple validated = rows.apply("Validate", ValidateRows.with(table, rules));
    failures.add(validated.get(ValidateRows.FAILED));
    rows = validated.get(ValidateRows.VALID);
    PCollectionTuple unique =
        rows.apply("Unique", KeepUnique.of(table, rules, source.primaryKey()));
    failures.add(unique.get(KeepUnique.FAILED));
    rows = unique.get(KeepUnique.VALID);
    rows.apply("Write silver", WriteDeltaTable.to(spec));
    return PCollectionList.of(failures).apply("Rejected", Flatten.pCollections());
  }
}

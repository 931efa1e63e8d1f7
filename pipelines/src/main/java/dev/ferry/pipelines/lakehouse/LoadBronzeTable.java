package dev.ferry.pipelines.lakehouse;

import dev.ferry.pipelines.plan.BronzeTable;
import dev.ferry.pipelines.plan.TableSteps;
import dev.ferry.schemas.convert.BeamSchemas;
import dev.ferry.transforms.deadletter.FailedRow;
import dev.ferry.transforms.delta.CommitDeltaFiles;
import dev.ferry.transforms.delta.DeltaFile;
import dev.ferry.transforms.delta.DeltaTableSpec;
import dev.ferry.transforms.delta.DeltaTableWriter;
import dev.ferry.transforms.delta.WriteDeltaTable;
import dev.ferry.transforms.lake.AddIngestColumns;
import dev.ferry.transforms.lake.IngestStamp;
import dev.ferry.transforms.load.LoadTable;
import dev.ferry.transforms.read.ReadTable;
import dev.ferry.transforms.steps.RowStep;
import dev.ferry.transforms.validate.ColumnRule;
import dev.ferry.transforms.validate.Normalization;
import dev.ferry.transforms.validate.NormalizeRows;
import dev.ferry.transforms.validate.RejectDuplicates;
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
 * One table from the source into its bronze Delta table: read → normalize → validate → unique keys
 * → stamp ingest columns → write, in one commit. Returns every rejected row of the table, so the
 * job can put all of them in one dead-letter table. Tables without a {@code unique} rule load in
 * one fused pass per key range ({@link LoadTable}); the others step by step.
 */
final class LoadBronzeTable extends PTransform<PBegin, PCollection<FailedRow>> {
  private static final long serialVersionUID = 1L;

  private final ReadTable read;
  private final BronzeTable bronze;
  private final Map<String, List<Normalization>> normalizations;
  private final List<ColumnRule> rules;
  private final IngestStamp stamp;
  private final String appId;

  LoadBronzeTable(
      ReadTable read,
      BronzeTable bronze,
      Map<String, List<Normalization>> normalizations,
      List<ColumnRule> rules,
      IngestStamp stamp,
      String appId) {
    this.read = read;
    this.bronze = bronze;
    this.normalizations = normalizations;
    this.rules = rules;
    this.stamp = stamp;
    this.appId = appId;
  }

  @Override
  public PCollection<FailedRow> expand(PBegin begin) {
    DeltaTableSpec spec =
        DeltaTableSpec.of(bronze.path(), bronze.source().name(), bronze.dataColumns())
            .withPartitionColumns(bronze.partitionNames())
            .withTransaction(appId, 1);
    AddIngestColumns stamp = AddIngestColumns.of(BeamSchemas.of(bronze.rowColumns()), this.stamp);
    if (bronze.partitionColumn().isPresent()) {
      stamp = stamp.partitionedBy(bronze.partitionColumn().get());
    }
    return rules.stream().anyMatch(ColumnRule::unique)
        ? stepByStep(begin, read, stamp, spec)
        : fused(begin, read, stamp, spec);
  }

  /** Every row in one pass from source to file: memory stays flat whatever the table's size. */
  private PCollection<FailedRow> fused(
      PBegin begin, ReadTable read, AddIngestColumns stamp, DeltaTableSpec spec) {
    List<RowStep> steps =
        new ArrayList<>(TableSteps.rowSteps(bronze.source(), normalizations, rules));
    steps.add(stamp.step());
    DeltaTableWriter writer = DeltaTableWriter.of(spec, BeamSchemas.of(bronze.rowColumns()));
    LoadTable<DeltaFile> load = LoadTable.from(read).through(steps).into(writer, DeltaFile.CODER);
    PCollectionTuple loaded = begin.apply("Load", load);
    loaded
        .get(load.results())
        .apply("Commit bronze", CommitDeltaFiles.of(spec, writer.partitionColumns()));
    return loaded.get(LoadTable.FAILED);
  }

  /**
   * One transform per step, for tables with a {@code unique} rule: finding duplicates groups the
   * whole table by key, which no single pass can do.
   */
  private PCollection<FailedRow> stepByStep(
      PBegin begin, ReadTable read, AddIngestColumns stamp, DeltaTableSpec spec) {
    List<PCollection<FailedRow>> failures = new ArrayList<>();
    PCollectionTuple readRows = begin.apply("Read", read);
    failures.add(readRows.get(ReadTable.FAILED));
    PCollection<Row> rows = readRows.get(ReadTable.ROWS);

    if (!normalizations.isEmpty()) {
      PCollectionTuple normalized =
          rows.apply(
              "Normalize", NormalizeRows.with(table(), bronze.source().columns(), normalizations));
      failures.add(normalized.get(NormalizeRows.FAILED));
      rows = normalized.get(NormalizeRows.VALID);
    }
    PCollectionTuple validated = rows.apply("Validate", ValidateRows.with(table(), rules));
    failures.add(validated.get(ValidateRows.FAILED));
    rows = validated.get(ValidateRows.VALID);

    for (ColumnRule unique : rules.stream().filter(ColumnRule::unique).toList()) {
      PCollectionTuple deduplicated =
          rows.apply(
              "Unique " + unique.column(),
              RejectDuplicates.on(table(), List.of(unique.column()), bronze.source().primaryKey()));
      failures.add(deduplicated.get(RejectDuplicates.FAILED));
      rows = deduplicated.get(RejectDuplicates.VALID);
    }
    rows.apply("Stamp ingest columns", stamp).apply("Write bronze", WriteDeltaTable.to(spec));
    return PCollectionList.of(failures).apply("Rejected", Flatten.pCollections());
  }

  private String table() {
    return bronze.source().name();
  }
}

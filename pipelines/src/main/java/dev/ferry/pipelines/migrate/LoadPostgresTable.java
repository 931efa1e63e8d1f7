package dev.ferry.pipelines.migrate;

import dev.ferry.pipelines.plan.TableSteps;
import dev.ferry.schemas.convert.BeamSchemas;
import dev.ferry.schemas.inventory.Table;
import dev.ferry.transforms.deadletter.FailedRow;
import dev.ferry.transforms.load.LoadTable;
import dev.ferry.transforms.postgres.NulBytes;
import dev.ferry.transforms.postgres.PostgresTarget;
import dev.ferry.transforms.postgres.TableTarget;
import dev.ferry.transforms.postgres.WritePostgres;
import dev.ferry.transforms.postgres.WrittenBatch;
import dev.ferry.transforms.read.ReadTable;
import dev.ferry.transforms.steps.RowStep;
import dev.ferry.transforms.validate.ColumnRule;
import dev.ferry.transforms.validate.KeepUnique;
import dev.ferry.transforms.validate.Normalization;
import dev.ferry.transforms.validate.NormalizeRows;
import dev.ferry.transforms.validate.ValidateRows;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.beam.sdk.schemas.Schema;
import org.apache.beam.sdk.transforms.Flatten;
import org.apache.beam.sdk.transforms.MapElements;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.Wait;
import org.apache.beam.sdk.values.PBegin;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionList;
import org.apache.beam.sdk.values.PCollectionTuple;
import org.apache.beam.sdk.values.Row;
import org.apache.beam.sdk.values.TupleTag;
import org.apache.beam.sdk.values.TypeDescriptors;

/**
 * One source table into its PostgreSQL table: read → normalize → validate → (unique keys) → COPY.
 * Tables without a {@code unique} rule load in one fused pass per key range, so memory stays flat
 * whatever the table's size; the others step by step, as finding duplicates groups the table. Rows
 * are renamed to the target's column names (fitted to 63 bytes) just before the write.
 */
final class LoadPostgresTable extends PTransform<PBegin, PCollectionTuple> {
  private static final long serialVersionUID = 1L;

  /** Batches committed: a signal for tables that wait on this one. */
  static final TupleTag<WrittenBatch> WRITTEN = new TupleTag<>() {};

  /** Rows rejected by the read, a step or PostgreSQL. */
  static final TupleTag<FailedRow> FAILED = new TupleTag<>() {};

  private final ReadTable read;
  private final PostgresTarget target;
  private final TableTarget table;
  private final Map<String, List<Normalization>> normalizations;
  private final List<ColumnRule> rules;
  private final List<PCollection<?>> after;
  private final NulBytes nulBytes;

  LoadPostgresTable(
      ReadTable read,
      PostgresTarget target,
      TableTarget table,
      Map<String, List<Normalization>> normalizations,
      List<ColumnRule> rules,
      List<PCollection<?>> after,
      NulBytes nulBytes) {
    this.read = read;
    this.target = target;
    this.table = table;
    this.normalizations = normalizations;
    this.rules = rules;
    this.after = after;
    this.nulBytes = nulBytes;
  }

  @Override
  public PCollectionTuple expand(PBegin begin) {
    WritePostgres write = WritePostgres.to(target, table).withNulBytes(nulBytes);
    Table source = read.reader().table();
    if (rules.stream().noneMatch(ColumnRule::unique)) {
      List<RowStep> steps = new ArrayList<>(TableSteps.rowSteps(source, normalizations, rules));
      steps.add(new TargetNames(BeamSchemas.of(table.columns())));
      LoadTable<WrittenBatch> load =
          LoadTable.from(read).through(steps).after(after).into(write.sink(), WrittenBatch.CODER);
      PCollectionTuple out = begin.apply("Load", load);
      return PCollectionTuple.of(WRITTEN, out.get(load.results()))
          .and(FAILED, out.get(LoadTable.FAILED));
    }
    return stepByStep(begin, source, write);
  }

  private PCollectionTuple stepByStep(PBegin begin, Table source, WritePostgres write) {
    List<PCollection<FailedRow>> failures = new ArrayList<>();
    PCollectionTuple readRows = begin.apply("Read", read);
    failures.add(readRows.get(ReadTable.FAILED));
    PCollection<Row> rows = readRows.get(ReadTable.ROWS);
    if (!after.isEmpty()) {
      rows =
          rows.apply("After referenced tables", Wait.on(after))
              .setRowSchema(read.reader().rowSchema());
    }
    if (!normalizations.isEmpty()) {
      PCollectionTuple normalized =
          rows.apply(
              "Normalize", NormalizeRows.with(source.name(), source.columns(), normalizations));
      failures.add(normalized.get(NormalizeRows.FAILED));
      rows = normalized.get(NormalizeRows.VALID);
    }
    PCollectionTuple validated = rows.apply("Validate", ValidateRows.with(source.name(), rules));
    failures.add(validated.get(ValidateRows.FAILED));
    rows = validated.get(ValidateRows.VALID);
    PCollectionTuple unique =
        rows.apply("Unique", KeepUnique.of(source.name(), rules, source.primaryKey()));
    failures.add(unique.get(KeepUnique.FAILED));
    rows = unique.get(KeepUnique.VALID);
    Schema targetSchema = BeamSchemas.of(table.columns());
    PCollectionTuple written =
        rows.apply(
                "Target names",
                MapElements.into(TypeDescriptors.rows())
                    .via((Row r) -> Row.withSchema(targetSchema).attachValues(r.getValues())))
            .setRowSchema(targetSchema)
            .apply("Write", write);
    failures.add(written.get(WritePostgres.FAILED));
    return PCollectionTuple.of(WRITTEN, written.get(WritePostgres.WRITTEN))
        .and(FAILED, PCollectionList.of(failures).apply("Rejected", Flatten.pCollections()));
  }

  /** The row under the target's column names: same values, same order. */
  private static final class TargetNames implements RowStep {
    private static final long serialVersionUID = 1L;
    private final Schema schema;

    TargetNames(Schema schema) {
      this.schema = schema;
    }

    @Override
    public String stage() {
      return FailedRow.WRITE;
    }

    @Override
    public Row apply(Row row, List<String> problems) {
      return Row.withSchema(schema).attachValues(row.getValues());
    }
  }
}

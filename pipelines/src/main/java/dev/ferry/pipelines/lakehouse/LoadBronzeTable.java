package dev.ferry.pipelines.lakehouse;

import dev.ferry.pipelines.plan.BronzeTable;
import dev.ferry.schemas.convert.BeamSchemas;
import dev.ferry.transforms.deadletter.FailedRow;
import dev.ferry.transforms.delta.CommitDeltaFiles;
import dev.ferry.transforms.delta.DeltaFile;
import dev.ferry.transforms.delta.DeltaTableSpec;
import dev.ferry.transforms.delta.DeltaTableWriter;
import dev.ferry.transforms.lake.AddIngestColumns;
import dev.ferry.transforms.lake.IngestStamp;
import dev.ferry.transforms.load.LoadTable;
import dev.ferry.transforms.read.ReadTable;
import java.util.List;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.values.PBegin;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionTuple;

/**
 * One table from the source into its bronze Delta table in one fused pass per key range: read →
 * stamp ingest columns → write, then one commit ({@code spec} says append or replace). Memory stays
 * flat whatever the table's size. Returns the rows whose values did not fit their types.
 */
final class LoadBronzeTable extends PTransform<PBegin, PCollection<FailedRow>> {
  private static final long serialVersionUID = 1L;

  private final ReadTable read;
  private final BronzeTable bronze;
  private final IngestStamp stamp;
  private final DeltaTableSpec spec;

  LoadBronzeTable(ReadTable read, BronzeTable bronze, IngestStamp stamp, DeltaTableSpec spec) {
    this.read = read;
    this.bronze = bronze;
    this.stamp = stamp;
    this.spec = spec;
  }

  @Override
  public PCollection<FailedRow> expand(PBegin begin) {
    AddIngestColumns ingest = AddIngestColumns.of(BeamSchemas.of(bronze.rowColumns()), stamp);
    if (bronze.partitionColumn().isPresent()) {
      ingest = ingest.partitionedBy(bronze.partitionColumn().get());
    }
    DeltaTableWriter writer = DeltaTableWriter.of(spec, BeamSchemas.of(bronze.rowColumns()));
    LoadTable<DeltaFile> load =
        LoadTable.from(read).through(List.of(ingest.step())).into(writer, DeltaFile.CODER);
    PCollectionTuple loaded = begin.apply("Load", load);
    loaded
        .get(load.results())
        .apply("Commit bronze", CommitDeltaFiles.of(spec, writer.partitionColumns()));
    return loaded.get(LoadTable.FAILED);
  }
}

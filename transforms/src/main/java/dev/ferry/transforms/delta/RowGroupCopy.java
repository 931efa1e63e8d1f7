package dev.ferry.transforms.delta;

import dev.ferry.schemas.inventory.Column;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.beam.sdk.io.FileSystems;
import org.apache.beam.sdk.io.fs.MoveOptions.StandardMoveOptions;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.hadoop.ParquetFileWriter;
import org.apache.parquet.hadoop.metadata.FileMetaData;
import org.apache.parquet.schema.MessageType;

/**
 * Writes one data file holding the row groups of several, copied as they are: pages stay encoded
 * and compressed, so a merge costs reading and writing the bytes once, not decoding and encoding
 * every value. The inputs must have been written with one layout ({@link PartFile}'s Parquet schema
 * and key-value metadata, which holds the Avro schema readers rely on); the output gets the same.
 * Row groups keep their sizes, so the output has as many as its inputs together. Its statistics are
 * combined from the inputs' ({@link CombinedStats}). Memory is a copy buffer, not a row group.
 *
 * <pre>{@code
 * DeltaFile merged = RowGroupCopy.concat(PartFile.newLocation(spec, partitionColumns, values),
 *     bin, spec.columns(), lakeNames);
 * }</pre>
 */
final class RowGroupCopy {

  private RowGroupCopy() {}

  /**
   * Writes the rows of {@code inputs}, files of one partition with statistics for {@code columns}
   * (named {@code lakeNames} there), to {@code target}. On failure the partial output is deleted;
   * the inputs are never touched.
   */
  static DeltaFile concat(
      PartFile.Location target,
      List<DeltaFile> inputs,
      List<Column> columns,
      List<String> lakeNames)
      throws IOException {
    BeamOutputFile output = BeamOutputFile.of(target.location());
    ParquetFileWriter writer = null;
    try {
      MessageType schema = null;
      Map<String, String> keyValues = null;
      long records = 0;
      for (DeltaFile in : inputs) {
        try (ParquetFileReader reader =
            ParquetFileReader.open(BeamInputFile.of(in.location(), in.size()))) {
          FileMetaData layout = reader.getFileMetaData();
          if (writer == null) {
            schema = layout.getSchema();
            keyValues = layout.getKeyValueMetaData();
            writer =
                new ParquetFileWriter(
                    output, schema, ParquetFileWriter.Mode.CREATE, PartFile.ROW_GROUP_BYTES, 0);
            writer.start();
          } else if (!schema.equals(layout.getSchema())
              || !keyValues.equals(layout.getKeyValueMetaData())) {
            throw new IOException(
                in.location()
                    + " was written with another layout than "
                    + inputs.get(0).location());
          }
          reader.appendTo(writer);
          records += reader.getRecordCount();
        }
      }
      if (writer == null) {
        throw new IllegalArgumentException("nothing to concatenate");
      }
      writer.end(keyValues);
      List<String> stats = new ArrayList<>(inputs.size());
      inputs.forEach(f -> stats.add(f.stats()));
      return new DeltaFile(
          target.relativePath(),
          target.location().toString(),
          target.partitionValues(),
          output.bytesWritten(),
          System.currentTimeMillis(),
          records,
          CombinedStats.of(stats, columns, lakeNames));
    } catch (IOException | RuntimeException e) {
      if (writer != null) {
        writer.abort();
      }
      try {
        FileSystems.delete(List.of(target.location()), StandardMoveOptions.IGNORE_MISSING_FILES);
      } catch (IOException | RuntimeException ignored) {
        // An uncommitted file is invisible to Delta readers; leaving it behind loses nothing.
        e.addSuppressed(ignored);
      }
      throw e;
    }
  }
}

package dev.ferry.transforms.delta;

import dev.ferry.schemas.convert.AvroSchemas;
import dev.ferry.schemas.convert.AvroValues;
import dev.ferry.schemas.convert.DeltaSchemas;
import dev.ferry.schemas.convert.LakeNames;
import dev.ferry.schemas.inventory.Column;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericRecord;
import org.apache.beam.sdk.io.FileSystems;
import org.apache.beam.sdk.io.fs.MoveOptions.StandardMoveOptions;
import org.apache.beam.sdk.io.fs.ResolveOptions.StandardResolveOptions;
import org.apache.beam.sdk.io.fs.ResourceId;
import org.apache.beam.sdk.values.Row;
import org.apache.hadoop.conf.Configuration;
import org.apache.parquet.avro.AvroParquetWriter;
import org.apache.parquet.hadoop.ParquetFileWriter;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;

/**
 * One open Parquet data file of one partition, {@code part-<uuid>.snappy.parquet}, with the
 * statistics of what was written to it. Memory is bounded by the row group size, not the file.
 */
final class PartFile {

  /** Row groups are flushed at this size, so an open file holds at most this much in memory. */
  static final long ROW_GROUP_BYTES = 32L << 20;

  private static final int PAGE_BYTES = 1 << 20;

  private final String relativePath;
  private final ResourceId location;
  private final Map<String, String> partitionValues;
  private final BeamOutputFile output;
  private final ParquetWriter<GenericRecord> writer;
  private final FileStats stats;
  private final List<Column> columns;
  private final Schema avroSchema;
  private long records;

  private PartFile(
      String relativePath,
      ResourceId location,
      Map<String, String> partitionValues,
      BeamOutputFile output,
      ParquetWriter<GenericRecord> writer,
      FileStats stats,
      List<Column> columns,
      Schema avroSchema) {
    this.relativePath = relativePath;
    this.location = location;
    this.partitionValues = partitionValues;
    this.output = output;
    this.writer = writer;
    this.stats = stats;
    this.columns = columns;
    this.avroSchema = avroSchema;
  }

  /**
   * Opens files of {@code spec}'s table, one partition's values at a time: the one place where a
   * writer's file layout (Avro schema, lake names, partition directories) is decided.
   */
  static PartitionWriters.Opener opener(DeltaTableSpec spec, List<Column> partitionColumns) {
    Schema avroSchema = AvroSchemas.of(spec.table(), spec.columns());
    List<String> lakeNames = LakeNames.of(spec.columns().stream().map(Column::name).toList());
    List<String> partitionNames = DeltaSchemas.partitionNames(spec.columns(), partitionColumns);
    ResourceId root = FileSystems.matchNewResource(spec.path(), true);
    return values ->
        open(
            root,
            avroSchema,
            spec.columns(),
            lakeNames,
            partitionNames,
            values,
            spec.targetFileBytes());
  }

  /** Where a new data file goes: its path in the Delta log, its resource, its partition. */
  record Location(String relativePath, ResourceId location, Map<String, String> partitionValues) {}

  /** A fresh, unique location for a data file of {@code spec}'s partition {@code values}. */
  static Location newLocation(
      DeltaTableSpec spec, List<Column> partitionColumns, List<String> values) {
    return newLocation(
        FileSystems.matchNewResource(spec.path(), true),
        DeltaSchemas.partitionNames(spec.columns(), partitionColumns),
        values);
  }

  private static Location newLocation(
      ResourceId tableRoot, List<String> partitionNames, List<String> values) {
    StringBuilder relative = new StringBuilder();
    ResourceId dir = tableRoot;
    for (String segment : PartitionPath.segments(partitionNames, values)) {
      relative.append(segment).append('/');
      dir = dir.resolve(segment, StandardResolveOptions.RESOLVE_DIRECTORY);
    }
    String name = "part-" + UUID.randomUUID() + ".snappy.parquet";
    relative.append(name);
    Map<String, String> partitionValues = new LinkedHashMap<>();
    for (int i = 0; i < partitionNames.size(); i++) {
      partitionValues.put(partitionNames.get(i), values.get(i));
    }
    return new Location(
        PartitionPath.uriPath(relative.toString()),
        dir.resolve(name, StandardResolveOptions.RESOLVE_FILE),
        partitionValues);
  }

  /** Opens a new file under {@code tableRoot}'s partition directory for {@code values}. */
  private static PartFile open(
      ResourceId tableRoot,
      Schema avroSchema,
      List<Column> columns,
      List<String> lakeNames,
      List<String> partitionNames,
      List<String> values,
      long targetFileBytes)
      throws IOException {
    Location where = newLocation(tableRoot, partitionNames, values);
    BeamOutputFile output = BeamOutputFile.of(where.location());
    ParquetWriter<GenericRecord> writer =
        AvroParquetWriter.<GenericRecord>builder(output)
            .withSchema(avroSchema)
            .withConf(new Configuration(false))
            .withCompressionCodec(CompressionCodecName.SNAPPY)
            .withRowGroupSize(Math.min(ROW_GROUP_BYTES, Math.max(targetFileBytes, PAGE_BYTES)))
            .withPageSize(PAGE_BYTES)
            .withWriteMode(ParquetFileWriter.Mode.CREATE)
            .build();
    return new PartFile(
        where.relativePath(),
        where.location(),
        where.partitionValues(),
        output,
        writer,
        new FileStats(columns, lakeNames),
        columns,
        avroSchema);
  }

  void write(Row row) throws IOException {
    writer.write(AvroValues.record(row, columns, avroSchema));
    stats.add(row);
    records++;
  }

  /** Bytes written plus bytes buffered for the current row group. */
  long dataSize() {
    return writer.getDataSize();
  }

  /** Finishes the file and describes it for the Delta log. */
  DeltaFile close() throws IOException {
    writer.close();
    return new DeltaFile(
        relativePath,
        location.toString(),
        partitionValues,
        output.bytesWritten(),
        System.currentTimeMillis(),
        records,
        stats.json(records));
  }

  /** Closes and deletes a file that will never be committed; failures are left to readers. */
  void abort() {
    try {
      writer.close();
      FileSystems.delete(List.of(location), StandardMoveOptions.IGNORE_MISSING_FILES);
    } catch (IOException | RuntimeException e) {
      // An uncommitted file is invisible to Delta readers; leaving it behind loses nothing.
    }
  }
}

package dev.ferry.transforms.delta;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ferry.schemas.SourceException;
import dev.ferry.schemas.convert.AvroSchemas;
import dev.ferry.schemas.convert.AvroValues;
import dev.ferry.schemas.convert.BeamSchemas;
import dev.ferry.schemas.inventory.Column;
import dev.ferry.schemas.types.ColumnType;
import dev.ferry.schemas.types.ColumnType.Kind;
import dev.ferry.testkit.DeltaKernelReader;
import dev.ferry.testkit.DuckDbReader;
import dev.ferry.testkit.TestPipelineExtension;
import dev.ferry.transforms.metrics.TableMetrics;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.stream.LongStream;
import java.util.stream.Stream;
import org.apache.avro.generic.GenericRecord;
import org.apache.beam.sdk.PipelineResult;
import org.apache.beam.sdk.metrics.MetricNameFilter;
import org.apache.beam.sdk.metrics.MetricResult;
import org.apache.beam.sdk.metrics.MetricsFilter;
import org.apache.beam.sdk.testing.PAssert;
import org.apache.beam.sdk.testing.TestPipeline;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.Row;
import org.apache.hadoop.conf.Configuration;
import org.apache.parquet.avro.AvroParquetWriter;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.hadoop.metadata.BlockMetaData;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;

@ExtendWith(TestPipelineExtension.class)
class FileCompactionTest {

  private static final long TARGET = 64 << 10;
  private static final List<Column> BLOB_COLUMNS =
      List.of(
          EveryKindTable.col("id", ColumnType.of(Kind.INT64), false),
          EveryKindTable.col("blob", ColumnType.string(0), true));

  @TempDir(cleanup = CleanupMode.ON_SUCCESS)
  Path tmp;

  @Test
  void twelveRangesIntoThreePartitionsCommitOneFilePerPartition(TestPipeline p) throws IOException {
    String path = tmp.resolve("ranges").toString();
    DeltaTableWriter writer = EveryKindTable.writer(path);
    List<Row> rows = new ArrayList<>();
    List<DeltaFile> files = new ArrayList<>();
    for (int range = 0; range < 12; range++) {
      DeltaTableWriter.Session session = writer.start();
      for (long id = range * 50L; id < range * 50L + 50; id++) {
        Row row = DeltaSnapshotTest.withId(EveryKindTable.rows().get((int) (id % 3)), id);
        rows.add(row);
        session.write(row);
      }
      files.addAll(session.finish());
    }
    assertEquals(36, files.size());

    PCollection<DeltaCommit> commit =
        p.apply(Create.of(files).withCoder(DeltaFile.CODER))
            .apply(CommitDeltaFiles.of(writer.spec(), writer.partitionColumns()));
    PAssert.thatSingleton(commit)
        .satisfies(
            c -> {
              assertEquals(3, c.files());
              assertEquals(600, c.rows());
              return null;
            });
    PipelineResult result = p.run();
    result.waitUntilFinish();

    DeltaKernelReader kernel = DeltaKernelReader.latest(path);
    assertEquals(3, kernel.files().size());
    assertEquals(3, kernel.files().stream().map(f -> Path.of(f).getParent()).distinct().count());
    assertEquals(
        LongStream.range(0, 600).boxed().toList(),
        kernel.rows().stream().map(r -> (Long) r.get("id")).sorted().toList());
    assertEquals(3, parquetFiles(path).size(), "merged inputs are deleted: " + parquetFiles(path));
    rows.sort(Comparator.comparing(r -> r.getInt64("id")));
    DeltaSnapshotTest.assertRowsEqual(
        rows.stream().map(EveryKindTable::dataOf).toList(),
        DeltaSnapshotTest.readAll(DeltaSnapshot.load(path)));
    assertEquals(600, counter(result, TableMetrics.namespace("every_kind"), TableMetrics.WRITTEN));
    assertEquals(
        36, counter(result, CompactDeltaFiles.class.getName(), CompactDeltaFiles.FILES_MERGED));
  }

  @Test
  void packsSmallFilesNearTheTargetAndLeavesLargerOnesAlone() throws IOException {
    String path = tmp.resolve("blobs").toString();
    DeltaTableSpec spec =
        DeltaTableSpec.of(path, "blobs", BLOB_COLUMNS).withTargetFileBytes(TARGET);
    DeltaTableWriter writer = DeltaTableWriter.of(spec, BeamSchemas.of(BLOB_COLUMNS));
    Random random = new Random(7);
    List<DeltaFile> small = new ArrayList<>();
    List<DeltaFile> large = new ArrayList<>();
    long id = 0;
    for (int range = 0; range < 14; range++) {
      int count = range < 12 ? 70 : 180;
      DeltaTableWriter.Session session = writer.start();
      for (int i = 0; i < count; i++) {
        session.write(blobRow(id++, random));
      }
      (range < 12 ? small : large).addAll(session.finish());
    }
    assertTrue(small.stream().allMatch(f -> f.size() * 2 < TARGET), "small: " + sizes(small));
    assertTrue(large.stream().allMatch(f -> f.size() * 2 >= TARGET), "large: " + sizes(large));

    List<DeltaFile> all = Stream.concat(small.stream(), large.stream()).toList();
    List<DeltaFile> compacted = FileCompaction.of(writer).compact(all);

    assertTrue(compacted.containsAll(large), "files above half the target stay as they are");
    List<DeltaFile> merged = compacted.stream().filter(f -> !large.contains(f)).toList();
    assertTrue(merged.size() <= small.size() / 3, "merged: " + sizes(merged));
    for (DeltaFile f : merged) {
      assertTrue(f.size() > TARGET / 2 && f.size() <= TARGET * 11 / 10, "merged: " + sizes(merged));
    }
    assertTrue(small.stream().noneMatch(f -> Files.exists(Path.of(f.location()))));
    assertEquals(id, compacted.stream().mapToLong(DeltaFile::numRecords).sum());

    DeltaCommitter.of(writer).append(compacted);
    DeltaKernelReader kernel = DeltaKernelReader.latest(path);
    assertEquals(compacted.size(), kernel.files().size());
    assertEquals(
        LongStream.range(0, id).boxed().toList(),
        kernel.rows().stream().map(r -> (Long) r.get("id")).sorted().toList());
    Random again = new Random(7);
    List<Row> expected = new ArrayList<>();
    for (long i = 0; i < id; i++) {
      expected.add(blobRow(i, again));
    }
    DeltaSnapshotTest.assertRowsEqual(
        expected, DeltaSnapshotTest.readAll(DeltaSnapshot.load(path)));
  }

  @Test
  void aMergedFileCopiesRowGroupsOfEverySizeAndReadsBackTheSameRowsEverywhere() throws IOException {
    // The first input has many row groups of about 100 rows, the others one row group each.
    List<List<Row>> inputs =
        List.of(
            CombinedStatsTest.randomRows(1, 0, 2000),
            CombinedStatsTest.randomRows(2, 2000, 1),
            CombinedStatsTest.randomRows(3, 2001, 250),
            CombinedStatsTest.randomRows(4, 2251, 600));
    List<Row> rows = inputs.stream().flatMap(List::stream).toList();
    String plainPath = tmp.resolve("plain").toString();
    DeltaTableWriter plain = mixedWriter(plainPath);
    DeltaCommitter.of(plain).append(writeInputs(plain, inputs));
    String mergedPath = tmp.resolve("merged").toString();
    DeltaTableWriter writer = mixedWriter(mergedPath);
    List<DeltaFile> files = writeInputs(writer, inputs);

    DeltaFile merged = FileCompaction.of(writer).merge(files);

    List<Long> inputGroups = new ArrayList<>();
    for (DeltaFile f : files) {
      inputGroups.addAll(rowGroupSizes(f));
    }
    assertTrue(rowGroupSizes(files.get(0)).size() > 5, "row groups: " + inputGroups);
    assertEquals(inputGroups, rowGroupSizes(merged), "row groups copied as they were");
    assertEquals(
        keyValues(files.get(0)).get("parquet.avro.schema"),
        keyValues(merged).get("parquet.avro.schema"));
    assertTrue(files.stream().allMatch(f -> Files.exists(Path.of(f.location()))));
    assertEquals(rows.size(), merged.numRecords());

    List<Row> read = readRows(merged);
    DeltaSnapshotTest.assertRowsEqual(rows, read);
    assertEquals(CombinedStatsTest.stats(read), merged.stats());

    DeltaCommitter.of(writer).append(List.of(merged));
    DeltaKernelReader kernel = DeltaKernelReader.latest(mergedPath);
    assertEquals(1, kernel.files().size());
    assertEquals(rows.size(), kernel.rows().size());
    assertEquals(comparable(DeltaKernelReader.latest(plainPath).rows()), comparable(kernel.rows()));
    assertEquals(
        comparable(DuckDbReader.read(plainPath)), comparable(DuckDbReader.read(mergedPath)));
    DeltaSnapshotTest.assertRowsEqual(
        rows, DeltaSnapshotTest.readAll(DeltaSnapshot.load(mergedPath)));
  }

  @Test
  void filesOfAnotherLayoutAreNotMergedAndLeaveNoOutputBehind() throws IOException {
    String path = tmp.resolve("layouts").toString();
    DeltaTableWriter writer = mixedWriter(path);
    DeltaFile ours = writeInputs(writer, List.of(CombinedStatsTest.randomRows(1, 0, 5))).get(0);
    DeltaTableWriter blobs =
        DeltaTableWriter.of(
            DeltaTableSpec.of(path, "blobs", BLOB_COLUMNS), BeamSchemas.of(BLOB_COLUMNS));
    DeltaTableWriter.Session session = blobs.start();
    session.write(blobRow(1, new Random(1)));
    DeltaFile other = session.finish().get(0);

    SourceException e =
        assertThrows(
            SourceException.class, () -> FileCompaction.of(writer).merge(List.of(ours, other)));

    assertTrue(e.getMessage().contains("another layout"), e.getMessage());
    assertEquals(
        List.of(Path.of(ours.location()), Path.of(other.location())).stream().sorted().toList(),
        parquetFiles(path).stream().sorted().toList());
  }

  @Test
  void binsHoldOnePartitionAndAtMostTheTarget() {
    DeltaTableSpec spec =
        DeltaTableSpec.of("/t", "t", BLOB_COLUMNS)
            .withTargetFileBytes(100)
            .withPartitionColumns(List.of("day"));
    FileCompaction compaction =
        FileCompaction.of(
            spec, List.of(EveryKindTable.col("day", ColumnType.of(Kind.INT32), true)));
    List<DeltaFile> files =
        List.of(
            file("day=1/a", 30),
            file("day=1/b", 45),
            file("day=2/c", 10),
            file("day=1/d", 20),
            file("day=1/e", 50),
            file("day=1/f", 40),
            file("day=2/g", 49));
    assertEquals(
        List.of(
            List.of("day=1/e"),
            List.of("day=1/d", "day=1/a", "day=1/f"),
            List.of("day=1/b"),
            List.of("day=2/c", "day=2/g")),
        compaction.bins(files).stream()
            .map(b -> b.stream().map(DeltaFile::path).toList())
            .toList());
  }

  private static DeltaTableWriter mixedWriter(String path) {
    DeltaTableSpec spec = DeltaTableSpec.of(path, "mixed", CombinedStatsTest.COLUMNS);
    return DeltaTableWriter.of(spec, CombinedStatsTest.SCHEMA);
  }

  /** The first of {@code inputs} in row groups of about 100 rows, each other as the writer does. */
  private static List<DeltaFile> writeInputs(DeltaTableWriter writer, List<List<Row>> inputs)
      throws IOException {
    List<DeltaFile> files = new ArrayList<>();
    files.add(writeInSmallRowGroups(writer.spec(), inputs.get(0)));
    for (List<Row> input : inputs.subList(1, inputs.size())) {
      DeltaTableWriter.Session session = writer.start();
      input.forEach(session::write);
      files.addAll(session.finish());
    }
    return files;
  }

  /** A data file as {@link PartFile} writes one, but with tiny row groups. */
  private static DeltaFile writeInSmallRowGroups(DeltaTableSpec spec, List<Row> rows)
      throws IOException {
    PartFile.Location where = PartFile.newLocation(spec, List.of(), List.of());
    BeamOutputFile out = BeamOutputFile.of(where.location());
    org.apache.avro.Schema avro = AvroSchemas.of(spec.table(), spec.columns());
    FileStats stats = new FileStats(spec.columns(), CombinedStatsTest.LAKE_NAMES);
    try (ParquetWriter<GenericRecord> w =
        AvroParquetWriter.<GenericRecord>builder(out)
            .withSchema(avro)
            .withConf(new Configuration(false))
            .withCompressionCodec(CompressionCodecName.SNAPPY)
            .withRowGroupSize(4L << 10)
            .withPageSize(1 << 10)
            .build()) {
      for (Row row : rows) {
        w.write(AvroValues.record(row, spec.columns(), avro));
        stats.add(row);
      }
    }
    return new DeltaFile(
        where.relativePath(),
        where.location().toString(),
        where.partitionValues(),
        out.bytesWritten(),
        0,
        rows.size(),
        stats.json(rows.size()));
  }

  private static List<Long> rowGroupSizes(DeltaFile file) throws IOException {
    try (ParquetFileReader reader =
        ParquetFileReader.open(BeamInputFile.of(file.location(), file.size()))) {
      return reader.getRowGroups().stream().map(BlockMetaData::getRowCount).toList();
    }
  }

  private static Map<String, String> keyValues(DeltaFile file) throws IOException {
    try (ParquetFileReader reader =
        ParquetFileReader.open(BeamInputFile.of(file.location(), file.size()))) {
      return reader.getFileMetaData().getKeyValueMetaData();
    }
  }

  private static List<Row> readRows(DeltaFile file) throws IOException {
    List<Row> rows = new ArrayList<>();
    try (PartFileReader reader =
        PartFileReader.open(file, CombinedStatsTest.COLUMNS, CombinedStatsTest.LAKE_NAMES)) {
      for (Row row = reader.next(); row != null; row = reader.next()) {
        rows.add(row);
      }
    }
    return rows;
  }

  /** Rows ordered by id, byte arrays as hex, so two readings compare with equals. */
  private static List<Map<String, Object>> comparable(List<Map<String, Object>> rows) {
    List<Map<String, Object>> out = new ArrayList<>();
    for (Map<String, Object> row : rows) {
      Map<String, Object> copy = new TreeMap<>();
      row.forEach((k, v) -> copy.put(k, v instanceof byte[] b ? HexFormat.of().formatHex(b) : v));
      out.add(copy);
    }
    out.sort(Comparator.comparing(r -> ((Number) r.get("id")).longValue()));
    return out;
  }

  private static DeltaFile file(String path, long size) {
    String day = path.substring("day=".length(), path.indexOf('/'));
    return new DeltaFile(path, "/t/" + path, Map.of("day", day), size, 0, 1, "{}");
  }

  private static Row blobRow(long id, Random random) {
    byte[] bytes = new byte[100];
    random.nextBytes(bytes);
    return Row.withSchema(BeamSchemas.of(BLOB_COLUMNS))
        .addValues(id, HexFormat.of().formatHex(bytes))
        .build();
  }

  private static List<Long> sizes(List<DeltaFile> files) {
    return files.stream().map(DeltaFile::size).toList();
  }

  private static List<Path> parquetFiles(String path) throws IOException {
    try (Stream<Path> walk = Files.walk(Path.of(path))) {
      return walk.filter(f -> f.toString().endsWith(".parquet")).toList();
    }
  }

  private static long counter(PipelineResult result, String namespace, String name) {
    MetricsFilter filter =
        MetricsFilter.builder().addNameFilter(MetricNameFilter.named(namespace, name)).build();
    long sum = 0;
    for (MetricResult<Long> c : result.metrics().queryMetrics(filter).getCounters()) {
      sum += c.getAttempted();
    }
    return sum;
  }
}

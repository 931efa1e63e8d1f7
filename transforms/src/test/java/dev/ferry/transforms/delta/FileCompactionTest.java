package dev.ferry.transforms.delta;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ferry.schemas.convert.BeamSchemas;
import dev.ferry.schemas.inventory.Column;
import dev.ferry.schemas.types.ColumnType;
import dev.ferry.schemas.types.ColumnType.Kind;
import dev.ferry.testkit.DeltaKernelReader;
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
import java.util.stream.LongStream;
import java.util.stream.Stream;
import org.apache.beam.sdk.PipelineResult;
import org.apache.beam.sdk.metrics.MetricNameFilter;
import org.apache.beam.sdk.metrics.MetricResult;
import org.apache.beam.sdk.metrics.MetricsFilter;
import org.apache.beam.sdk.testing.PAssert;
import org.apache.beam.sdk.testing.TestPipeline;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.Row;
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

package dev.ferry.transforms.delta;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ferry.schemas.SourceException;
import dev.ferry.schemas.convert.BeamSchemas;
import dev.ferry.schemas.convert.LakeNames;
import dev.ferry.schemas.inventory.Column;
import dev.ferry.schemas.types.ColumnType;
import dev.ferry.schemas.types.ColumnType.Kind;
import dev.ferry.testkit.DeltaKernelReader;
import dev.ferry.testkit.DuckDbReader;
import dev.ferry.testkit.TableChecksum;
import dev.ferry.testkit.TestPipelineExtension;
import dev.ferry.transforms.metrics.TableMetrics;
import io.delta.kernel.types.ShortType;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.PipelineResult;
import org.apache.beam.sdk.metrics.DistributionResult;
import org.apache.beam.sdk.metrics.MetricNameFilter;
import org.apache.beam.sdk.metrics.MetricResult;
import org.apache.beam.sdk.metrics.MetricsFilter;
import org.apache.beam.sdk.schemas.Schema;
import org.apache.beam.sdk.testing.PAssert;
import org.apache.beam.sdk.testing.TestPipeline;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.transforms.SerializableFunction;
import org.apache.beam.sdk.transforms.display.DisplayData;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.Row;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;

@ExtendWith(TestPipelineExtension.class)
class WriteDeltaTableTest {

  private static final List<Column> COLUMNS =
      List.of(
          col("id", ColumnType.of(Kind.INT64)),
          col("flag", ColumnType.of(Kind.BOOLEAN)),
          col("small", ColumnType.of(Kind.INT16)),
          col("qty", ColumnType.of(Kind.INT32)),
          col("ratio", ColumnType.of(Kind.FLOAT32)),
          col("score", ColumnType.of(Kind.FLOAT64)),
          col("amount", ColumnType.decimal(38, 10)),
          col("price", ColumnType.decimal(10, 2)),
          col("name", ColumnType.string(0)),
          col("doc", ColumnType.of(Kind.JSON)),
          col("uid", ColumnType.of(Kind.UUID)),
          col("payload", ColumnType.of(Kind.BYTES)),
          col("born", ColumnType.of(Kind.DATE)),
          col("at_time", ColumnType.of(Kind.TIME)),
          col("created", ColumnType.of(Kind.TIMESTAMP)),
          col("local_ts", ColumnType.of(Kind.TIMESTAMP_LOCAL)),
          col("Order Details", ColumnType.of(Kind.STRING)));

  private static final List<String> PARTITIONS = List.of("year", "month", "day");

  private static final Schema SCHEMA =
      withPartitions(BeamSchemas.of(COLUMNS), Schema.FieldType.INT32);

  @TempDir(cleanup = CleanupMode.ON_SUCCESS)
  Path tmp;

  @Test
  void writesEveryTypeAndBothReadersReadItBack(TestPipeline p) throws IOException {
    String path = tmp.resolve("orders").toString();
    List<Row> rows = everyTypeRows();
    PCollection<DeltaCommit> commit =
        p.apply(Create.of(rows).withRowSchema(SCHEMA)).apply(WriteDeltaTable.to(spec(path)));
    PAssert.thatSingleton(commit).satisfies(committed(path, 0, rows.size(), false));
    PipelineResult result = p.run();
    result.waitUntilFinish();

    List<Map<String, Object>> expected = expected(rows);
    DeltaKernelReader kernel = DeltaKernelReader.latest(path);
    assertEquals(0, kernel.version());
    assertEquals(PARTITIONS, kernel.partitionColumns());
    assertTrue(kernel.schema().get("small").getDataType() instanceof ShortType);
    assertEquals(
        "Order Details",
        kernel.schema().get("Order_Details").getMetadata().getString(LakeNames.SOURCE_NAME_KEY));
    assertRowsEqual(expected, kernel.rows());
    assertRowsEqual(expected, DuckDbReader.read(kernel));

    List<String> all = new ArrayList<>(expected.get(0).keySet());
    TableChecksum want = TableChecksum.of(expected, all);
    assertEquals(want, TableChecksum.of(kernel.rows(), all));
    assertEquals(want, TableChecksum.of(DuckDbReader.read(kernel), all));
    List<Map<String, Object>> reversed = new ArrayList<>(expected);
    Collections.reverse(reversed);
    assertEquals(want, TableChecksum.of(reversed, all));
    reversed.set(0, new LinkedHashMap<>(reversed.get(0)));
    reversed.get(0).put("price", new BigDecimal("0.02"));
    assertNotEquals(want, TableChecksum.of(reversed, all));
    assertEquals(
        TableChecksum.of(expected, List.of("id")), TableChecksum.of(reversed, List.of("id")));

    assertEquals(rows.size(), counter(result, TableMetrics.WRITTEN));
    assertEquals(
        kernel.files().stream().mapToLong(f -> Path.of(f).toFile().length()).sum(),
        counter(result, TableMetrics.BYTES));
    assertTrue(
        dataFiles(path).stream()
            .allMatch(f -> f.getFileName().toString().endsWith(".snappy.parquet")),
        "only data files, no Hadoop .crc files: " + dataFiles(path));
    assertTrue(
        kernel.files().stream().anyMatch(f -> f.contains("/day=__HIVE_DEFAULT_PARTITION__/")));
  }

  @Test
  void recordsStatisticsForEachFile(TestPipeline p) throws IOException {
    String path = tmp.resolve("stats").toString();
    List<Row> rows = everyTypeRows();
    p.apply(Create.of(rows).withRowSchema(SCHEMA)).apply(WriteDeltaTable.to(spec(path)));
    p.run().waitUntilFinish();

    // Rows 1 and 2 share a partition; the runner may have put them in one file or two.
    ObjectMapper json = new ObjectMapper();
    List<JsonNode> stats = new ArrayList<>();
    for (String line :
        Files.readAllLines(Path.of(path, "_delta_log", "00000000000000000000.json"))) {
      JsonNode add = json.readTree(line).get("add");
      if (add != null && add.get("partitionValues").get("day").asText().equals("5")) {
        stats.add(json.readTree(add.get("stats").asText()));
      }
    }
    assertEquals(2, stats.stream().mapToLong(s -> s.get("numRecords").asLong()).sum());
    assertEquals(
        1, stats.stream().mapToLong(s -> s.at("/minValues/id").asLong()).min().getAsLong());
    assertEquals(
        2, stats.stream().mapToLong(s -> s.at("/maxValues/id").asLong()).max().getAsLong());
    assertEquals(
        "2024-03-05T10:11:12.123Z",
        stats.stream().map(s -> s.at("/minValues/created").asText()).sorted().findFirst().get());
    assertEquals(
        "2024-03-05T10:11:12.124Z",
        stats.stream().map(s -> s.at("/maxValues/created").asText()).max(String::compareTo).get());
    assertEquals(
        new BigDecimal("-0.01"),
        stats.stream()
            .map(s -> s.at("/minValues/price").decimalValue())
            .min(BigDecimal::compareTo)
            .get());
    assertEquals(0, stats.stream().mapToLong(s -> s.at("/nullCount/payload").asLong()).sum());
    assertTrue(stats.stream().noneMatch(s -> s.get("minValues").has("payload")));
    assertTrue(stats.stream().noneMatch(s -> s.get("minValues").has("flag")));
  }

  @Test
  void rerunWithTheSameTransactionChangesNothing(TestPipeline p) throws IOException {
    String path = tmp.resolve("rerun").toString();
    List<Row> rows = everyTypeRows();
    p.apply(Create.of(rows).withRowSchema(SCHEMA)).apply(WriteDeltaTable.to(spec(path)));
    p.run().waitUntilFinish();
    List<Path> before = dataFiles(path);

    Pipeline again = Pipeline.create(p.getOptions());
    PCollection<DeltaCommit> commit =
        again.apply(Create.of(rows).withRowSchema(SCHEMA)).apply(WriteDeltaTable.to(spec(path)));
    PAssert.thatSingleton(commit).satisfies(committed(path, 0, rows.size(), true));
    PipelineResult result = again.run();
    result.waitUntilFinish();

    DeltaKernelReader kernel = DeltaKernelReader.latest(path);
    assertEquals(0, kernel.version());
    assertEquals(rows.size(), kernel.rows().size());
    assertEquals(before, dataFiles(path));
    assertEquals(rows.size(), counter(result, TableMetrics.WRITTEN));

    Pipeline next = Pipeline.create(p.getOptions());
    next.apply(Create.of(rows).withRowSchema(SCHEMA))
        .apply(WriteDeltaTable.to(spec(path).withTransaction("shop:orders", 8)));
    next.run().waitUntilFinish();
    assertEquals(1, DeltaKernelReader.latest(path).version());
    assertEquals(2 * rows.size(), DuckDbReader.read(path).size());
    assertEquals(rows.size(), DuckDbReader.read(DeltaKernelReader.atVersion(path, 0)).size());
  }

  @Test
  void emptyInputCreatesAnEmptyTableWithTheSchema(TestPipeline p) {
    String path = tmp.resolve("empty").toString();
    PCollection<DeltaCommit> commit =
        p.apply(Create.empty(SCHEMA)).apply(WriteDeltaTable.to(spec(path)));
    PAssert.thatSingleton(commit).isEqualTo(new DeltaCommit("orders", path, 0, 0, 0, 0, false));
    p.run().waitUntilFinish();

    DeltaKernelReader kernel = DeltaKernelReader.latest(path);
    assertEquals(0, kernel.version());
    assertEquals(List.of(), kernel.rows());
    assertEquals(List.of(), DuckDbReader.read(kernel));
    assertEquals(
        Stream.concat(
                LakeNames.of(COLUMNS.stream().map(Column::name).toList()).stream(),
                PARTITIONS.stream())
            .toList(),
        kernel.schema().fieldNames());
  }

  @Test
  void refusesATableWithAnotherSchema(TestPipeline p) throws IOException {
    String path = tmp.resolve("changed").toString();
    p.apply(Create.of(everyTypeRows()).withRowSchema(SCHEMA)).apply(WriteDeltaTable.to(spec(path)));
    p.run().waitUntilFinish();
    List<Path> before = dataFiles(path);

    List<Column> changed = new ArrayList<>(COLUMNS);
    changed.set(7, col("price", ColumnType.decimal(12, 2)));
    Schema changedSchema = withPartitions(BeamSchemas.of(changed), Schema.FieldType.INT32);
    List<Row> rows =
        everyTypeRows().stream()
            .map(r -> Row.withSchema(changedSchema).addValues(r.getValues()).build())
            .toList();
    Pipeline again = Pipeline.create(p.getOptions());
    again
        .apply(Create.of(rows).withRowSchema(changedSchema))
        .apply(
            WriteDeltaTable.to(
                DeltaTableSpec.of(path, "orders", changed).withPartitionColumns(PARTITIONS)));

    SourceException e = sourceException(assertThrows(RuntimeException.class, again::run));
    assertEquals(
        "cannot write Delta table at "
            + path
            + ": column `price` is decimal(10,2) in the table but decimal(12,2) in the job; a"
            + " type cannot change in place: cast it in the job or write a new table",
        e.getMessage());
    assertEquals(before, dataFiles(path), "the refused run's files are deleted");
  }

  @Test
  void unwritablePathFailsWithOneClearLine(TestPipeline p) throws IOException {
    Path blocker = Files.writeString(tmp.resolve("blocker"), "a regular file");
    String path = blocker.resolve("orders").toString();
    p.apply(Create.of(everyTypeRows()).withRowSchema(SCHEMA)).apply(WriteDeltaTable.to(spec(path)));

    SourceException e = sourceException(assertThrows(RuntimeException.class, p::run));
    assertTrue(
        e.getMessage().startsWith("cannot write Delta table at " + path + ": "), e.getMessage());
    assertEquals(1, e.getMessage().lines().count(), e.getMessage());
  }

  @Test
  void unwritablePathFailsAlsoWithoutRows(TestPipeline p) throws IOException {
    Path blocker = Files.writeString(tmp.resolve("blocker"), "a regular file");
    String path = blocker.resolve("orders").toString();
    p.apply(Create.empty(SCHEMA)).apply(WriteDeltaTable.to(spec(path)));

    SourceException e = sourceException(assertThrows(RuntimeException.class, p::run));
    assertTrue(
        e.getMessage().startsWith("cannot write Delta table at " + path + ": "), e.getMessage());
    assertEquals(1, e.getMessage().lines().count(), e.getMessage());
  }

  @Test
  void manyPartitionsInOneBundleKeepAtMostEightFilesOpen(TestPipeline p) {
    String path = tmp.resolve("days").toString();
    List<Column> columns = List.of(col("id", ColumnType.of(Kind.INT64)));
    Schema schema = withPartitions(BeamSchemas.of(columns), Schema.FieldType.INT32);
    List<Row> rows = new ArrayList<>();
    LocalDate first = LocalDate.of(2024, 1, 1);
    for (int i = 0; i < 40 * 25; i++) {
      LocalDate d = first.plusDays(i % 40); // day after day, so every row needs another file
      rows.add(
          Row.withSchema(schema)
              .addValues((long) i, d.getYear(), d.getMonthValue(), d.getDayOfMonth())
              .build());
    }
    p.apply(Create.of(rows).withRowSchema(schema))
        .apply(
            WriteDeltaTable.to(
                DeltaTableSpec.of(path, "days", columns).withPartitionColumns(PARTITIONS)));
    PipelineResult result = p.run();
    result.waitUntilFinish();

    DistributionResult open = distribution(result, WriteFilesFn.OPEN_FILES);
    assertEquals(PartitionWriters.MAX_OPEN, open.getMax());
    DeltaKernelReader kernel = DeltaKernelReader.latest(path);
    // LRU evictions roll many small files per day; compaction merges them before the commit.
    assertEquals(40, kernel.files().size());
    assertEquals(40, kernel.files().stream().map(f -> Path.of(f).getParent()).distinct().count());
    List<String> cols = List.of("id", "year", "month", "day");
    TableChecksum want = TableChecksum.of(expected(rows), cols);
    assertEquals(want, TableChecksum.of(kernel.rows(), cols));
    assertEquals(want, TableChecksum.of(DuckDbReader.read(kernel), cols));
  }

  @Test
  void rollsToANewFileAtTheTargetSize(TestPipeline p) {
    String path = tmp.resolve("rolled").toString();
    List<Column> columns =
        List.of(col("id", ColumnType.of(Kind.INT64)), col("text", ColumnType.string(0)));
    Schema schema = BeamSchemas.of(columns);
    List<Row> rows = new ArrayList<>();
    for (int i = 0; i < 5000; i++) {
      rows.add(
          Row.withSchema(schema)
              .addValues((long) i, i + ":" + "x".repeat(i % 97) + i * 31L)
              .build());
    }
    p.apply(Create.of(rows).withRowSchema(schema))
        .apply(
            WriteDeltaTable.to(
                DeltaTableSpec.of(path, "rolled", columns).withTargetFileBytes(16 << 10)));
    p.run().waitUntilFinish();

    DeltaKernelReader kernel = DeltaKernelReader.latest(path);
    assertTrue(kernel.files().size() > 3, "files: " + kernel.files().size());
    assertEquals(
        TableChecksum.of(expected(rows), List.of("id", "text")),
        TableChecksum.of(kernel.rows(), List.of("id", "text")));
  }

  @Test
  void stringPartitionsAreEscapedAndReadBack(TestPipeline p) {
    String path = tmp.resolve("cities").toString();
    List<Column> columns = List.of(col("id", ColumnType.of(Kind.INT64)));
    Schema schema =
        Schema.builder()
            .addNullableField("id", Schema.FieldType.INT64)
            .addNullableField("city", Schema.FieldType.STRING)
            .build();
    List<Row> rows =
        List.of(
            Row.withSchema(schema).addValues(1L, "New York").build(),
            Row.withSchema(schema).addValues(2L, "a/b:c%d=e").build(),
            Row.withSchema(schema).addValues(3L, "Zoë").build(),
            Row.withSchema(schema).addValues(4L, null).build());
    p.apply(Create.of(rows).withRowSchema(schema))
        .apply(
            WriteDeltaTable.to(
                DeltaTableSpec.of(path, "cities", columns).withPartitionColumns(List.of("city"))));
    p.run().waitUntilFinish();

    DeltaKernelReader kernel = DeltaKernelReader.latest(path);
    assertRowsEqual(expected(rows), kernel.rows());
    assertRowsEqual(expected(rows), DuckDbReader.read(kernel));
  }

  @Test
  void showsPathAndTableInDisplayData() {
    DisplayData data = DisplayData.from(WriteDeltaTable.to(spec("/lake/orders")));
    assertTrue(data.asMap().values().stream().anyMatch(i -> "/lake/orders".equals(i.getValue())));
    assertTrue(data.asMap().values().stream().anyMatch(i -> "orders".equals(i.getValue())));
  }

  private static DeltaTableSpec spec(String path) {
    return DeltaTableSpec.of(path, "orders", COLUMNS)
        .withPartitionColumns(PARTITIONS)
        .withTransaction("shop:orders", 7);
  }

  private static Column col(String name, ColumnType type) {
    return new Column(name, "", type, true, null);
  }

  private static Schema withPartitions(Schema data, Schema.FieldType type) {
    Schema.Builder b = Schema.builder().addFields(data.getFields());
    PARTITIONS.forEach(name -> b.addNullableField(name, type));
    return b.build();
  }

  private static List<Row> everyTypeRows() {
    List<Row> rows = new ArrayList<>();
    rows.add(
        Row.withSchema(SCHEMA)
            .addValues(
                1L,
                true,
                (short) -32768,
                2_147_483_647,
                1.5f,
                -2.25e300,
                new BigDecimal("1234567890123456789012345678.0123456789"),
                new BigDecimal("12345678.90"),
                "Zoë ✓ 日本 😀",
                "{\"a\": [1, 2]}",
                "123e4567-e89b-12d3-a456-426614174000",
                new byte[] {0, -1, 127, -128},
                LocalDate.of(2024, 2, 29),
                LocalTime.of(23, 59, 59, 999_999_000),
                Instant.parse("2024-03-05T10:11:12.123456Z"),
                LocalDateTime.of(2024, 3, 5, 1, 2, 3, 4_000),
                "gift wrap",
                2024,
                3,
                5)
            .build());
    rows.add(
        Row.withSchema(SCHEMA)
            .addValues(
                2L,
                false,
                (short) 32767,
                -1,
                -0.1f,
                0.0,
                new BigDecimal("-0.0000000001"),
                new BigDecimal("-0.01"),
                "",
                "null",
                "00000000-0000-0000-0000-000000000000",
                new byte[0],
                LocalDate.of(1969, 12, 31),
                LocalTime.MIDNIGHT,
                Instant.parse("2024-03-05T10:11:12.123001Z"),
                LocalDateTime.of(1969, 12, 31, 23, 59, 59, 999_999_000),
                "",
                2024,
                3,
                5)
            .build());
    rows.add(
        Row.withSchema(SCHEMA)
            .addValues(
                3L,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                Instant.parse("1969-12-31T23:59:59.999999Z"),
                null,
                null,
                2023,
                12,
                31)
            .build());
    List<Object> nulls = new ArrayList<>(Arrays.asList(new Object[COLUMNS.size()]));
    nulls.set(0, 4L);
    nulls.addAll(Arrays.asList(2024, 1, null));
    rows.add(Row.withSchema(SCHEMA).addValues(nulls).build());
    return rows;
  }

  /** The rows as both readers must return them: lake names, normalized values. */
  private static List<Map<String, Object>> expected(List<Row> rows) {
    List<String> names = LakeNames.of(rows.get(0).getSchema().getFieldNames());
    List<Map<String, Object>> out = new ArrayList<>();
    for (Row row : rows) {
      Map<String, Object> m = new LinkedHashMap<>();
      for (int i = 0; i < names.size(); i++) {
        m.put(names.get(i), TableChecksum.normalize(row.getValue(i)));
      }
      out.add(m);
    }
    return out;
  }

  private static void assertRowsEqual(
      List<Map<String, Object>> expected, List<Map<String, Object>> actual) {
    Comparator<Map<String, Object>> byId = Comparator.comparing(m -> (Long) m.get("id"));
    List<Map<String, Object>> want = expected.stream().sorted(byId).toList();
    List<Map<String, Object>> got = actual.stream().sorted(byId).toList();
    assertEquals(want.size(), got.size());
    for (int r = 0; r < want.size(); r++) {
      assertEquals(want.get(r).keySet(), got.get(r).keySet());
      for (String name : want.get(r).keySet()) {
        Object w = want.get(r).get(name);
        Object g = got.get(r).get(name);
        String where = "row " + want.get(r).get("id") + " column " + name;
        if (w instanceof byte[] bytes) {
          assertArrayEquals(bytes, (byte[]) g, where);
        } else {
          assertEquals(w, g, where);
        }
      }
    }
  }

  private static List<Path> dataFiles(String path) throws IOException {
    try (Stream<Path> files = Files.walk(Path.of(path))) {
      return files
          .filter(Files::isRegularFile)
          .filter(f -> !f.toString().contains("_delta_log"))
          .sorted()
          .toList();
    }
  }

  /** Checks a commit; file and byte counts depend on how the runner split the input. */
  private static SerializableFunction<DeltaCommit, Void> committed(
      String path, long version, long rows, boolean skipped) {
    return c -> {
      assertEquals("orders", c.table());
      assertEquals(path, c.path());
      assertEquals(version, c.version());
      assertEquals(rows, c.rows());
      assertEquals(skipped, c.skipped());
      assertTrue(c.files() > 0 && c.bytes() > 0, c.toString());
      return null;
    };
  }

  private static long counter(PipelineResult result, String name) {
    MetricsFilter filter =
        MetricsFilter.builder()
            .addNameFilter(MetricNameFilter.named(TableMetrics.namespace("orders"), name))
            .build();
    long sum = 0;
    for (MetricResult<Long> c : result.metrics().queryMetrics(filter).getCounters()) {
      sum += c.getAttempted();
    }
    return sum;
  }

  private static DistributionResult distribution(PipelineResult result, String name) {
    MetricsFilter filter =
        MetricsFilter.builder()
            .addNameFilter(MetricNameFilter.named(WriteDeltaTable.class, name))
            .build();
    return result
        .metrics()
        .queryMetrics(filter)
        .getDistributions()
        .iterator()
        .next()
        .getAttempted();
  }

  private static SourceException sourceException(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof SourceException s) {
        return s;
      }
    }
    throw new AssertionError("no SourceException in " + e, e);
  }
}

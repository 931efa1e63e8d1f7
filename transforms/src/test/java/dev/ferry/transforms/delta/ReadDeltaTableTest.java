package dev.ferry.transforms.delta;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.ferry.schemas.SourceException;
import dev.ferry.testkit.DeltaKernelReader;
import dev.ferry.testkit.TestPipelineExtension;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.beam.sdk.PipelineResult;
import org.apache.beam.sdk.metrics.MetricNameFilter;
import org.apache.beam.sdk.metrics.MetricsFilter;
import org.apache.beam.sdk.schemas.Schema;
import org.apache.beam.sdk.testing.PAssert;
import org.apache.beam.sdk.testing.TestPipeline;
import org.apache.beam.sdk.transforms.display.DisplayData;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.Row;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;

@ExtendWith(TestPipelineExtension.class)
class ReadDeltaTableTest {

  @TempDir(cleanup = CleanupMode.ON_SUCCESS)
  Path tmp;

  @Test
  void readsEveryKindBackEqualToWhatWasWritten(TestPipeline p) {
    String path = tmp.resolve("orders").toString();
    List<Row> rows = EveryKindTable.rows();
    EveryKindTable.append(path, rows);

    PCollection<Row> data = p.apply("ReadData", ReadDeltaTable.at(path));
    PCollection<Row> full = p.apply("ReadFull", ReadDeltaTable.at(path).withPartitionColumns());
    assertEquals(EveryKindTable.DATA_SCHEMA, data.getSchema());
    assertEquals(EveryKindTable.ROW_SCHEMA, full.getSchema());
    PAssert.that(data).containsInAnyOrder(rows.stream().map(EveryKindTable::dataOf).toList());
    PAssert.that(full).containsInAnyOrder(rows);
    PipelineResult result = p.run();
    result.waitUntilFinish();

    assertEquals(2L * rows.size(), rowsRead(result));
    assertEquals(rows.size(), DeltaKernelReader.latest(path).rows().size());
  }

  @Test
  void readsAnOlderVersionsPartitionsAndColumns(TestPipeline p) {
    String path = tmp.resolve("travel").toString();
    List<Row> rows = EveryKindTable.rows();
    EveryKindTable.append(path, rows);
    EveryKindTable.append(path, List.of(DeltaSnapshotTest.withId(rows.get(0), 10L)));

    PCollection<Row> keys =
        p.apply(
            ReadDeltaTable.at(path)
                .version(0)
                .partitions(PartitionSet.of(List.of(Map.of("region", "eu"))))
                .columns(List.of("created", "id"))
                .withPartitionColumns());
    Schema schema =
        Schema.builder()
            .addNullableField("created", EveryKindTable.DATA_SCHEMA.getField("created").getType())
            .addNullableField("id", Schema.FieldType.INT64)
            .addNullableField("region", Schema.FieldType.STRING)
            .addNullableField("day", Schema.FieldType.INT32)
            .build();
    assertEquals(schema, keys.getSchema());
    PAssert.that(keys)
        .containsInAnyOrder(
            Row.withSchema(schema)
                .addValues(Instant.parse("2024-03-05T10:11:12.123456Z"), 1L, "eu", 5)
                .build(),
            Row.withSchema(schema)
                .addValues(Instant.parse("1969-12-31T23:59:59.999999Z"), 2L, "eu", 6)
                .build());
    p.run().waitUntilFinish();
  }

  @Test
  void anEmptyTableReadsNoRows(TestPipeline p) {
    String path = tmp.resolve("empty").toString();
    EveryKindTable.append(path, List.of());
    PAssert.that(p.apply(ReadDeltaTable.at(path))).empty();
    p.run().waitUntilFinish();
  }

  @Test
  void aMissingTableFailsWhenThePipelineIsBuilt(TestPipeline p) {
    Path missing = tmp.resolve("absent");
    SourceException e =
        assertThrows(SourceException.class, () -> p.apply(ReadDeltaTable.at(missing.toString())));
    assertEquals(
        "cannot read Delta table at " + missing + ": there is no Delta table (no _delta_log)",
        e.getMessage());
    p.enableAbandonedNodeEnforcement(false);
  }

  @Test
  void showsWhatItReadsInDisplayData() {
    DisplayData data =
        DisplayData.from(ReadDeltaTable.at("lake/t").version(3).columns(List.of("id", "at")));
    Map<String, Object> items = new HashMap<>();
    data.items().forEach(item -> items.put(item.getKey(), item.getValue()));
    assertEquals("lake/t", items.get("path"));
    assertEquals(3L, items.get("version"));
    assertEquals("id, at", items.get("columns"));
  }

  private static long rowsRead(PipelineResult result) {
    List<Long> counts = new ArrayList<>();
    result
        .metrics()
        .queryMetrics(
            MetricsFilter.builder()
                .addNameFilter(MetricNameFilter.named(ReadDeltaTable.class, ReadFilesFn.ROWS_READ))
                .build())
        .getCounters()
        .forEach(c -> counts.add(c.getAttempted()));
    return counts.stream().mapToLong(Long::longValue).sum();
  }
}

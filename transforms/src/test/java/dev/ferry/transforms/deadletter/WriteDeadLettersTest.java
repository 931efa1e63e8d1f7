package dev.ferry.transforms.deadletter;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.ferry.testkit.DeltaKernelReader;
import dev.ferry.testkit.TestPipelineExtension;
import dev.ferry.transforms.delta.DeltaCommit;
import dev.ferry.transforms.lake.IngestStamp;
import dev.ferry.transforms.metrics.TableMetrics;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.beam.sdk.PipelineResult;
import org.apache.beam.sdk.metrics.MetricNameFilter;
import org.apache.beam.sdk.metrics.MetricResult;
import org.apache.beam.sdk.metrics.MetricsFilter;
import org.apache.beam.sdk.testing.PAssert;
import org.apache.beam.sdk.testing.TestPipeline;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.values.PCollection;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

@ExtendWith(TestPipelineExtension.class)
class WriteDeadLettersTest {

  @TempDir Path dir;

  private static final Instant AT = Instant.parse("2026-11-21T10:00:00.000001Z");

  @Test
  void writesEveryFailureCountsItPerTableAndCommitsOnce(TestPipeline p) throws Exception {
    List<FailedRow> failures =
        List.of(
            new FailedRow(
                "orders", FailedRow.READ, "ordered_at: '2024' is not a date", "{\"id\":1}", AT),
            new FailedRow("orders", FailedRow.VALIDATE, "status: 'lost'", "{\"id\":2}", AT),
            new FailedRow("customers", FailedRow.VALIDATE, "duplicate email", "{\"id\":3}", AT));
    String path = dir.resolve("_dead_letters").toString();
    PCollection<DeltaCommit> commits =
        p.apply(Create.of(failures).withCoder(FailedRow.CODER))
            .apply(WriteDeadLetters.to(path, new IngestStamp(AT, "shop.db", "run-9"), "app:run-9"));
    PAssert.thatSingleton(commits.apply(org.apache.beam.sdk.transforms.Count.globally()))
        .isEqualTo(1L);
    PipelineResult result = p.run();
    result.waitUntilFinish();

    assertEquals(2L, rejected(result, "orders"));
    assertEquals(1L, rejected(result, "customers"));
    List<Map<String, Object>> rows = DeltaKernelReader.latest(path).rows();
    assertEquals(3, rows.size());
    Map<Object, List<Object>> reasonsByTable =
        rows.stream()
            .collect(
                Collectors.groupingBy(
                    r -> r.get("table"),
                    Collectors.mapping(r -> r.get("reason"), Collectors.toList())));
    assertEquals(2, reasonsByTable.get("orders").size());
    assertEquals(List.of("duplicate email"), reasonsByTable.get("customers"));
    rows.forEach(r -> assertEquals("run-9", r.get("_run_id")));
  }

  private static long rejected(PipelineResult result, String table) {
    long sum = 0;
    for (MetricResult<Long> c :
        result
            .metrics()
            .queryMetrics(
                MetricsFilter.builder()
                    .addNameFilter(
                        MetricNameFilter.named(
                            TableMetrics.namespace(table), TableMetrics.REJECTED))
                    .build())
            .getCounters()) {
      sum += c.getAttempted();
    }
    return sum;
  }
}

package dev.ferry.transforms.lake;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.ferry.testkit.TestPipelineExtension;
import java.time.Instant;
import java.util.ArrayList;
import org.apache.beam.sdk.schemas.Schema;
import org.apache.beam.sdk.schemas.logicaltypes.SqlTypes;
import org.apache.beam.sdk.testing.PAssert;
import org.apache.beam.sdk.testing.TestPipeline;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.Row;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(TestPipelineExtension.class)
class AddIngestColumnsTest {

  private static final Instant INGESTED = Instant.parse("2026-11-21T23:30:00.123456Z");
  private static final IngestStamp STAMP = new IngestStamp(INGESTED, "shop.db", "run-1");

  private static final Schema INPUT =
      Schema.builder()
          .addInt64Field("id")
          .addNullableField("at", Schema.FieldType.logicalType(SqlTypes.TIMESTAMP))
          .build();

  private static final Schema OUTPUT =
      Schema.builder()
          .addFields(INPUT.getFields())
          .addNullableField("_ingested_at", Schema.FieldType.logicalType(SqlTypes.TIMESTAMP))
          .addNullableField("_source", Schema.FieldType.STRING)
          .addNullableField("_run_id", Schema.FieldType.STRING)
          .addNullableField("year", Schema.FieldType.INT32)
          .addNullableField("month", Schema.FieldType.INT32)
          .addNullableField("day", Schema.FieldType.INT32)
          .build();

  private static Row in(long id, Instant at) {
    return Row.withSchema(INPUT).addValues(id, at).build();
  }

  private static Row out(long id, Instant at, Integer y, Integer m, Integer d) {
    return Row.withSchema(OUTPUT).addValues(id, at, INGESTED, "shop.db", "run-1", y, m, d).build();
  }

  @Test
  void stampsIngestColumnsAndPartitionsByIngestDate(TestPipeline p) {
    Instant at = Instant.parse("2024-02-29T10:00:00Z");
    PCollection<Row> rows =
        p.apply(Create.of(in(1, at), in(2, null)).withRowSchema(INPUT))
            .apply(AddIngestColumns.of(OUTPUT, STAMP));
    PAssert.that(rows).containsInAnyOrder(out(1, at, 2026, 11, 21), out(2, null, 2026, 11, 21));
    p.run().waitUntilFinish();
  }

  @Test
  void partitionsByTheUtcDateOfAColumnAndNullGoesToTheNullPartition(TestPipeline p) {
    Instant lateEvening = Instant.parse("2024-02-29T23:59:59.999999Z");
    PCollection<Row> rows =
        p.apply(Create.of(in(1, lateEvening), in(2, null)).withRowSchema(INPUT))
            .apply(AddIngestColumns.of(OUTPUT, STAMP).partitionedBy("at"));
    PAssert.that(rows)
        .containsInAnyOrder(out(1, lateEvening, 2024, 2, 29), out(2, null, null, null, null));
    p.run().waitUntilFinish();
  }

  @Test
  void stepGivesTheSameRowAsTheTransform() {
    var step = AddIngestColumns.of(OUTPUT, STAMP).partitionedBy("at").step();
    Instant at = Instant.parse("2025-12-31T00:00:00Z");
    assertEquals(out(7, at, 2025, 12, 31), step.apply(in(7, at), new ArrayList<>()));
  }
}

package dev.ferry.transforms.lake;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ferry.schemas.convert.BeamSchemas;
import dev.ferry.schemas.inventory.Column;
import dev.ferry.schemas.types.ColumnType;
import dev.ferry.testkit.DeltaKernelReader;
import dev.ferry.testkit.TestPipelineExtension;
import dev.ferry.transforms.delta.DeltaCommit;
import dev.ferry.transforms.delta.DeltaTableSpec;
import dev.ferry.transforms.document.RawDocument;
import dev.ferry.transforms.read.BsonCoder;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.beam.sdk.testing.PAssert;
import org.apache.beam.sdk.testing.TestPipeline;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.values.PCollection;
import org.bson.BsonDocument;
import org.bson.RawBsonDocument;
import org.bson.codecs.BsonDocumentCodec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link WriteRawDocuments}: every document in the bronze table as JSON that reads back as the very
 * document, its {@code _id} as that JSON's {@code _id} member, stamped and partitioned by the
 * ingest date.
 */
@ExtendWith(TestPipelineExtension.class)
class WriteRawDocumentsTest {

  private static final Instant INGESTED = Instant.parse("2026-11-21T23:30:00.123456Z");

  @TempDir Path dir;

  @Test
  void everyDocumentRawWithItsIdAsJson(TestPipeline p) {
    // Each document, and the _id column it gets: the _id member as the document's JSON has it.
    Map<String, String> json = new LinkedHashMap<>();
    json.put(
        "{\"_id\": {\"$oid\": \"65f1a2b3c4d5e6f708192a01\"}, \"n\": 1, \"big\":"
            + " {\"$numberLong\": \"42\"}, \"d\": 1.0, \"dec\": {\"$numberDecimal\": \"1.50\"},"
            + " \"at\": {\"$date\": \"2024-05-01T12:00:00.123Z\"}, \"bin\": {\"$binary\":"
            + " {\"base64\": \"AQI=\", \"subType\": \"00\"}}, \"nested\": {\"a\": [1, null]}}",
        "{\"$oid\": \"65f1a2b3c4d5e6f708192a01\"}");
    json.put("{\"_id\": 42, \"a.b\": \"dotted key\"}", "42");
    json.put("{\"_id\": {\"$numberLong\": \"7\"}}", "{\"$numberLong\": \"7\"}");
    json.put("{\"_id\": \"ABC-1\"}", "\"ABC-1\"");
    json.put("{\"no_id\": true}", null);
    List<RawBsonDocument> documents = new ArrayList<>();
    json.keySet()
        .forEach(
            j ->
                documents.add(new RawBsonDocument(BsonDocument.parse(j), new BsonDocumentCodec())));

    PCollection<DeltaCommit> commit =
        p.apply(Create.of(documents).withCoder(BsonCoder.raw()))
            .apply(WriteRawDocuments.to(spec(), stamp()));
    PAssert.thatSingleton(commit)
        .satisfies(
            c -> {
              assertEquals(5, c.rows());
              return null;
            });
    p.run().waitUntilFinish();

    DeltaKernelReader table = DeltaKernelReader.latest(dir.resolve("bronze").toString());
    assertEquals(List.of("year", "month", "day"), table.partitionColumns());
    Map<Object, Map<String, Object>> byId = new HashMap<>();
    for (Map<String, Object> row : table.rows()) {
      byId.put(row.get("_id"), row);
      assertEquals(INGESTED, row.get("_ingested_at"));
      assertEquals("mongodb://db:27017/crm", row.get("_source"));
      assertEquals(
          List.of(2026L, 11L, 21L), List.of(row.get("year"), row.get("month"), row.get("day")));
    }
    assertEquals(5, byId.size());
    json.forEach(
        (j, id) -> {
          String document = (String) byId.get(id).get("document");
          assertEquals(BsonDocument.parse(j), BsonDocument.parse(document), document);
        });
    String first = (String) byId.get("{\"$oid\": \"65f1a2b3c4d5e6f708192a01\"}").get("document");
    assertTrue(first.contains("\"n\": 1, \"big\": {\"$numberLong\": \"42\"}, \"d\": 1.0"), first);
    assertTrue(byId.containsKey(null), "a document without _id is kept, its _id null");
  }

  @Test
  void theTableStartsWithIdAndDocument() {
    DeltaTableSpec wrong =
        DeltaTableSpec.of(
            dir.toString(), "x", List.of(new Column("doc", "", ColumnType.string(0), true, null)));
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> WriteRawDocuments.to(wrong, stamp()));
    assertTrue(e.getMessage().contains("starts with _id, document"), e.getMessage());
  }

  private DeltaTableSpec spec() {
    return DeltaTableSpec.of(dir.resolve("bronze").toString(), "things (bronze)", dataColumns())
        .withPartitionColumns(List.of("year", "month", "day"))
        .withTransaction("test:run", 1);
  }

  private static AddIngestColumns stamp() {
    List<Column> row = new ArrayList<>(dataColumns());
    for (String n : List.of("year", "month", "day")) {
      row.add(new Column(n, "", ColumnType.of(ColumnType.Kind.INT32), true, null));
    }
    return AddIngestColumns.of(
        BeamSchemas.of(row), new IngestStamp(INGESTED, "mongodb://db:27017/crm", "run-1"));
  }

  private static List<Column> dataColumns() {
    List<Column> columns = new ArrayList<>(RawDocument.COLUMNS);
    columns.add(
        new Column("_ingested_at", "", ColumnType.of(ColumnType.Kind.TIMESTAMP), true, null));
    columns.add(new Column("_source", "", ColumnType.string(0), true, null));
    columns.add(new Column("_run_id", "", ColumnType.string(0), true, null));
    return columns;
  }
}

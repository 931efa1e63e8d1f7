package dev.ferry.transforms.delta;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ferry.schemas.convert.BeamSchemas;
import dev.ferry.schemas.document.FlatRows;
import dev.ferry.schemas.inventory.Column;
import dev.ferry.schemas.types.ColumnType;
import dev.ferry.schemas.types.ColumnType.Kind;
import dev.ferry.testkit.DeltaKernelReader;
import dev.ferry.testkit.TestPipelineExtension;
import dev.ferry.transforms.deadletter.FailedRow;
import dev.ferry.transforms.document.DocumentSinkWriter;
import dev.ferry.transforms.steps.RowStep;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.beam.sdk.testing.PAssert;
import org.apache.beam.sdk.testing.TestPipeline;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.transforms.MapElements;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.Row;
import org.apache.beam.sdk.values.TypeDescriptors;
import org.bson.BsonDocument;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link DeltaDocumentSink} and {@link CommitDeltaTables} on local Delta tables: documents land in
 * all their tables or none, files are keyed by table and each table commits once, an empty one too.
 */
@ExtendWith(TestPipelineExtension.class)
class DeltaDocumentSinkTest {

  private static final List<Column> PARENT =
      List.of(col("_id", ColumnType.string(0)), col("v", ColumnType.of(Kind.INT64)));
  private static final List<Column> CHILD =
      List.of(
          col("_root_id", ColumnType.string(0)),
          col("_ordinal", ColumnType.of(Kind.INT32)),
          col("x", ColumnType.string(0)));

  @TempDir Path dir;

  @Test
  void aDocumentLandsInAllItsTablesOrInNone(TestPipeline p) {
    DeltaDocumentSink sink = sink();
    List<FailedRow> failures = new ArrayList<>();
    List<KV<String, DeltaFile>> files;
    try (DocumentSinkWriter<KV<String, DeltaFile>> writer = sink.open()) {
      writer.write(document("a", 1L, "x1", "x2"), original("a"), failures::add);
      writer.write(document("b", 2L, "fine", "bad"), original("b"), failures::add);
      writer.write(document("c", 3L), original("c"), failures::add);
      files = writer.finish(failures::add);
    }
    assertEquals(1, failures.size(), failures.toString());
    FailedRow failed = failures.get(0);
    assertEquals("things (documents)", failed.table());
    assertEquals("validate", failed.stage());
    assertEquals("child.x: is bad", failed.reason());
    assertEquals("{\"_id\": \"b\"}", failed.values());
    Map<String, Long> rows = new LinkedHashMap<>();
    files.forEach(f -> rows.merge(f.getKey(), f.getValue().numRecords(), Long::sum));
    assertEquals(Map.of("parent", 2L, "child", 2L), rows, "b wrote nothing, not even its parent");

    DeltaTableWriter empty = writer("empty", CHILD);
    List<DeltaTableWriter> writers = new ArrayList<>(sink.writers());
    writers.add(empty);
    PCollection<DeltaCommit> commits =
        p.apply(Create.of(files).withCoder(DeltaDocumentSink.CODER))
            .apply(CommitDeltaTables.of(writers));
    PAssert.that(
            commits.apply(
                MapElements.into(TypeDescriptors.strings()).via(c -> c.table() + "=" + c.rows())))
        .containsInAnyOrder("parent=2", "child=2", "empty=0");
    p.run().waitUntilFinish();

    assertEquals(2, DeltaKernelReader.latest(dir.resolve("parent").toString()).rows().size());
    List<Map<String, Object>> children =
        DeltaKernelReader.latest(dir.resolve("child").toString()).rows();
    assertEquals(List.of("a", "a"), children.stream().map(r -> r.get("_root_id")).toList());
    assertEquals(0, DeltaKernelReader.latest(dir.resolve("empty").toString()).version());
  }

  @Test
  void abortDeletesWhatWasWritten() throws IOException {
    try (DocumentSinkWriter<KV<String, DeltaFile>> writer = sink().open()) {
      writer.write(document("a", 1L, "x1"), original("a"), f -> {});
      writer.abort();
      assertEquals(List.of(), writer.finish(f -> {}));
    }
    try (Stream<Path> files = Files.walk(dir)) {
      assertTrue(files.noneMatch(f -> f.toString().endsWith(".parquet")), "no data file is left");
    }
  }

  @Test
  void rowsOfATableTheSinkDoesNotHaveAreABug() {
    try (DocumentSinkWriter<KV<String, DeltaFile>> writer = sink().open()) {
      FlatRows stray = new FlatRows("a", Map.of("other", List.of(List.of("a"))), List.of());
      IllegalStateException e =
          assertThrows(
              IllegalStateException.class, () -> writer.write(stray, original("a"), f -> {}));
      assertTrue(e.getMessage().contains("table other has no Delta table"), e.getMessage());
    }
  }

  @Test
  void aTableIsAddedOnce() {
    DeltaDocumentSink sink = sink();
    assertThrows(
        IllegalArgumentException.class,
        () -> sink.withTable(writer("parent", PARENT), BeamSchemas.of(PARENT), List.of()));
  }

  private DeltaDocumentSink sink() {
    return DeltaDocumentSink.of("things")
        .withTable(writer("parent", PARENT), BeamSchemas.of(PARENT), List.of())
        .withTable(writer("child", CHILD), BeamSchemas.of(CHILD), List.of(new RejectBad()));
  }

  private DeltaTableWriter writer(String table, List<Column> columns) {
    DeltaTableSpec spec =
        DeltaTableSpec.of(dir.resolve(table).toString(), table, columns)
            .withTransaction("test:run", 1);
    return DeltaTableWriter.of(spec, BeamSchemas.of(columns));
  }

  /** One parent row and one child row per {@code xs}, as a flattener would give them. */
  private static FlatRows document(String id, long v, String... xs) {
    List<List<Object>> children = new ArrayList<>();
    for (int i = 0; i < xs.length; i++) {
      children.add(List.of(id, i, xs[i]));
    }
    Map<String, List<List<Object>>> rows = new LinkedHashMap<>();
    rows.put("parent", List.of(List.of(id, v)));
    rows.put("child", children);
    return new FlatRows(id, rows, List.of());
  }

  private static BsonDocument original(String id) {
    return BsonDocument.parse("{\"_id\": \"" + id + "\"}");
  }

  private static Column col(String name, ColumnType type) {
    return new Column(name, "", type, true, null);
  }

  /** Refuses a child whose x is "bad". */
  private static final class RejectBad implements RowStep {
    private static final long serialVersionUID = 1L;

    @Override
    public String stage() {
      return FailedRow.VALIDATE;
    }

    @Override
    public Row apply(Row row, List<String> problems) {
      if ("bad".equals(row.getString("x"))) {
        problems.add("x: is bad");
      }
      return row;
    }
  }
}

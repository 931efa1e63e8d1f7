package dev.ferry.pipelines.documents;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ferry.pipelines.job.Job;
import dev.ferry.pipelines.job.JobException;
import dev.ferry.pipelines.job.JobFile;
import dev.ferry.pipelines.plan.BronzeTable;
import dev.ferry.pipelines.plan.JobPlan;
import dev.ferry.pipelines.run.MetricsSnapshot;
import dev.ferry.pipelines.run.RunContext;
import dev.ferry.pipelines.run.TableCounts;
import dev.ferry.schemas.document.ExtendedJson;
import dev.ferry.schemas.mongo.MongoCatalog;
import dev.ferry.schemas.mongo.MongoInventory;
import dev.ferry.schemas.mongo.MongoLogin;
import dev.ferry.testkit.DeltaKernelReader;
import dev.ferry.testkit.DuckDbReader;
import dev.ferry.testkit.MongoExtension;
import dev.ferry.testkit.TableChecksum;
import dev.ferry.testkit.TestMongoDatabase;
import dev.ferry.testkit.TestPipelineExtension;
import io.delta.kernel.types.StructField;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.apache.beam.sdk.PipelineResult;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.apache.beam.sdk.testing.TestPipeline;
import org.bson.BsonArray;
import org.bson.BsonDocument;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * A {@code mongodb} source into the lakehouse, end to end on mongo-java-server, read back with
 * Delta Kernel and DuckDB: every document raw in bronze, the flattened tables in silver, a document
 * that fails flattening or a rule in the dead letters and in no silver table, and a repeated run id
 * that appends nothing.
 *
 * <p>The plan is sampled from {@code documents/lake-contracts.json} only; {@code
 * lake-contracts-bad.json} is inserted afterwards, as documents that arrive after planning: one
 * with text where the sample saw Decimal128, one whose installment breaks a rule.
 */
@ExtendWith({MongoExtension.class, TestPipelineExtension.class})
class DocumentLakePipelineTest {

  private static final String COLLECTION = "contracts";
  private static final String DOCUMENTS = "contracts (documents)";
  private static final String BRONZE = "contracts (bronze)";
  private static final String ROOT = "contracts";
  private static final String INSTALLMENTS = "contracts_installments";
  private static final String PAYMENTS = "contracts_installments_payments";
  private static final Instant STARTED = Instant.parse("2026-03-04T05:06:07.123456Z");

  private static TestMongoDatabase db;
  private static MongoInventory sampled;
  private static List<BsonDocument> good;
  private static List<BsonDocument> bad;

  @BeforeAll
  static void load(TestMongoDatabase database) throws IOException {
    db = database;
    good = db.insertJson(COLLECTION, resource("documents/lake-contracts.json"));
    sampled = MongoCatalog.read(MongoLogin.of(db.connectionString(), null, null), 100);
    bad = db.insertJson(COLLECTION, resource("documents/lake-contracts-bad.json"));
  }

  @Test
  void bronzeKeepsEveryDocumentAndSilverTheFlattenedOnes(TestPipeline p, @TempDir Path dir) {
    JobPlan plan = plan(dir.resolve("lake"));
    assertEquals(
        List.of(DOCUMENTS, BRONZE, ROOT, INSTALLMENTS, PAYMENTS),
        DocumentLakePipeline.tableNames(plan));
    DocumentLakePipeline.expandInto(p, plan, new RunContext("run-1", STARTED));
    PipelineResult result = p.run();
    result.waitUntilFinish();

    Path lake = dir.resolve("lake");
    assertBronze(lake.resolve("bronze/contracts").toString());
    assertSilver(lake);
    assertDeadLetters(lake.resolve("_dead_letters").toString());

    Map<String, TableCounts> counts = counts(result, plan);
    assertCounts(counts.get(DOCUMENTS), 5, 3, 2);
    assertCounts(counts.get(BRONZE), 5, 5, 0);
    assertCounts(counts.get(ROOT), 3, 3, 0);
    assertCounts(counts.get(INSTALLMENTS), 5, 5, 0);
    assertCounts(counts.get(PAYMENTS), 6, 6, 0);
    assertTrue(counts.values().stream().noneMatch(TableCounts::alreadyCommitted));
    assertTrue(counts.get(BRONZE).bytes() > 0, "bronze bytes are counted");
  }

  @Test
  void aRepeatedRunIdAppendsNothingAndANewOneAppends(@TempDir Path dir) {
    Path lake = dir.resolve("lake");
    JobPlan plan = plan(lake);
    List<String> tables =
        List.of(
            "bronze/contracts", "silver/" + ROOT, "silver/" + INSTALLMENTS, "silver/" + PAYMENTS);
    RunContext first = new RunContext("run-1", STARTED);
    run(plan, first);
    Map<String, Long> versions = versions(lake, tables);
    Map<String, Integer> sizes = sizes(lake, tables);

    Map<String, TableCounts> again = run(plan, RunContext.resume("run-1"));
    assertEquals(versions, versions(lake, tables), "a repeated run id commits nothing");
    assertEquals(sizes, sizes(lake, tables));
    assertEquals(
        2, DeltaKernelReader.latest(lake.resolve("_dead_letters").toString()).rows().size());
    for (String name : List.of(BRONZE, ROOT, INSTALLMENTS, PAYMENTS)) {
      assertTrue(again.get(name).alreadyCommitted(), name + " is reported as already committed");
    }
    // Counts still reconcile: the earlier commit's rows count as written.
    assertCounts(again.get(DOCUMENTS), 5, 3, 2);
    assertCounts(again.get(BRONZE), 5, 5, 0);
    assertCounts(again.get(INSTALLMENTS), 5, 5, 0);

    run(plan, new RunContext("run-2", STARTED.plusSeconds(86_400)));
    Map<String, Integer> doubled = sizes(lake, tables);
    sizes.forEach((t, n) -> assertEquals(2 * n, doubled.get(t), t + " appends under a new run id"));
    Set<Object> runIds =
        DeltaKernelReader.latest(lake.resolve("bronze/contracts").toString()).rows().stream()
            .map(r -> r.get("_run_id"))
            .collect(Collectors.toSet());
    assertEquals(Set.of("run-1", "run-2"), runIds);
  }

  @Test
  void flattenedTablesLandInSilverAndDocumentsRawInBronze(@TempDir Path dir) {
    JobPlan plan = plan(dir.resolve("lake"));
    assertEquals(
        List.of(ROOT, INSTALLMENTS, PAYMENTS).stream()
            .map(t -> dir.resolve("lake/silver/" + t).toString())
            .toList(),
        plan.tables().stream().map(BronzeTable::path).toList());
    assertEquals(Optional.of("signed_at"), plan.tables().get(0).partitionColumn());
    assertEquals(
        dir.resolve("lake/bronze/contracts").toString(),
        BronzeTable.ofDocuments(COLLECTION, dir.resolve("lake").toString()).path());
  }

  @Test
  void mistakesAreOneLineNamingTheKey(@TempDir Path dir) {
    String lake = dir.resolve("lake").toString();
    JobException clash =
        assertThrows(
            JobException.class,
            () -> plan(lake, "", "flatten:\n  contracts: {table: \"contracts (bronze)\"}\n"));
    assertEquals(
        "flatten.contracts: table 'contracts (bronze)' has the name the run counts collection"
            + " contracts's documents under; rename the table",
        clash.getMessage());
    JobException partition =
        assertThrows(
            JobException.class, () -> plan(lake, "  partition_by: {contracts: amount}\n", ""));
    assertTrue(
        partition.getMessage().startsWith("target.partition_by.contracts: column amount is text;"),
        partition.getMessage());
  }

  // ---- bronze ----

  private static void assertBronze(String path) {
    DeltaKernelReader table = DeltaKernelReader.latest(path);
    assertEquals(List.of("year", "month", "day"), table.partitionColumns());
    assertEquals(
        List.of("_id", "document", "_ingested_at", "_source", "_run_id", "year", "month", "day"),
        table.schema().fields().stream().map(StructField::getName).toList());
    List<Map<String, Object>> rows = table.rows();
    List<BsonDocument> all = new ArrayList<>(good);
    all.addAll(bad);
    assertEquals(all.size(), rows.size(), "bronze holds every document read, the bad ones too");
    for (BsonDocument original : all) {
      String id = "{\"$oid\": \"" + original.getObjectId("_id").getValue().toHexString() + "\"}";
      Map<String, Object> row = rowWith(rows, "_id", id);
      String json = (String) row.get("document");
      // The raw text reads back as the very document: types (int64, Decimal128, dates) and order.
      assertEquals(original, BsonDocument.parse(json));
      assertEquals(List.copyOf(original.keySet()), List.copyOf(BsonDocument.parse(json).keySet()));
      assertEquals(STARTED, row.get("_ingested_at"));
      assertEquals("run-1", row.get("_run_id"));
      assertEquals(db.connectionString(), row.get("_source"));
      assertEquals(
          List.of(2026L, 3L, 4L), List.of(row.get("year"), row.get("month"), row.get("day")));
    }
    String first =
        (String) rowWith(rows, "_id", "{\"$oid\": \"65f1a2b3c4d5e6f708192a01\"}").get("document");
    assertTrue(first.contains("\"score\": {\"$numberLong\": \"9007199254740993\"}"), first);
    assertTrue(first.contains("\"amount\": {\"$numberDecimal\": \"1500.50\"}"), first);
    assertTrue(first.contains("\"signed_at\": {\"$date\": \"2024-05-01T12:30:00.123Z\"}"), first);
    assertTrue(first.contains("\"n\": 1,"), "int32 stays a plain number: " + first);
    assertSameRows(rows, DuckDbReader.read(table));
  }

  // ---- silver ----

  private static void assertSilver(Path lake) {
    DeltaKernelReader root = DeltaKernelReader.latest(lake.resolve("silver/" + ROOT).toString());
    assertEquals(
        Map.of(
            "_id", "string",
            "amount", "string",
            "signed_at", "timestamp",
            "score", "long",
            "tags", "string",
            "client_address_city", "string",
            "_ingested_at", "timestamp",
            "year", "integer"),
        types(
            root,
            "_id",
            "amount",
            "signed_at",
            "score",
            "tags",
            "client_address_city",
            "_ingested_at",
            "year"));
    List<Map<String, Object>> rows = root.rows();
    assertEquals(goodIds(), ids(rows, "_id"), "the good documents, and only them");
    Map<String, Object> ana = rowWith(rows, "_id", "65f1a2b3c4d5e6f708192a01");
    assertEquals("1500.50", ana.get("amount"));
    assertEquals(Instant.parse("2024-05-01T12:30:00.123Z"), ana.get("signed_at"));
    assertEquals(9007199254740993L, ana.get("score"));
    assertEquals("{\"new\",\"priority\"}", ana.get("tags"));
    assertEquals("Ana Souza", ana.get("client_name"));
    assertEquals("Recife", ana.get("client_address_city"));
    assertEquals("run-1", ana.get("_run_id"));
    // partition_by: the root table by its signed_at date, not by the ingest date.
    assertEquals(
        List.of(2024L, 5L, 1L), List.of(ana.get("year"), ana.get("month"), ana.get("day")));
    Map<String, Object> bruno = rowWith(rows, "_id", "65f1a2b3c4d5e6f708192a02");
    assertEquals("0.10", bruno.get("amount"));
    assertEquals("{\"renewal\",\"with \\\"quotes\\\", commas\",\"NULL\"}", bruno.get("tags"));
    assertEquals("São Paulo", bruno.get("client_address_city"));
    assertEquals(
        List.of(2023L, 12L, 31L), List.of(bruno.get("year"), bruno.get("month"), bruno.get("day")));
    Map<String, Object> carla = rowWith(rows, "_id", "65f1a2b3c4d5e6f708192a03");
    assertEquals("12345678901234567890.123456789", carla.get("amount"));
    assertEquals("{}", carla.get("tags"));
    assertSameRows(rows, DuckDbReader.read(root));

    DeltaKernelReader installments =
        DeltaKernelReader.latest(lake.resolve("silver/" + INSTALLMENTS).toString());
    List<Map<String, Object>> children = installments.rows();
    assertEquals(List.of("year", "month", "day"), installments.partitionColumns());
    for (BsonDocument d : good) {
      String id = d.getObjectId("_id").getValue().toHexString();
      BsonArray array = d.getArray("installments");
      List<Map<String, Object>> mine = where(children, "_root_id", id);
      assertEquals(array.size(), mine.size(), "one row per installment of " + id);
      for (int i = 0; i < array.size(); i++) {
        BsonDocument element = array.get(i).asDocument();
        Map<String, Object> row = where(mine, "_ordinal", (long) i).get(0);
        assertEquals((long) element.getInt32("n").getValue(), row.get("n"));
        assertEquals(
            element.getDecimal128("amount").getValue().bigDecimalValue().toPlainString(),
            row.get("amount"));
        assertEquals(Instant.ofEpochMilli(element.getDateTime("due").getValue()), row.get("due"));
        assertEquals(
            List.of(2026L, 3L, 4L), List.of(row.get("year"), row.get("month"), row.get("day")));
      }
    }
    // The rejected document with a valid installment left no row of it behind.
    assertEquals(
        Set.of("65f1a2b3c4d5e6f708192a01", "65f1a2b3c4d5e6f708192a02"), ids(children, "_root_id"));
    assertSameRows(children, DuckDbReader.read(installments));

    DeltaKernelReader payments =
        DeltaKernelReader.latest(lake.resolve("silver/" + PAYMENTS).toString());
    List<Map<String, Object>> grandchildren = payments.rows();
    for (BsonDocument d : good) {
      String id = d.getObjectId("_id").getValue().toHexString();
      BsonArray array = d.getArray("installments");
      for (int i = 0; i < array.size(); i++) {
        BsonArray paid = array.get(i).asDocument().getArray("payments");
        List<Map<String, Object>> mine =
            where(where(grandchildren, "_root_id", id), "_ordinal_1", (long) i);
        assertEquals(paid.size(), mine.size(), "payments of installment " + i + " of " + id);
        for (int j = 0; j < paid.size(); j++) {
          BigDecimal value =
              paid.get(j).asDocument().getDecimal128("paid").getValue().bigDecimalValue();
          assertEquals(value.toPlainString(), where(mine, "_ordinal", (long) j).get(0).get("paid"));
        }
      }
    }
    assertEquals(
        Set.of("65f1a2b3c4d5e6f708192a01", "65f1a2b3c4d5e6f708192a02"),
        ids(grandchildren, "_root_id"));
    assertSameRows(grandchildren, DuckDbReader.read(payments));
  }

  // ---- dead letters ----

  private static void assertDeadLetters(String path) {
    List<Map<String, Object>> rows = DeltaKernelReader.latest(path).rows();
    assertEquals(2, rows.size(), rows.toString());
    Map<String, Map<String, Object>> byId = new LinkedHashMap<>();
    for (Map<String, Object> row : rows) {
      assertEquals(DOCUMENTS, row.get("table"));
      BsonDocument values = BsonDocument.parse((String) row.get("values"));
      byId.put(values.getObjectId("_id").getValue().toHexString(), row);
    }
    Map<String, Object> text = byId.get("65f1a2b3c4d5e6f708192a04");
    assertEquals("flatten", text.get("stage"));
    assertTrue(
        ((String) text.get("reason")).startsWith("amount: string 'a lot' is not a number"),
        text.toString());
    // The whole document as ExtendedJson writes it: int64 stays {"$numberLong": "3"}.
    assertEquals(ExtendedJson.of(bad.get(0)), text.get("values"));
    assertEquals(bad.get(0), BsonDocument.parse((String) text.get("values")));
    Map<String, Object> rule = byId.get("65f1a2b3c4d5e6f708192a05");
    assertEquals("validate", rule.get("stage"));
    assertEquals(INSTALLMENTS + "[1].n: 0 is below the minimum 1", rule.get("reason"));
  }

  // ---- helpers ----

  private static JobPlan plan(Path lake) {
    return plan(lake.toString(), "  partition_by: {contracts: signed_at}\n", "");
  }

  private static JobPlan plan(String lake, String partitionBy, String more) {
    String yaml =
        """
        name: lakedocs
        source:
          kind: mongodb
          url: %s
          tables: [contracts]
        target:
          kind: lakehouse
          path: %s
        %srules:
          - column: contracts_installments.n
            range: {min: 1}
        max_rejected: 10
        %s"""
            .formatted(db.connectionString(), lake, partitionBy, more);
    Job job = JobFile.parse(yaml, "lakedocs.yaml", Map.of());
    return JobPlan.ofDocuments(job, sampled, false);
  }

  private static Map<String, TableCounts> run(JobPlan plan, RunContext run) {
    PipelineResult result =
        DocumentLakePipeline.build(plan, run, PipelineOptionsFactory.create()).run();
    result.waitUntilFinish();
    return counts(result, plan);
  }

  private static Map<String, TableCounts> counts(PipelineResult result, JobPlan plan) {
    Map<String, TableCounts> out = new LinkedHashMap<>();
    for (TableCounts t :
        MetricsSnapshot.read(result, DocumentLakePipeline.tableNames(plan), true)) {
      assertTrue(t.reconciles(), "read = written + rejected for " + t);
      out.put(t.table(), t);
    }
    return out;
  }

  private static void assertCounts(TableCounts t, long read, long written, long rejected) {
    assertEquals(
        List.of(read, written, rejected),
        List.of(t.read(), t.written(), t.rejected()),
        t.toString());
  }

  private static Map<String, Long> versions(Path lake, List<String> tables) {
    Map<String, Long> out = new LinkedHashMap<>();
    tables.forEach(t -> out.put(t, DeltaKernelReader.latest(lake.resolve(t).toString()).version()));
    return out;
  }

  private static Map<String, Integer> sizes(Path lake, List<String> tables) {
    Map<String, Integer> out = new LinkedHashMap<>();
    tables.forEach(
        t -> out.put(t, DeltaKernelReader.latest(lake.resolve(t).toString()).rows().size()));
    return out;
  }

  private static Map<String, String> types(DeltaKernelReader table, String... names) {
    Map<String, String> out = new LinkedHashMap<>();
    for (String n : names) {
      out.put(n, table.schema().get(n).getDataType().toString());
    }
    return out;
  }

  private static Set<String> goodIds() {
    return good.stream()
        .map(d -> d.getObjectId("_id").getValue().toHexString())
        .collect(Collectors.toCollection(TreeSet::new));
  }

  private static Set<String> ids(List<Map<String, Object>> rows, String column) {
    return rows.stream()
        .map(r -> (String) r.get(column))
        .collect(Collectors.toCollection(TreeSet::new));
  }

  private static List<Map<String, Object>> where(
      List<Map<String, Object>> rows, String column, Object value) {
    return rows.stream().filter(r -> value.equals(r.get(column))).toList();
  }

  private static Map<String, Object> rowWith(
      List<Map<String, Object>> rows, String column, Object value) {
    List<Map<String, Object>> found = where(rows, column, value);
    assertEquals(1, found.size(), "rows with " + column + " = " + value);
    return found.get(0);
  }

  /** The independent reader sees the same rows as Delta Kernel. */
  private static void assertSameRows(
      List<Map<String, Object>> kernel, List<Map<String, Object>> duck) {
    assertFalse(kernel.isEmpty());
    Set<String> columns = kernel.get(0).keySet();
    assertEquals(TableChecksum.of(kernel, columns), TableChecksum.of(duck, columns));
  }

  private static String resource(String name) throws IOException {
    try (InputStream in =
        DocumentLakePipelineTest.class.getClassLoader().getResourceAsStream(name)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }
}

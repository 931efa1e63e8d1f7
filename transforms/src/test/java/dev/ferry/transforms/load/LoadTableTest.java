package dev.ferry.transforms.load;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.ferry.schemas.convert.BeamSchemas;
import dev.ferry.schemas.inventory.Table;
import dev.ferry.schemas.sqlite.SqliteCatalog;
import dev.ferry.testkit.DeltaKernelReader;
import dev.ferry.testkit.DuckDbReader;
import dev.ferry.testkit.TestPipelineExtension;
import dev.ferry.transforms.deadletter.FailedRow;
import dev.ferry.transforms.delta.CommitDeltaFiles;
import dev.ferry.transforms.delta.DeltaFile;
import dev.ferry.transforms.delta.DeltaTableSpec;
import dev.ferry.transforms.delta.DeltaTableWriter;
import dev.ferry.transforms.read.ReadSqliteTable;
import dev.ferry.transforms.steps.RowStep;
import dev.ferry.transforms.validate.ColumnRule;
import dev.ferry.transforms.validate.Normalization;
import dev.ferry.transforms.validate.NormalizeRows;
import dev.ferry.transforms.validate.ValidateRows;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.StreamSupport;
import org.apache.beam.sdk.schemas.Schema;
import org.apache.beam.sdk.testing.PAssert;
import org.apache.beam.sdk.testing.TestPipeline;
import org.apache.beam.sdk.transforms.MapElements;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionTuple;
import org.apache.beam.sdk.values.TypeDescriptors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

@ExtendWith(TestPipelineExtension.class)
class LoadTableTest {

  @TempDir Path dir;

  /** 2,500 rows over 3 key ranges; every 500th row has a text price, every 700th a bad status. */
  private String source() throws Exception {
    Path file = dir.resolve("src.db");
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file);
        Statement s = c.createStatement()) {
      s.execute(
          "CREATE TABLE items (id INTEGER PRIMARY KEY, status TEXT NOT NULL, price DECIMAL(8,2))");
      s.execute(
          "WITH RECURSIVE n(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM n WHERE x < 2500)"
              + " INSERT INTO items SELECT x,"
              + " CASE WHEN x % 700 = 0 THEN 'lost' ELSE '  ok ' END,"
              + " CASE WHEN x % 500 = 0 THEN 'free' ELSE x / 4.0 END FROM n");
    }
    return "jdbc:sqlite:" + file;
  }

  @Test
  void readsStepsAndWritesEveryRangeInOnePass(TestPipeline p) throws Exception {
    String url = source();
    Table table = SqliteCatalog.read(url).table("items").orElseThrow();
    Schema schema = BeamSchemas.of(table.columns());
    List<RowStep> steps =
        List.of(
            NormalizeRows.with(
                    "items", table.columns(), Map.of("status", List.of(Normalization.TRIM)))
                .step(),
            ValidateRows.with("items", List.of(ColumnRule.of("status").withIn(List.of("ok"))))
                .step(schema));
    String lake = dir.resolve("lake/items").toString();
    DeltaTableSpec spec = DeltaTableSpec.of(lake, "items", table.columns());
    DeltaTableWriter writer = DeltaTableWriter.of(spec, schema);

    LoadTable<DeltaFile> load =
        LoadTable.from(ReadSqliteTable.from(url, table).withRowsPerSplit(1000).reading())
            .through(steps)
            .into(writer, DeltaFile.CODER);
    PCollectionTuple out = p.apply(load);
    out.get(load.results()).apply(CommitDeltaFiles.of(spec, writer.partitionColumns()));

    PCollection<String> failures =
        out.get(LoadTable.FAILED)
            .apply(
                MapElements.into(TypeDescriptors.strings())
                    .via((FailedRow f) -> f.stage() + " " + f.reason()));
    // Rows 500, 1000, …, 2500 fail conversion before any step; rows 700, 1400, 2100 the rule.
    List<String> expected = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      expected.add("read price: 'free' is not a decimal number");
    }
    for (int i = 0; i < 3; i++) {
      expected.add("validate status: 'lost' is not one of ['ok']");
    }
    PAssert.that(failures).containsInAnyOrder(expected);
    PAssert.that(out.get(load.results()))
        .satisfies(
            files -> {
              long rows =
                  StreamSupport.stream(files.spliterator(), false)
                      .mapToLong(f -> f.numRecords())
                      .sum();
              assertEquals(2500 - 5 - 3, rows, "rows written across all ranges");
              return null;
            });
    p.run().waitUntilFinish();

    DeltaKernelReader kernel = DeltaKernelReader.latest(lake);
    assertEquals(2492, kernel.rows().size());
    assertEquals(2492, DuckDbReader.read(kernel).size());
    Map<String, Object> first =
        kernel.rows().stream().filter(r -> r.get("id").equals(1L)).findFirst().orElseThrow();
    assertEquals("ok", first.get("status"), "trimmed by the normalize step");
    assertEquals(new BigDecimal("0.25"), first.get("price"));
  }
}

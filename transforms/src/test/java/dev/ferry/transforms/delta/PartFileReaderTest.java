package dev.ferry.transforms.delta;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ferry.schemas.convert.LakeNames;
import dev.ferry.schemas.inventory.Column;
import dev.ferry.schemas.types.ColumnType.Kind;
import dev.ferry.testkit.S3Server;
import dev.ferry.transforms.s3.S3Settings;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import org.apache.beam.sdk.values.Row;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;

class PartFileReaderTest {

  @TempDir(cleanup = CleanupMode.ON_SUCCESS)
  Path tmp;

  @Test
  void readsAndMergesFilesOnS3ThroughBeamFileSystems() throws IOException {
    S3Server server = S3Server.shared();
    server.createBucket("delta-read");
    S3Settings.aws()
        .withEndpoint(server.endpoint())
        .withPathStyle(true)
        .register(
            Map.of(
                "AWS_ACCESS_KEY_ID",
                server.accessKey(),
                "AWS_SECRET_ACCESS_KEY",
                server.secretKey()));
    DeltaTableWriter writer = EveryKindTable.writer("s3://delta-read/orders");
    List<Row> rows = EveryKindTable.rows();
    List<DeltaFile> files = new ArrayList<>();
    for (int session = 0; session < 2; session++) {
      DeltaTableWriter.Session s = writer.start();
      rows.forEach(s::write);
      files.addAll(s.finish());
    }
    assertTrue(files.stream().allMatch(f -> f.location().startsWith("s3://delta-read/orders/")));
    List<DeltaFile> euDay5 =
        files.stream().filter(f -> f.path().startsWith("region=eu/day=5/")).toList();
    assertEquals(2, euDay5.size());

    DeltaFile merged = FileCompaction.of(writer).merge(euDay5);
    assertTrue(merged.location().startsWith("s3://delta-read/orders/region=eu/day=5/"));
    assertEquals(2, merged.numRecords());
    List<Row> back = read(merged, EveryKindTable.COLUMNS);
    Row first = EveryKindTable.dataOf(rows.get(0));
    DeltaSnapshotTest.assertRowsEqual(List.of(first, first), back);
  }

  @Test
  void aColumnAddedAfterTheFileWasWrittenReadsNull() throws IOException {
    DeltaTestTable t = new DeltaTestTable(tmp.resolve("evolved").toString());
    t.committer().append(t.files(1, 1, 2));
    List<Column> wider =
        List.of(
            DeltaTestTable.COLUMNS.get(0),
            DeltaTestTable.COLUMNS.get(1),
            DeltaTestTable.col("extra", Kind.INT64, true));
    t.committer(wider).append(t.files(wider, 2, 3, 3));

    DeltaSnapshot table = DeltaSnapshot.load(t.path);
    assertEquals(
        List.of("id", "name", "extra"), table.columns().stream().map(Column::name).toList());
    List<Row> rows = DeltaSnapshotTest.readAll(table);
    assertEquals(List.of(1L, 2L, 3L), rows.stream().map(r -> r.getInt64("id")).toList());
    assertNull(rows.get(0).getValue("extra"));
    assertEquals("name-2", rows.get(1).getString("name"));
    assertEquals(3L, rows.get(2).getInt64("extra"));
  }

  private static List<Row> read(DeltaFile file, List<Column> columns) throws IOException {
    List<String> names = LakeNames.of(columns.stream().map(Column::name).toList());
    List<Row> rows = new ArrayList<>();
    try (PartFileReader reader = PartFileReader.open(file, columns, names)) {
      for (Row row = reader.next(); row != null; row = reader.next()) {
        rows.add(row);
      }
    }
    rows.sort(Comparator.comparing(r -> r.getInt64("id")));
    return rows;
  }
}

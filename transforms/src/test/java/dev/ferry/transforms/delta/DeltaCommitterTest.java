package dev.ferry.transforms.delta;

import static dev.ferry.transforms.delta.DeltaTestTable.col;
import static dev.ferry.transforms.delta.DeltaTestTable.day;
import static dev.ferry.transforms.delta.DeltaTestTable.ids;
import static dev.ferry.transforms.delta.DeltaTestTable.rows;
import static dev.ferry.transforms.delta.DeltaTestTable.rowsOfDay;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ferry.schemas.SourceException;
import dev.ferry.schemas.inventory.Column;
import dev.ferry.schemas.types.ColumnType.Kind;
import dev.ferry.testkit.DeltaKernelReader;
import dev.ferry.testkit.DuckDbReader;
import io.delta.standalone.types.LongType;
import io.delta.standalone.types.StringType;
import io.delta.standalone.types.StructField;
import io.delta.standalone.types.StructType;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;

class DeltaCommitterTest {

  @TempDir(cleanup = CleanupMode.ON_SUCCESS)
  Path tmp;

  @Test
  void replacesOnePartitionAtomicallyAndOnlyOnce() {
    DeltaTestTable t = new DeltaTestTable(tmp.resolve("events").toString());
    List<DeltaFile> threeDays = new ArrayList<>(t.files(1, 1, 2));
    threeDays.addAll(t.files(2, 3, 4));
    threeDays.addAll(t.files(3, 5, 6));
    assertEquals(0, t.committer().append(threeDays).version());
    DeltaKernelReader v0 = DeltaKernelReader.latest(t.path);
    List<String> otherDaysFiles =
        v0.files().stream().filter(f -> !f.contains("/day=2/")).sorted().toList();

    DeltaCommitter backfill = t.committer("backfill:events", 7);
    DeltaCommit replaced = backfill.replace(PartitionSet.of(List.of(day(2))), t.files(2, 30, 32));
    assertEquals(1, replaced.version());
    assertFalse(replaced.skipped());

    DeltaKernelReader v1 = DeltaKernelReader.latest(t.path);
    assertEquals(1, v1.version());
    assertEquals(rowsOfDay(v0, 1), rowsOfDay(v1, 1));
    assertEquals(rowsOfDay(v0, 3), rowsOfDay(v1, 3));
    assertEquals(List.of(30L, 31L, 32L), ids(rowsOfDay(v1, 2)));
    assertEquals("name-31", rowsOfDay(v1, 2).get(1).get("name"));
    assertEquals(
        otherDaysFiles, v1.files().stream().filter(f -> !f.contains("/day=2/")).sorted().toList());
    assertEquals(
        ids(rows(v1)),
        DuckDbReader.read(v1).stream()
            .map(r -> ((Number) r.get("id")).longValue())
            .sorted()
            .toList());

    // The same run again: its transaction version is committed, so nothing changes.
    List<DeltaFile> again = t.files(2, 40, 41);
    DeltaCommit rerun = backfill.replace(PartitionSet.of(List.of(day(2))), again);
    assertTrue(rerun.skipped());
    assertEquals(1, rerun.version());
    assertEquals(1, DeltaKernelReader.latest(t.path).version());
    assertFalse(Files.exists(Path.of(again.get(0).location())), "skipped run's file deleted");

    // Time travel: version 0 still has the old day 2.
    assertEquals(ids(rows(v0)), ids(rows(DeltaKernelReader.atVersion(t.path, 0))));
    assertEquals(List.of(3L, 4L), ids(rowsOfDay(DeltaKernelReader.atVersion(t.path, 0), 2)));
  }

  @Test
  void replacesPartitionsChosenByPredicate() {
    DeltaTestTable t = new DeltaTestTable(tmp.resolve("events").toString());
    List<DeltaFile> threeDays = new ArrayList<>(t.files(1, 1, 2));
    threeDays.addAll(t.files(2, 3, 4));
    threeDays.addAll(t.files(3, 5, 6));
    t.committer().append(threeDays);

    PartitionSet fromDay2 =
        PartitionSet.where(
            "day >= 2", v -> v.get("day") != null && Integer.parseInt(v.get("day")) >= 2);
    t.committer().replace(fromDay2, t.files(3, 50, 50));

    DeltaKernelReader table = DeltaKernelReader.latest(t.path);
    assertEquals(List.of(1L, 2L, 50L), ids(rows(table)));
  }

  @Test
  void refusesReplaceWithRowsOutsideThePartitions() {
    DeltaTestTable t = new DeltaTestTable(tmp.resolve("events").toString());
    t.committer().append(t.files(1, 1, 2));
    List<DeltaFile> day3 = t.files(3, 5, 6);
    SourceException e =
        assertThrows(
            SourceException.class,
            () -> t.committer().replace(PartitionSet.of(List.of(day(2))), day3));
    assertTrue(e.getMessage().startsWith("cannot write Delta table at " + t.path), e.getMessage());
    assertTrue(e.getMessage().contains("outside the replaced"), e.getMessage());
    assertEquals(0, DeltaKernelReader.latest(t.path).version());
  }

  @Test
  void addsNewNullableColumnAndOldFilesReadNull() {
    DeltaTestTable t = new DeltaTestTable(tmp.resolve("events").toString());
    t.committer().append(t.files(1, 1, 2));
    List<Column> withNote = new ArrayList<>(DeltaTestTable.COLUMNS);
    withNote.add(col("note", Kind.STRING, true));
    DeltaCommit commit = t.committer(withNote).append(t.files(withNote, 2, 3, 3));
    assertEquals(1, commit.version());

    DeltaKernelReader table = DeltaKernelReader.latest(t.path);
    assertTrue(table.schema().fieldNames().contains("note"), table.schema().toString());
    List<Map<String, Object>> rows = rows(table);
    assertNull(rows.get(0).get("note"));
    assertNull(rows.get(1).get("note"));
    assertEquals("note-3", rows.get(2).get("note"));
    assertEquals(DeltaTestTable.PARTITIONS, table.partitionColumns());

    // A job that no longer writes the (nullable) column still appends; its rows read NULL.
    t.committer().append(t.files(3, 4, 4));
    List<Map<String, Object>> after = rows(DeltaKernelReader.latest(t.path));
    assertNull(after.get(3).get("note"));
    assertEquals(4, DuckDbReader.read(DeltaKernelReader.latest(t.path)).size());
  }

  @Test
  void refusesIncompatibleSchemaChanges() {
    DeltaTestTable t = new DeltaTestTable(tmp.resolve("events").toString());
    t.committer().append(t.files(1, 1, 2));

    List<Column> idAsText = List.of(col("id", Kind.STRING, true), col("name", Kind.STRING, true));
    List<DeltaFile> files = t.files(idAsText, 2, 3, 3);
    SourceException typeChange =
        assertThrows(SourceException.class, () -> t.committer(idAsText).append(files));
    assertEquals(
        "cannot write Delta table at "
            + t.path
            + ": column `id` is bigint in the table but string in the job; a type cannot change"
            + " in place: cast it in the job or write a new table",
        typeChange.getMessage());
    assertFalse(Files.exists(Path.of(files.get(0).location())), "refused file deleted");

    List<Column> notNullNew = new ArrayList<>(DeltaTestTable.COLUMNS);
    notNullNew.add(col("tenant", Kind.INT64, false));
    SourceException notNull =
        assertThrows(
            SourceException.class,
            () -> t.committer(notNullNew).append(t.files(notNullNew, 2, 3, 3)));
    assertTrue(notNull.getMessage().contains(t.path), notNull.getMessage());
    assertTrue(notNull.getMessage().contains("`tenant` is new and NOT NULL"), notNull.getMessage());
    assertEquals(1, notNull.getMessage().lines().count());

    assertEquals(0, DeltaKernelReader.latest(t.path).version());
  }

  @Test
  void schemaEvolutionRules() {
    StructType table =
        new StructType(
            new StructField[] {
              new StructField("id", new LongType(), false),
              new StructField("name", new StringType())
            });
    // The same columns, or fewer nullable ones: nothing to change.
    assertNull(SchemaEvolution.evolve("/t", table, table));
    assertNull(
        SchemaEvolution.evolve(
            "/t", table, new StructType(new StructField[] {table.getFields()[0]})));
    // A NOT NULL column the job no longer writes.
    SourceException dropped =
        assertThrows(
            SourceException.class,
            () ->
                SchemaEvolution.evolve(
                    "/t", table, new StructType(new StructField[] {table.getFields()[1]})));
    assertTrue(dropped.getMessage().contains("column `id` is NOT NULL in the table but the job"));
    // NULLs into a NOT NULL column.
    assertThrows(
        SourceException.class,
        () ->
            SchemaEvolution.evolve(
                "/t",
                table,
                new StructType(
                    new StructField[] {
                      new StructField("id", new LongType(), true), table.getFields()[1]
                    })));
    // A new nullable column is appended at the end.
    StructType evolved =
        SchemaEvolution.evolve(
            "/t", table, table.add(new StructField("note", new StringType(), true)));
    assertEquals(List.of("id", "name", "note"), List.of(evolved.getFieldNames()));
  }

  @Test
  void writesACheckpointEveryTenCommits() throws IOException {
    DeltaTestTable t = new DeltaTestTable(tmp.resolve("events").toString());
    for (int i = 0; i <= 10; i++) {
      t.committer().append(t.files(1 + i % 3, i, i));
    }
    Path log = Path.of(t.path, "_delta_log");
    assertTrue(Files.exists(log.resolve("00000000000000000010.checkpoint.parquet")));
    assertTrue(Files.exists(log.resolve("_last_checkpoint")));
    assertFalse(Files.exists(log.resolve("00000000000000000009.checkpoint.parquet")));
    DeltaKernelReader table = DeltaKernelReader.latest(t.path);
    assertEquals(10, table.version());
    assertEquals(11, table.rows().size());
    // Kernel must be able to start from the checkpoint alone.
    for (int v = 0; v < 10; v++) {
      Files.delete(log.resolve(String.format("%020d.json", v)));
    }
    assertEquals(11, DeltaKernelReader.latest(t.path).rows().size());
  }
}

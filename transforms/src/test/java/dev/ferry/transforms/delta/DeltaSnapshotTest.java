package dev.ferry.transforms.delta;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ferry.schemas.SourceException;
import dev.ferry.schemas.convert.DeltaSchemas;
import dev.ferry.schemas.inventory.Column;
import dev.ferry.schemas.types.ColumnType;
import dev.ferry.schemas.types.ColumnType.Kind;
import dev.ferry.testkit.DeltaKernelReader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import org.apache.beam.sdk.values.Row;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;

class DeltaSnapshotTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir(cleanup = CleanupMode.ON_SUCCESS)
  Path tmp;

  @Test
  void describesTheTableWithoutTheSourceDatabase() {
    String path = tmp.resolve("orders").toString();
    EveryKindTable.append(path, EveryKindTable.rows());

    DeltaSnapshot table = DeltaSnapshot.load(path);
    assertEquals(0, table.version());
    assertEquals(
        EveryKindTable.COLUMNS.stream().map(c -> c.name() + " " + c.type()).toList(),
        table.columns().stream().map(c -> c.name() + " " + c.type()).toList());
    assertEquals("Order_Details", table.fileNames().get(EveryKindTable.COLUMNS.size() - 1));
    assertEquals(
        List.of("region text", "day int"),
        table.partitionColumns().stream().map(c -> c.name() + " " + c.type()).toList());
    assertEquals(List.of("region", "day"), table.partitionNames());
    assertEquals(List.of("id"), table.primaryKey());
    assertEquals(3, table.files().size());
    assertEquals(3, table.files().stream().mapToLong(DeltaFile::numRecords).sum());

    // An independent reader sees the same facts in the log.
    DeltaKernelReader kernel = DeltaKernelReader.latest(path);
    assertEquals(
        "varchar(40)", kernel.schema().get("name").getMetadata().getString(DeltaSchemas.TYPE_KEY));
    assertEquals(3, kernel.files().size());
  }

  @Test
  void recordsThePrimaryKeyByLakeNameAndReturnsSourceNames() throws IOException {
    String path = tmp.resolve("keyed").toString();
    List<Column> columns =
        List.of(
            EveryKindTable.col("Order Id", ColumnType.of(Kind.INT64), false),
            EveryKindTable.col("line", ColumnType.of(Kind.INT32), false));
    DeltaTableSpec spec =
        DeltaTableSpec.of(path, "lines", columns).withPrimaryKey(List.of("Order Id", "line"));
    DeltaCommitter.of(spec, List.of()).append(List.of());

    assertEquals("Order_Id,line", configuration(path).get(TableProperties.PRIMARY_KEY).asText());
    assertEquals(List.of("Order Id", "line"), DeltaSnapshot.load(path).primaryKey());
  }

  @Test
  void refusesAPrimaryKeyThatIsNotAColumn() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> EveryKindTable.spec("t").withPrimaryKey(List.of("nope")));
    assertTrue(e.getMessage().startsWith("primary key column nope is not a column of every_kind"));
  }

  @Test
  void readsATableWrittenBeforeTypesAndKeysWereRecorded() throws IOException {
    String path = tmp.resolve("old").toString();
    List<Row> rows = EveryKindTable.rows();
    EveryKindTable.append(path, rows);
    forgetFerryMetadata(path);

    DeltaSnapshot table = DeltaSnapshot.load(path);
    assertEquals(List.of(), table.primaryKey());
    assertEquals(
        List.of(
            "id bigint",
            "flag boolean",
            "small smallint",
            "qty int",
            "ratio real",
            "score double",
            "amount decimal(38,10)",
            "whole decimal(38,0)",
            "price decimal(10,2)",
            "name text",
            "doc text",
            "uid text",
            "payload bytes",
            "born date",
            "at_time text",
            "created timestamp",
            "local_ts timestamp",
            "Order Details text"),
        table.columns().stream().map(c -> c.name() + " " + c.type()).toList());
    Row first = readAll(table).get(0);
    assertEquals("23:59:59.999999", first.getValue("at_time"));
    assertEquals(Instant.parse("2024-03-05T01:02:03.000004Z"), first.getValue("local_ts"));
    assertEquals("gift wrap", first.getValue("Order Details"));
  }

  @Test
  void travelsBackToVersionZeroAfterAnAppendAndAReplace() throws IOException {
    String path = tmp.resolve("travel").toString();
    List<Row> original = EveryKindTable.rows();
    EveryKindTable.append(path, original);
    EveryKindTable.append(path, List.of(withId(original.get(0), 10L)));
    DeltaTableWriter writer = EveryKindTable.writer(path);
    DeltaTableWriter.Session session = writer.start();
    session.write(withId(original.get(1), 20L));
    PartitionSet euDay6 = PartitionSet.of(List.of(Map.of("region", "eu", "day", "6")));
    assertEquals(2, DeltaCommitter.of(writer).replace(euDay6, session.finish()).version());

    assertEquals(List.of(1L, 2L, 3L), ids(readAll(DeltaSnapshot.load(path, 0))));
    assertEquals(List.of(1L, 2L, 3L, 10L), ids(readAll(DeltaSnapshot.load(path, 1))));
    assertEquals(List.of(1L, 3L, 10L, 20L), ids(readAll(DeltaSnapshot.load(path))));
    assertRowsEqual(
        original.stream().map(EveryKindTable::dataOf).toList(),
        readAll(DeltaSnapshot.load(path, 0)));
    assertEquals(
        ids(DeltaKernelReader.atVersion(path, 0).rows()),
        ids(readAll(DeltaSnapshot.load(path, 0))));
  }

  @Test
  void filtersFilesByPartition() throws IOException {
    String path = tmp.resolve("filter").toString();
    EveryKindTable.append(path, EveryKindTable.rows());
    DeltaSnapshot table = DeltaSnapshot.load(path);

    List<DeltaFile> eu = table.files(PartitionSet.of(List.of(Map.of("region", "eu"))));
    assertEquals(2, eu.size());
    assertTrue(eu.stream().allMatch(f -> f.partitionValues().get("region").equals("eu")));
    List<DeltaFile> east = table.files(PartitionSet.of(List.of(Map.of("region", "us/east"))));
    assertEquals(1, east.size());
    assertTrue(east.get(0).path().startsWith("region=us%252Feast/day=5/"), east.get(0).path());
    try (PartFileReader rows = table.read(east.get(0))) {
      assertEquals(3L, rows.next().getInt64("id"));
      assertNull(rows.next());
    }
  }

  @Test
  void readsOnlyTheProjectedColumns() throws IOException {
    String path = tmp.resolve("projection").toString();
    EveryKindTable.append(path, EveryKindTable.rows());
    DeltaSnapshot table = DeltaSnapshot.load(path);
    DeltaFile day5 =
        table.files(PartitionSet.of(List.of(Map.of("region", "eu", "day", "5")))).get(0);

    try (PartFileReader rows = table.read(day5, List.of("created", "Order Details", "id"))) {
      assertEquals(List.of("created", "Order Details", "id"), rows.rowSchema().getFieldNames());
      Row row = rows.next();
      assertEquals(
          List.of(Instant.parse("2024-03-05T10:11:12.123456Z"), "gift wrap", 1L), row.getValues());
    }
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> table.read(day5, List.of("region")));
    assertTrue(e.getMessage().contains("has no data column region"), e.getMessage());
  }

  @Test
  void aMissingTableFailsWithOneLineNamingThePath() {
    Path missing = tmp.resolve("no/such/table");
    SourceException e =
        assertThrows(SourceException.class, () -> DeltaSnapshot.load(missing.toString()));
    assertEquals(
        "cannot read Delta table at " + missing + ": there is no Delta table (no _delta_log)",
        e.getMessage());
    assertFalse(Files.exists(missing), "reading must not create the directory");
  }

  @Test
  void aMissingVersionFailsWithOneLine() {
    String path = tmp.resolve("versions").toString();
    EveryKindTable.append(path, EveryKindTable.rows());
    SourceException e = assertThrows(SourceException.class, () -> DeltaSnapshot.load(path, 4));
    assertEquals(
        "cannot read Delta table at " + path + ": it has no version 4, the latest is 0",
        e.getMessage());
  }

  static List<Row> readAll(DeltaSnapshot table) throws IOException {
    List<Row> rows = new ArrayList<>();
    for (DeltaFile file : table.files()) {
      try (PartFileReader reader = table.read(file)) {
        for (Row row = reader.next(); row != null; row = reader.next()) {
          rows.add(row);
        }
      }
    }
    rows.sort(Comparator.comparing(r -> (Long) r.getValue(0)));
    return rows;
  }

  /** Rows equal field by field; byte arrays by content. */
  static void assertRowsEqual(List<Row> expected, List<Row> actual) {
    assertEquals(expected.size(), actual.size());
    for (int r = 0; r < expected.size(); r++) {
      assertEquals(expected.get(r).getSchema(), actual.get(r).getSchema());
      for (int i = 0; i < expected.get(r).getFieldCount(); i++) {
        Object want = expected.get(r).getValue(i);
        Object got = actual.get(r).getValue(i);
        if (want instanceof byte[] bytes) {
          assertArrayEquals(bytes, (byte[]) got);
        } else {
          assertEquals(want, got, "row " + r + " field " + i);
        }
      }
    }
  }

  static Row withId(Row row, long id) {
    List<Object> values = new ArrayList<>(row.getValues());
    values.set(0, id);
    return Row.withSchema(row.getSchema()).addValues(values).build();
  }

  private static List<Object> ids(List<?> rows) {
    List<Object> ids = new ArrayList<>();
    for (Object r : rows) {
      ids.add(r instanceof Row row ? row.getValue("id") : ((Map<?, ?>) r).get("id"));
    }
    ids.sort(Comparator.comparing(o -> (Long) o));
    return ids;
  }

  private static JsonNode configuration(String path) throws IOException {
    for (String line :
        Files.readAllLines(Path.of(path, "_delta_log", "00000000000000000000.json"))) {
      JsonNode action = JSON.readTree(line);
      if (action.has("metaData")) {
        return action.get("metaData").get("configuration");
      }
    }
    throw new AssertionError("no metaData in version 0");
  }

  /** Rewrites version 0 as code before this change wrote it: no ferry.type, no primary key. */
  private static void forgetFerryMetadata(String path) throws IOException {
    Path log = Path.of(path, "_delta_log", "00000000000000000000.json");
    List<String> lines = new ArrayList<>();
    for (String line : Files.readAllLines(log)) {
      JsonNode action = JSON.readTree(line);
      if (action.has("metaData")) {
        ObjectNode metaData = (ObjectNode) action.get("metaData");
        JsonNode schema = JSON.readTree(metaData.get("schemaString").asText());
        schema
            .get("fields")
            .forEach(f -> ((ObjectNode) f.get("metadata")).remove(DeltaSchemas.TYPE_KEY));
        metaData.put("schemaString", JSON.writeValueAsString(schema));
        metaData.set("configuration", JSON.createObjectNode());
        line = JSON.writeValueAsString(action);
      }
      lines.add(line);
    }
    Files.write(log, lines);
  }
}

package dev.ferry.transforms.delta;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ferry.schemas.convert.BeamSchemas;
import dev.ferry.schemas.convert.LakeNames;
import dev.ferry.schemas.inventory.Column;
import dev.ferry.schemas.types.ColumnType;
import dev.ferry.schemas.types.ColumnType.Kind;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import org.apache.beam.sdk.schemas.Schema;
import org.apache.beam.sdk.values.Row;
import org.junit.jupiter.api.Test;

class CombinedStatsTest {

  /** A column of every kind, and a text column whose values are all longer than 32 characters. */
  static final List<Column> COLUMNS = columns();

  static final List<String> LAKE_NAMES = LakeNames.of(COLUMNS.stream().map(Column::name).toList());

  static final Schema SCHEMA = BeamSchemas.of(COLUMNS);

  private static final int RATIO = index("ratio");
  private static final int CREATED = index("created");
  private static final int ESSAY = index("essay");

  @Test
  void equalsTheStatsOfTheRowsTogetherForEveryKind() throws Exception {
    List<List<Row>> files =
        List.of(
            randomRows(1, 0, 200),
            randomRows(2, 200, 1),
            List.of(),
            allNull(201, 5),
            randomRows(3, 206, 77),
            randomRows(4, 283, 300));

    String combined = combined(files);

    assertEquals(stats(concat(files)), combined);
    JsonNode json = FileStats.JSON.readTree(combined);
    for (int i = 0; i < COLUMNS.size(); i++) {
      String name = LAKE_NAMES.get(i);
      boolean bounded = FileStats.bounded(COLUMNS.get(i).type());
      assertEquals(bounded, json.path("minValues").has(name), name);
      // A UUID's 36 characters are long text too: FileStats keeps a 32-character min, no max.
      boolean longText = i == ESSAY || COLUMNS.get(i).type().kind() == Kind.UUID;
      assertEquals(bounded && !longText, json.path("maxValues").has(name), name);
    }
    assertEquals(583, json.path("numRecords").asLong());
  }

  @Test
  void aNaNLeavesItsColumnWithoutBoundsAsReadingTheRowsWould() throws Exception {
    List<Row> withNaN = new ArrayList<>(randomRows(5, 0, 20));
    withNaN.set(7, with(withNaN.get(7), RATIO, Float.NaN));
    List<List<Row>> files = List.of(randomRows(6, 20, 50), withNaN);

    String combined = combined(files);

    assertEquals(stats(concat(files)), combined);
    assertFalse(FileStats.JSON.readTree(combined).path("minValues").has("ratio"), combined);
  }

  @Test
  void aLongTextMaxInOneFileLeavesNoMaxThoughTheRowsMightGiveOne() throws Exception {
    List<Row> longText = List.of(with(randomRows(7, 0, 1).get(0), ESSAY, "a".repeat(40)));
    List<Row> shortText = List.of(with(randomRows(8, 1, 1).get(0), ESSAY, "b"));
    List<List<Row>> files = List.of(longText, shortText);

    JsonNode combined = FileStats.JSON.readTree(combined(files));
    JsonNode fromRows = FileStats.JSON.readTree(stats(concat(files)));

    assertEquals("b", fromRows.path("maxValues").path("essay").asText());
    assertFalse(combined.path("maxValues").has("essay"), "the first file's max is unknown");
    assertEquals("a".repeat(32), combined.path("minValues").path("essay").asText());
    assertEquals(fromRows.path("minValues"), combined.path("minValues"));
  }

  @Test
  void filesWithoutStatsGiveNone() {
    String some = stats(randomRows(9, 0, 3));
    assertNull(CombinedStats.of(Arrays.asList(some, null), COLUMNS, LAKE_NAMES));
  }

  @Test
  void microsecondTimestampsKeepMillisecondBoundsThatStillEncloseTheValues() throws Exception {
    Row early =
        with(randomRows(10, 0, 1).get(0), CREATED, Instant.parse("2024-01-01T00:00:00.000001Z"));
    Row late =
        with(randomRows(11, 1, 1).get(0), CREATED, Instant.parse("2024-01-01T00:00:00.002999Z"));

    JsonNode combined = FileStats.JSON.readTree(combined(List.of(List.of(late), List.of(early))));

    assertEquals("2024-01-01T00:00:00.000Z", combined.path("minValues").path("created").asText());
    assertEquals("2024-01-01T00:00:00.003Z", combined.path("maxValues").path("created").asText());
  }

  /** {@code count} rows with ids from {@code firstId}: random values, about a fifth null. */
  static List<Row> randomRows(long seed, long firstId, int count) {
    Random random = new Random(seed);
    List<Row> rows = new ArrayList<>();
    for (long id = firstId; id < firstId + count; id++) {
      List<Object> values = new ArrayList<>();
      values.add(id);
      values.add(random.nextBoolean());
      values.add((short) random.nextInt());
      values.add(random.nextInt());
      values.add(random.nextFloat() * 1000 - 500);
      values.add(random.nextGaussian() * 1e10);
      values.add(BigDecimal.valueOf(random.nextLong(), 10));
      values.add(new BigDecimal(random.nextLong() + "" + Math.abs(random.nextInt())));
      values.add(BigDecimal.valueOf(random.nextInt(), 2));
      values.add(text(random, 1 + random.nextInt(30)));
      values.add("{\"n\": " + random.nextInt() + "}");
      values.add(new UUID(random.nextLong(), random.nextLong()).toString());
      byte[] bytes = new byte[random.nextInt(8)];
      random.nextBytes(bytes);
      values.add(bytes);
      values.add(LocalDate.ofEpochDay(random.nextInt(40_000) - 20_000));
      values.add(LocalTime.ofNanoOfDay(random.nextLong(86_400_000_000L) * 1000));
      values.add(Instant.ofEpochSecond(random.nextInt(), random.nextInt(1_000_000) * 1000L));
      values.add(
          LocalDateTime.ofEpochSecond(
              random.nextInt(), random.nextInt(1_000_000) * 1000, ZoneOffset.UTC));
      values.add(text(random, random.nextInt(5)));
      values.add(text(random, 33 + random.nextInt(40)));
      for (int i = 1; i < values.size(); i++) {
        if (random.nextInt(5) == 0) {
          values.set(i, null);
        }
      }
      rows.add(Row.withSchema(SCHEMA).addValues(values).build());
    }
    return rows;
  }

  /** The stats {@link FileStats} gives {@code rows}. */
  static String stats(List<Row> rows) {
    FileStats stats = new FileStats(COLUMNS, LAKE_NAMES);
    rows.forEach(stats::add);
    return stats.json(rows.size());
  }

  private static String combined(List<List<Row>> files) {
    return CombinedStats.of(
        files.stream().map(CombinedStatsTest::stats).toList(), COLUMNS, LAKE_NAMES);
  }

  private static List<Row> allNull(long firstId, int count) {
    List<Row> rows = new ArrayList<>();
    for (long id = firstId; id < firstId + count; id++) {
      Object[] values = new Object[COLUMNS.size()];
      values[0] = id;
      rows.add(Row.withSchema(SCHEMA).addValues(values).build());
    }
    return rows;
  }

  private static List<Row> concat(List<List<Row>> files) {
    return files.stream().flatMap(List::stream).toList();
  }

  private static Row with(Row row, int field, Object value) {
    List<Object> values = new ArrayList<>(row.getValues());
    values.set(field, value);
    return Row.withSchema(SCHEMA).addValues(values).build();
  }

  /** Text mixing ASCII, accents, CJK, emoji (surrogate pairs) and characters above U+E000. */
  private static String text(Random random, int codePoints) {
    int[] alphabet = {'a', 'z', 'Z', '0', ' ', 'ë', '日', 0x1F600, 0xFFFD, 0xE000};
    StringBuilder s = new StringBuilder();
    for (int i = 0; i < codePoints; i++) {
      s.appendCodePoint(alphabet[random.nextInt(alphabet.length)]);
    }
    return s.toString();
  }

  private static List<Column> columns() {
    List<Column> columns = new ArrayList<>(EveryKindTable.COLUMNS);
    columns.add(EveryKindTable.col("essay", ColumnType.string(0), true));
    return List.copyOf(columns);
  }

  private static int index(String name) {
    return COLUMNS.stream().map(Column::name).toList().indexOf(name);
  }
}

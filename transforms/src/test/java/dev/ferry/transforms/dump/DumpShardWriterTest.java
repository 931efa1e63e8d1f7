package dev.ferry.transforms.dump;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ferry.schemas.SourceException;
import dev.ferry.schemas.convert.BeamSchemas;
import dev.ferry.schemas.inventory.Column;
import dev.ferry.schemas.inventory.Table;
import dev.ferry.schemas.types.ColumnType;
import dev.ferry.schemas.types.ColumnType.Kind;
import dev.ferry.transforms.deadletter.FailedRow;
import dev.ferry.transforms.load.SinkWriter;
import dev.ferry.transforms.postgres.NulBytes;
import dev.ferry.transforms.read.KeyRange;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;
import org.apache.beam.sdk.schemas.Schema;
import org.apache.beam.sdk.values.Row;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DumpShardWriterTest {

  @TempDir Path dir;

  private static Column column(String name, ColumnType type) {
    return new Column(name, "", type, true, null);
  }

  private static final List<Column> SIMPLE =
      List.of(column("id", ColumnType.of(Kind.INT64)), column("name", ColumnType.string(0)));

  private static final Schema SIMPLE_SCHEMA = BeamSchemas.of(SIMPLE);

  private static Row simple(long id, String name) {
    return Row.withSchema(SIMPLE_SCHEMA).addValues(id, name).build();
  }

  private DumpShardSink sink(String table, List<Column> columns) {
    return DumpShardSink.of(dir.toString(), table, columns);
  }

  private static List<String> lines(Path gz) throws IOException {
    try (GZIPInputStream in = new GZIPInputStream(Files.newInputStream(gz))) {
      String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
      return text.isEmpty() ? List.of() : List.of(text.split("\n", -1));
    }
  }

  private static String sha256(Path file) throws Exception {
    return HexFormat.of()
        .formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
  }

  private List<String> filesUnder(String relative) throws IOException {
    Path base = dir.resolve(relative);
    if (!Files.exists(base)) {
      return List.of();
    }
    try (Stream<Path> all = Files.walk(base)) {
      return all.filter(Files::isRegularFile)
          .map(p -> dir.relativize(p).toString())
          .sorted()
          .toList();
    }
  }

  @Test
  void rollsOverEveryShardRowsWithSequencedNamesAndListsEachShardAsWritten() throws Exception {
    List<FailedRow> failures = new ArrayList<>();
    List<DumpFile> files;
    try (SinkWriter<DumpFile> w = sink("orders", SIMPLE).withShardRows(2).open()) {
      w.startRange(new KeyRange(1, 100, false));
      for (long i = 1; i <= 5; i++) {
        w.write(simple(i, "n" + i), failures::add);
      }
      files = w.finishRange(failures::add);
    }
    assertEquals(List.of(), failures);
    assertEquals(
        List.of(
            "data/orders/1_100-000.copy.gz",
            "data/orders/1_100-001.copy.gz",
            "data/orders/1_100-002.copy.gz"),
        files.stream().map(DumpFile::path).toList());
    assertEquals(List.of(2L, 2L, 1L), files.stream().map(DumpFile::rows).toList());
    assertEquals(
        files.stream().map(DumpFile::path).toList(), filesUnder("data"), "exactly those files");
    for (DumpFile f : files) {
      Path p = dir.resolve(f.path());
      assertEquals("orders", f.table());
      assertEquals(Files.size(p), f.bytes(), "size of " + f.path());
      assertEquals(sha256(p), f.sha256(), "SHA-256 of " + f.path());
    }
    assertEquals(List.of("1\tn1", "2\tn2", ""), lines(dir.resolve(files.get(0).path())));
    assertEquals(List.of("5\tn5", ""), lines(dir.resolve(files.get(2).path())));
  }

  private static final String[] NAMES = {
    "Ana Souza", "João Pereira", "Zoë Müller", "李小龙", "Olivia Smith", "Ahmed Ali", "Émile Zola"
  };

  @Test
  void theCompressionLevelTradesSizeForSpeedAndReadsBackTheSame() throws Exception {
    long[] sizes = new long[2];
    int[] levels = {1, 9};
    for (int i = 0; i < levels.length; i++) {
      String table = "level" + levels[i];
      try (SinkWriter<DumpFile> w = sink(table, SIMPLE).withLevel(levels[i]).open()) {
        w.startRange(KeyRange.whole());
        for (long id = 1; id <= 5_000; id++) {
          w.write(
              simple(
                  id, NAMES[(int) (id * 7919 % NAMES.length)] + " " + (id * 2654435761L % 100_000)),
              f -> {});
        }
        DumpFile file = w.finishRange(f -> {}).get(0);
        sizes[i] = file.bytes();
        assertEquals(5_000, lines(dir.resolve(file.path())).size() - 1, "every row, level " + i);
      }
    }
    assertTrue(
        sizes[1] < sizes[0], "level 9 smaller than level 1: " + sizes[1] + " vs " + sizes[0]);
    assertThrows(IllegalArgumentException.class, () -> sink("t", SIMPLE).withLevel(0));
    assertThrows(IllegalArgumentException.class, () -> sink("t", SIMPLE).withLevel(10));
  }

  @Test
  void aRangeThatRestartsWritesTheSameNamesAgain() throws Exception {
    try (SinkWriter<DumpFile> w = sink("orders", SIMPLE).withShardRows(2).open()) {
      w.startRange(new KeyRange(1, 100, false));
      w.write(simple(1, "a"), f -> {});
      w.write(simple(2, "b"), f -> {});
      w.write(simple(3, "c"), f -> {});
      w.abortRange();
      w.startRange(new KeyRange(1, 100, false));
      w.write(simple(1, "a"), f -> {});
      List<DumpFile> files = w.finishRange(f -> {});
      assertEquals(
          List.of("data/orders/1_100-000.copy.gz"), files.stream().map(DumpFile::path).toList());
      assertEquals(List.of("1\ta", ""), lines(dir.resolve("data/orders/1_100-000.copy.gz")));
    }
  }

  @Test
  void aRangeWithNoRowsWritesNoFile() throws Exception {
    try (SinkWriter<DumpFile> w = sink("orders", SIMPLE).open()) {
      w.startRange(new KeyRange(1, 100, false));
      assertEquals(List.of(), w.finishRange(f -> {}));
    }
    assertEquals(List.of(), filesUnder("data"));
  }

  @Test
  void abortRangeDeletesThePartialShard() throws Exception {
    Path partial = dir.resolve("data/orders/1_100-001.copy.gz");
    try (SinkWriter<DumpFile> w = sink("orders", SIMPLE).withShardRows(2).open()) {
      w.startRange(new KeyRange(1, 100, false));
      for (long i = 1; i <= 3; i++) {
        w.write(simple(i, "n" + i), f -> {});
      }
      assertTrue(Files.exists(partial), "the second shard is being written");
      w.abortRange();
      assertFalse(Files.exists(partial), "the partial shard is deleted");
      // The writer is usable for the next range, and the aborted range's shards are not listed.
      w.startRange(new KeyRange(101, 200, false));
      w.write(simple(101, "x"), f -> {});
      assertEquals(
          List.of("data/orders/101_200-000.copy.gz"),
          w.finishRange(f -> {}).stream().map(DumpFile::path).toList());
    }
  }

  @Test
  void closeDiscardsAShardLeftOpen() throws Exception {
    try (SinkWriter<DumpFile> w = sink("orders", SIMPLE).open()) {
      w.startRange(new KeyRange(1, 100, false));
      w.write(simple(1, "a"), f -> {});
    }
    assertEquals(List.of(), filesUnder("data"));
  }

  @Test
  void textWithNulIsAFailedWriteWhenRejectedAndStrippedOtherwise() throws Exception {
    List<FailedRow> failures = new ArrayList<>();
    try (SinkWriter<DumpFile> w = sink("orders", SIMPLE).open()) {
      w.startRange(new KeyRange(1, 100, false));
      w.write(simple(1, "a\u0000b"), failures::add);
      w.write(simple(2, "ok"), failures::add);
      List<DumpFile> files = w.finishRange(failures::add);
      assertEquals(1, files.size());
      assertEquals(1, files.get(0).rows(), "only the row without NUL is written");
      assertEquals(List.of("2\tok", ""), lines(dir.resolve(files.get(0).path())));
    }
    assertEquals(1, failures.size());
    FailedRow f = failures.get(0);
    assertEquals("orders", f.table());
    assertEquals(FailedRow.WRITE, f.stage());
    assertEquals(
        "name: text contains a NUL character (U+0000) at offset 1, which PostgreSQL cannot"
            + " store; remove it upstream, or strip NULs (job file: target.nul_bytes: strip)",
        f.reason());
    assertTrue(f.values().contains("\"id\":1"), f.values());

    failures.clear();
    try (SinkWriter<DumpFile> w = sink("stripped", SIMPLE).withNulBytes(NulBytes.STRIP).open()) {
      w.startRange(KeyRange.whole());
      w.write(simple(1, "a\u0000b"), failures::add);
      List<DumpFile> files = w.finishRange(failures::add);
      assertEquals(List.of("1\tab", ""), lines(dir.resolve(files.get(0).path())));
    }
    assertEquals(List.of(), failures);
  }

  @Test
  void shardNamesSpellNegativeBoundsWholeTablesAndEncodeTableNames() throws Exception {
    DumpCompression gz = DumpCompression.GZIP;
    assertEquals(
        "data/t/n5_10-000.copy.gz", DumpPaths.shard("t", new KeyRange(-5, 10, false), 0, gz));
    assertEquals(
        "data/t/n10_n5-012.copy.gz", DumpPaths.shard("t", new KeyRange(-10, -5, false), 12, gz));
    assertEquals(
        "data/t/n9223372036854775808_0-000.copy",
        DumpPaths.shard("t", new KeyRange(Long.MIN_VALUE, 0, false), 0, DumpCompression.NONE));
    assertEquals("data/t/whole-000.copy.gz", DumpPaths.shard("t", KeyRange.whole(), 0, gz));
    assertEquals("data/Order_Lines-2", DumpPaths.tableDirectory("Order_Lines-2"));
    assertEquals(
        "data/my%20t%C3%BCble%2Fx%2E%25",
        DumpPaths.tableDirectory("my t\u00fcble/x.%"),
        "space, ü, slash, dot and percent are percent-encoded");

    // The writer lays them out so on disk: one path segment for the table, whatever its name.
    try (SinkWriter<DumpFile> w = sink("my t\u00fcble/x.%", SIMPLE).open()) {
      w.startRange(new KeyRange(-5, 10, false));
      w.write(simple(-3, "neg"), f -> {});
      List<DumpFile> files = w.finishRange(f -> {});
      assertEquals("data/my%20t%C3%BCble%2Fx%2E%25/n5_10-000.copy.gz", files.get(0).path());
      assertEquals("my t\u00fcble/x.%", files.get(0).table());
    }
    assertEquals(List.of("data/my%20t%C3%BCble%2Fx%2E%25/n5_10-000.copy.gz"), filesUnder("data"));
  }

  private static final List<Column> ALL =
      List.of(
          column("flag", ColumnType.of(Kind.BOOLEAN)),
          column("small", ColumnType.of(Kind.INT16)),
          column("int", ColumnType.of(Kind.INT32)),
          column("big", ColumnType.of(Kind.INT64)),
          column("real", ColumnType.of(Kind.FLOAT32)),
          column("double", ColumnType.of(Kind.FLOAT64)),
          column("amount", ColumnType.decimal(12, 4)),
          column("text", ColumnType.string(0)),
          column("doc", ColumnType.of(Kind.JSON)),
          column("id", ColumnType.of(Kind.UUID)),
          column("data", ColumnType.of(Kind.BYTES)),
          column("day", ColumnType.of(Kind.DATE)),
          column("clock", ColumnType.of(Kind.TIME)),
          column("at", ColumnType.of(Kind.TIMESTAMP)),
          column("local", ColumnType.of(Kind.TIMESTAMP_LOCAL)));

  private static List<Row> sampleRows() {
    Schema schema = BeamSchemas.of(ALL);
    List<Row> rows = new ArrayList<>();
    rows.add(
        Row.withSchema(schema)
            .attachValues(
                Arrays.asList(
                    true,
                    (short) -7,
                    42,
                    1L << 40,
                    1.5f,
                    -0.1,
                    new BigDecimal("12.3400"),
                    "tab\there\nnew line \\ back\rslash",
                    "{\"a\": [1, 2]}",
                    "123e4567-e89b-12d3-a456-426614174000",
                    new byte[] {0, 1, 2, (byte) 0xff, '\n', '\\'},
                    LocalDate.of(2024, 2, 29),
                    LocalTime.of(13, 14, 15, 123_456_000),
                    Instant.parse("2024-01-02T03:04:05.123456Z"),
                    LocalDateTime.of(2024, 1, 2, 3, 4, 5, 6000))));
    rows.add(Row.withSchema(schema).attachValues(Arrays.asList(new Object[ALL.size()])));
    rows.add(
        Row.withSchema(schema)
            .attachValues(
                Arrays.asList(
                    false,
                    Short.MIN_VALUE,
                    Integer.MAX_VALUE,
                    Long.MIN_VALUE,
                    -0.0f,
                    Double.MAX_VALUE,
                    new BigDecimal("-0.0001"),
                    "\\N",
                    "[]",
                    "00000000-0000-0000-0000-000000000000",
                    new byte[0],
                    LocalDate.of(1, 1, 1),
                    LocalTime.MIDNIGHT,
                    Instant.EPOCH,
                    LocalDateTime.of(9999, 12, 31, 23, 59, 59, 999_999_000))));
    rows.add(
        Row.withSchema(schema)
            .attachValues(
                Arrays.asList(
                    null, null, null, 7L, null, null, null, "", null, null, null, null, null, null,
                    null)));
    return rows;
  }

  private static Table table(String name, List<Column> columns) {
    return new Table(name, columns, List.of(), List.of(), List.of(), -1, Optional.empty());
  }

  private List<Row> readBack(Table table, List<DumpFile> files, DumpCompression compression) {
    DumpShardReader reader =
        new DumpShardReader(
            table, dir.toString(), files.stream().map(DumpFile::path).toList(), compression);
    List<Row> rows = new ArrayList<>();
    List<FailedRow> failures = new ArrayList<>();
    for (KeyRange r : reader.ranges(1)) {
      reader.read(r, rows::add, failures::add);
    }
    assertEquals(List.of(), failures);
    return rows;
  }

  @Test
  void theReaderReadsBackExactlyTheRowsWritten() throws Exception {
    for (DumpCompression compression : DumpCompression.values()) {
      String name = "kinds_" + compression;
      List<DumpFile> files;
      try (SinkWriter<DumpFile> w =
          sink(name, ALL).withCompression(compression).withShardRows(3).open()) {
        w.startRange(KeyRange.whole());
        for (Row r : sampleRows()) {
          w.write(r, f -> assertEquals(null, f));
        }
        files = w.finishRange(f -> assertEquals(null, f));
      }
      assertEquals(
          List.of(
              "data/" + name + "/whole-000" + compression.shardSuffix(),
              "data/" + name + "/whole-001" + compression.shardSuffix()),
          files.stream().map(DumpFile::path).toList());
      DumpShardReader reader =
          new DumpShardReader(
              table(name, ALL),
              dir.toString(),
              files.stream().map(DumpFile::path).toList(),
              compression);
      assertEquals(
          List.of(new KeyRange(0, 0, false), new KeyRange(1, 1, false)), reader.ranges(1000));
      assertEquals(sampleRows(), readBack(table(name, ALL), files, compression), name);
    }
  }

  @Test
  void aShardCutMidLineIsReportedAsCutShort() throws Exception {
    List<DumpFile> files;
    try (SinkWriter<DumpFile> w =
        sink("orders", SIMPLE).withCompression(DumpCompression.NONE).open()) {
      w.startRange(new KeyRange(1, 3, false));
      for (long i = 1; i <= 3; i++) {
        w.write(simple(i, "name" + i), f -> {});
      }
      files = w.finishRange(f -> {});
    }
    Path shard = dir.resolve(files.get(0).path());
    byte[] all = Files.readAllBytes(shard);
    assertEquals("1\tname1\n2\tname2\n3\tname3\n", new String(all, StandardCharsets.UTF_8));
    Files.write(shard, Arrays.copyOf(all, all.length - 3)); // "3\tname" without "3\n"

    DumpShardReader reader =
        new DumpShardReader(
            table("orders", SIMPLE),
            dir.toString(),
            List.of(files.get(0).path()),
            DumpCompression.NONE);
    List<Row> rows = new ArrayList<>();
    SourceException e =
        assertThrows(
            SourceException.class,
            () -> reader.read(new KeyRange(0, 0, false), rows::add, f -> {}));
    assertEquals(
        dir.resolve(files.get(0).path())
            + " ends in the middle of a line after 2 rows: it is cut short",
        e.getMessage());
    assertEquals(List.of(simple(1, "name1"), simple(2, "name2")), rows);
  }

  @Test
  void aLineThatDoesNotParseIsAFailedReadNamingTheShardAndLine() throws Exception {
    Path shard = dir.resolve("data/orders/whole-000.copy");
    Files.createDirectories(shard.getParent());
    Files.write(shard, "1\ta\nnot a number\tb\n".getBytes(StandardCharsets.UTF_8));
    List<Row> rows = new ArrayList<>();
    List<FailedRow> failures = new ArrayList<>();
    new DumpShardReader(
            table("orders", SIMPLE),
            dir.toString(),
            List.of("data/orders/whole-000.copy"),
            DumpCompression.NONE)
        .read(new KeyRange(0, 0, false), rows::add, failures::add);
    assertEquals(List.of(simple(1, "a")), rows);
    assertEquals(1, failures.size());
    assertEquals(FailedRow.READ, failures.get(0).stage());
    assertTrue(
        failures.get(0).reason().startsWith("data/orders/whole-000.copy line 2: "),
        failures.get(0).reason());
  }

  @Test
  void gzipShardsDecompressToTheirCopyText() throws Exception {
    List<DumpFile> files;
    try (SinkWriter<DumpFile> w = sink("orders", SIMPLE).open()) {
      w.startRange(new KeyRange(1, 1, false));
      w.write(simple(1, "x"), f -> {});
      files = w.finishRange(f -> {});
    }
    byte[] stored = Files.readAllBytes(dir.resolve(files.get(0).path()));
    assertEquals((byte) 0x1f, stored[0], "gzip magic");
    try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(stored))) {
      assertEquals("1\tx\n", new String(in.readAllBytes(), StandardCharsets.UTF_8));
    }
  }
}

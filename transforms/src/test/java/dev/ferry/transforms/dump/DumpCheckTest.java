package dev.ferry.transforms.dump;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ferry.schemas.inventory.Table;
import dev.ferry.schemas.sqlite.SqliteCatalog;
import dev.ferry.transforms.deadletter.FailedRow;
import dev.ferry.transforms.dump.DumpManifest.ManifestTable;
import dev.ferry.transforms.load.LoadTable;
import dev.ferry.transforms.read.KeyRange;
import dev.ferry.transforms.read.ReadSqliteTable;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.apache.beam.sdk.transforms.Flatten;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionList;
import org.apache.beam.sdk.values.PCollectionTuple;
import org.apache.beam.sdk.values.Row;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A small real dump — SQLite rows through {@link LoadTable} into {@link DumpShardSink}, a rejected
 * row through {@link WriteRejectedFiles}, completed by {@link FinishDump} — checked intact and then
 * spoilt in every way a restore must refuse, each test on its own copy.
 */
class DumpCheckTest {

  private static final int ROWS = 25;
  private static final String REJECTED_ROW = "price: 'free' is not a decimal number";

  @TempDir static Path original;

  @TempDir Path work;

  private Path dump;

  /** Writes the dump once: 25 source rows, row 13 rejected; 3 key ranges, shards of 4 rows. */
  @BeforeAll
  static void writeDump() throws Exception {
    Path db = original.resolve("src.db");
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db);
        Statement s = c.createStatement()) {
      s.execute("CREATE TABLE items (id INTEGER PRIMARY KEY, name TEXT, price DECIMAL(8,2))");
      s.execute(
          "WITH RECURSIVE n(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM n WHERE x < "
              + ROWS
              + ") INSERT INTO items SELECT x, 'item ' || x || char(9) || 'tab',"
              + " CASE WHEN x = 13 THEN 'free' ELSE x / 4.0 END FROM n");
    }
    String url = "jdbc:sqlite:" + db;
    Table table = SqliteCatalog.read(url).table("items").orElseThrow();
    String dir = original.resolve("dump").toString();
    String directory = "items/2026/11/21/items-20261121";

    HashedOutput schemaOut = HashedOutput.create(DumpPaths.resolve(dir, DumpPaths.SCHEMA), "x");
    try (schemaOut) {
      schemaOut.write("CREATE TABLE items (…);\n".getBytes(StandardCharsets.UTF_8));
    }
    DumpManifest draft =
        new DumpManifest(
            DumpManifest.FORMAT,
            "items",
            directory,
            "test",
            "run-1",
            new DumpManifest.Source("sqlite", url, "sqlite"),
            "2026-11-21T10:00:00Z",
            null,
            DumpManifest.COPY_TEXT,
            "gzip",
            "public",
            List.of(ManifestTable.of(table, "\"public\".\"items\"", 0, 0, List.of())),
            List.of(),
            null,
            List.of(schemaOut.toFile(DumpPaths.SCHEMA, "", 0)));
    RestoreScript script =
        new RestoreScript(
            Map.of("items", "\"public\".\"items\""),
            Map.of("items", "\"id\", \"name\", \"price\""),
            List.of("CREATE TABLE \"public\".\"items\" (\"id\" bigint)"),
            List.of(),
            DumpCompression.GZIP);

    Pipeline p = Pipeline.create(PipelineOptionsFactory.create());
    LoadTable<DumpFile> load =
        LoadTable.from(ReadSqliteTable.from(url, table).withRowsPerSplit(10).reading())
            .into(
                DumpShardSink.of(dir, "items", table.columns()).withShardRows(4),
                DumpShardSink.CODER);
    PCollectionTuple out = p.apply(load);
    PCollection<DumpFile> rejected =
        out.get(LoadTable.FAILED).apply(WriteRejectedFiles.to(dir, DumpCompression.GZIP));
    PCollectionList.of(out.get(load.results()))
        .and(rejected)
        .apply(Flatten.pCollections())
        .apply(FinishDump.with(new DumpSpec(dir, draft, script)));
    p.run().waitUntilFinish();
  }

  /** This test's own copy of the dump. */
  private Path dump() throws IOException {
    if (dump == null) {
      dump = work.resolve("dump");
      Path from = original.resolve("dump");
      try (Stream<Path> all = Files.walk(from)) {
        for (Path f : all.toList()) {
          Path to = dump.resolve(from.relativize(f).toString());
          if (Files.isDirectory(f)) {
            Files.createDirectories(to);
          } else {
            Files.copy(f, to);
          }
        }
      }
    }
    return dump;
  }

  private DumpManifest manifest() throws IOException {
    return DumpManifest.parse(Files.readAllBytes(dump().resolve(DumpPaths.MANIFEST)));
  }

  private DumpFile firstShard() throws IOException {
    return manifest().files().stream().filter(DumpFile::isData).findFirst().orElseThrow();
  }

  private String refusal() throws IOException {
    DumpDirectory opened = DumpDirectory.open(dump().toString());
    return assertThrows(DumpRefused.class, () -> DumpCheck.of(opened).run()).getMessage();
  }

  private String refusedFor(String problem) throws IOException {
    return "restore refused, nothing was loaded: " + dump() + ": " + problem;
  }

  private static String sha256(byte[] bytes) throws Exception {
    return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
  }

  private static List<String> gunzipLines(byte[] gz) throws IOException {
    try (GZIPInputStream in = new GZIPInputStream(new java.io.ByteArrayInputStream(gz))) {
      return new ArrayList<>(
          Arrays.asList(new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")));
    }
  }

  private static byte[] gzip(String text) throws IOException {
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    try (OutputStream out = new GZIPOutputStream(b)) {
      out.write(text.getBytes(StandardCharsets.UTF_8));
    }
    return b.toByteArray();
  }

  @Test
  void theDumpIsWhatItsManifestSays() throws Exception {
    DumpManifest m = manifest();
    ManifestTable items = m.table("items").orElseThrow();
    assertEquals(ROWS - 1, items.rows());
    List<String> paths = m.files().stream().map(DumpFile::path).toList();
    assertEquals(
        List.of(DumpPaths.SCHEMA, DumpPaths.RESTORE, DumpPaths.CHECKSUMS),
        paths.subList(0, 3),
        "schema.sql, restore.sql, SHA256SUMS first");
    assertEquals(
        items.files(), m.files().stream().filter(DumpFile::isData).map(DumpFile::path).toList());
    // ranges [1,9] [10,18] [19,25] in shards of 4 rows; row 13 rejected
    assertEquals(
        List.of(
            "data/items/10_18-000.copy.gz",
            "data/items/10_18-001.copy.gz",
            "data/items/19_25-000.copy.gz",
            "data/items/19_25-001.copy.gz",
            "data/items/1_9-000.copy.gz",
            "data/items/1_9-001.copy.gz",
            "data/items/1_9-002.copy.gz"),
        items.files());
    assertEquals(1, m.rejected().rows());
    assertEquals(1, m.rejected().files().size());
    assertTrue(m.rejected().files().get(0).matches("rejected/[0-9a-f-]{36}\\.jsonl\\.gz"));
    String rejectedLine =
        gunzipLines(Files.readAllBytes(dump().resolve(m.rejected().files().get(0)))).get(0);
    assertTrue(
        rejectedLine.startsWith(
            "{\"table\":\"items\",\"stage\":\"read\",\"reason\":\"" + REJECTED_ROW + "\","),
        rejectedLine);
    // SHA256SUMS lists every file before it, and the manifest's checksums are the files'.
    String sums = Files.readString(dump().resolve(DumpPaths.CHECKSUMS));
    for (DumpFile f : m.files()) {
      byte[] bytes = Files.readAllBytes(dump().resolve(f.path()));
      assertEquals(sha256(bytes), f.sha256(), f.path());
      assertEquals(bytes.length, f.bytes(), f.path());
      if (!f.path().equals(DumpPaths.CHECKSUMS)) {
        assertTrue(sums.contains(f.sha256() + "  " + f.path() + "\n"), f.path());
      }
    }
    assertTrue(
        Files.readString(dump().resolve(DumpPaths.RESTORE))
            .contains("FROM PROGRAM 'gzip -dc data/items/1_9-000.copy.gz'"));
  }

  @Test
  void anIntactDumpPasses() throws Exception {
    DumpDirectory opened = DumpDirectory.open(dump().toString());
    assertSame(opened, DumpCheck.of(opened).run());
    assertEquals(dump().toString(), opened.dir());
    assertEquals(DumpCompression.GZIP, opened.compression());
  }

  @Test
  void aFlippedByteInAShardIsRefusedNamingIt() throws Exception {
    DumpFile shard = firstShard();
    Path file = dump().resolve(shard.path());
    byte[] bytes = Files.readAllBytes(file);
    bytes[bytes.length / 2] ^= 0x01;
    Files.write(file, bytes);
    String message = refusal();
    assertTrue(message.startsWith(refusedFor(shard.path() + " ")), message);
    assertTrue(
        message.endsWith(": altered") || message.endsWith(": cut short or altered"), message);
  }

  @Test
  void aFlippedByteThatStillDecompressesIsRefusedByItsChecksum() throws Exception {
    DumpFile shard = firstShard();
    Path file = dump().resolve(shard.path());
    byte[] bytes = Files.readAllBytes(file);
    bytes[4] ^= 0x01; // gzip's MTIME, which decompression ignores
    Files.write(file, bytes);
    assertEquals(
        refusedFor(
            shard.path()
                + " has SHA-256 "
                + sha256(bytes)
                + ", the manifest says "
                + shard.sha256()
                + ": altered"),
        refusal());
  }

  @Test
  void aShardCutInHalfIsRefusedNamingIt() throws Exception {
    DumpFile shard = firstShard();
    Path file = dump().resolve(shard.path());
    byte[] bytes = Files.readAllBytes(file);
    Files.write(file, Arrays.copyOf(bytes, bytes.length / 2));
    assertEquals(
        refusedFor(
            shard.path()
                + " does not decompress (Unexpected end of ZLIB input stream):"
                + " cut short or altered"),
        refusal());
  }

  @Test
  void bytesAfterTheCompressedStreamAreRefusedBySize() throws Exception {
    DumpFile shard = firstShard();
    Path file = dump().resolve(shard.path());
    Files.write(file, new byte[] {1, 2, 3}, java.nio.file.StandardOpenOption.APPEND);
    assertEquals(
        refusedFor(
            shard.path()
                + " has "
                + (shard.bytes() + 3)
                + " bytes, the manifest says "
                + shard.bytes()),
        refusal());
  }

  @Test
  void aMissingShardIsRefused() throws Exception {
    DumpFile shard = firstShard();
    Files.delete(dump().resolve(shard.path()));
    assertEquals(refusedFor(shard.path() + " is missing"), refusal());
  }

  @Test
  void aMissingRejectedFileOrScriptIsRefusedToo() throws Exception {
    String rejected = manifest().rejected().files().get(0);
    Files.delete(dump().resolve(rejected));
    Files.delete(dump().resolve(DumpPaths.RESTORE));
    assertEquals(
        refusedFor(rejected + " is missing; " + DumpPaths.RESTORE + " is missing"), refusal());
  }

  @Test
  void manyProblemsAreShownFiveAndCounted() throws Exception {
    List<String> shards = manifest().table("items").orElseThrow().files();
    for (String s : shards) {
      Files.delete(dump().resolve(s));
    }
    List<String> sorted = shards.stream().sorted().toList();
    StringBuilder expected = new StringBuilder();
    for (int i = 0; i < 5; i++) {
      expected.append(i == 0 ? "" : "; ").append(sorted.get(i)).append(" is missing");
    }
    expected.append("; and ").append(shards.size() - 5).append(" more");
    assertEquals(refusedFor(expected.toString()), refusal());
  }

  @Test
  void aShardWithALineLessAndAManifestToMatchIsRefusedForItsRows() throws Exception {
    DumpFile shard = firstShard();
    Path file = dump().resolve(shard.path());
    List<String> lines = gunzipLines(Files.readAllBytes(file));
    assertEquals(shard.rows(), lines.size());
    lines.remove(lines.size() - 1);
    byte[] shorter = gzip(String.join("\n", lines) + "\n");
    Files.write(file, shorter);
    DumpManifest m = manifest();
    List<DumpFile> files = new ArrayList<>();
    for (DumpFile f : m.files()) {
      files.add(
          f.path().equals(shard.path())
              ? new DumpFile(f.path(), f.table(), f.rows(), shorter.length, sha256(shorter))
              : f);
    }
    DumpManifest edited =
        new DumpManifest(
            m.format(),
            m.name(),
            m.directory(),
            m.ferryVersion(),
            m.runId(),
            m.source(),
            m.started(),
            m.finished(),
            m.dataFormat(),
            m.compression(),
            m.schema(),
            m.tables(),
            m.types(),
            m.rejected(),
            files);
    Files.write(dump().resolve(DumpPaths.MANIFEST), edited.toJson());
    assertEquals(
        refusedFor(
            shard.path()
                + " holds "
                + (shard.rows() - 1)
                + " rows, the manifest says "
                + shard.rows()),
        refusal());
  }

  /** Writes {@code m} with its files and the tables' shard lists replaced. */
  private void rewrite(DumpManifest m, List<DumpFile> files, List<ManifestTable> tables)
      throws IOException {
    DumpManifest edited =
        new DumpManifest(
            m.format(),
            m.name(),
            m.directory(),
            m.ferryVersion(),
            m.runId(),
            m.source(),
            m.started(),
            m.finished(),
            m.dataFormat(),
            m.compression(),
            m.schema(),
            tables,
            m.types(),
            m.rejected(),
            files);
    Files.write(dump().resolve(DumpPaths.MANIFEST), edited.toJson());
  }

  @Test
  void aPathOutsideTheDumpIsRefusedAndNeitherReadNorStaged() throws Exception {
    DumpManifest m = manifest();
    DumpFile shard = firstShard();
    // A file beside the dump, with the size and checksum the edited manifest gives it.
    byte[] outside = Files.readAllBytes(dump().resolve(shard.path()));
    Files.write(work.resolve("outside.copy.gz"), outside);
    List<DumpFile> files = new ArrayList<>(m.files());
    files.add(
        new DumpFile("../outside.copy.gz", "items", shard.rows(), outside.length, sha256(outside)));
    files.add(new DumpFile("data/./x", "", 0, 0, sha256(new byte[0])));
    rewrite(m, files, m.tables());
    Path staging = work.resolve("staging/inner");
    DumpDirectory opened = DumpDirectory.open(dump().toString());
    DumpRefused e =
        assertThrows(DumpRefused.class, () -> DumpCheck.of(opened).stagingIn(staging).run());
    assertEquals(
        refusedFor(
            "../outside.copy.gz is not a path inside the dump; data/./x is not a path inside the"
                + " dump"),
        e.getMessage());
    assertTrue(!Files.exists(work.resolve("staging/outside.copy.gz")), "nothing staged outside");
  }

  @Test
  void aShardATableListsButTheFilesDoNotIsRefused() throws Exception {
    DumpManifest m = manifest();
    DumpFile shard = firstShard();
    List<DumpFile> files = m.files().stream().filter(f -> !f.path().equals(shard.path())).toList();
    rewrite(m, files, m.tables());
    assertEquals(
        refusedFor(shard.path() + " of table items is not among the manifest's files"), refusal());
  }

  @Test
  void aDumpWithoutManifestIsRefusedWhenOpened() throws Exception {
    Files.delete(dump().resolve(DumpPaths.MANIFEST));
    DumpRefused e = assertThrows(DumpRefused.class, () -> DumpDirectory.open(dump().toString()));
    assertEquals(
        dump()
            + " has no manifest.json: it is not a dump, or one that did not finish (the manifest"
            + " is written last); point source.url at a complete dump, or at"
            + " <prefix>/<name>/latest",
        e.getMessage());
  }

  @Test
  void aManifestThatIsNotJsonIsRefusedNamingIt() throws Exception {
    Files.writeString(dump().resolve(DumpPaths.MANIFEST), "{\"format\": \"ferry-dump/1\",");
    DumpRefused e = assertThrows(DumpRefused.class, () -> DumpDirectory.open(dump().toString()));
    assertTrue(
        e.getMessage()
            .startsWith(
                dump().resolve(DumpPaths.MANIFEST) + ": not a ferry manifest (invalid JSON): "),
        e.getMessage());
  }

  @Test
  void aManifestOfJsonNullIsRefusedNamingIt() throws Exception {
    Files.writeString(dump().resolve(DumpPaths.MANIFEST), "null");
    DumpRefused e = assertThrows(DumpRefused.class, () -> DumpDirectory.open(dump().toString()));
    assertEquals(
        dump().resolve(DumpPaths.MANIFEST) + ": not a ferry manifest: it is JSON null",
        e.getMessage());
  }

  @Test
  void aManifestOfAnotherFormatIsRefusedNamingIt() throws Exception {
    Path manifest = dump().resolve(DumpPaths.MANIFEST);
    String json = Files.readString(manifest);
    assertTrue(json.contains("\"format\" : \"ferry-dump/1\""), json);
    Files.writeString(manifest, json.replace("\"ferry-dump/1\"", "\"ferry-dump/2\""));
    DumpRefused e = assertThrows(DumpRefused.class, () -> DumpDirectory.open(dump().toString()));
    assertEquals(
        manifest + ": format 'ferry-dump/2' is not ferry-dump/1, the one this ferry reads",
        e.getMessage());
  }

  @Test
  void stagingCopiesEveryFileAndTheCheckedDumpReadsFromTheCopy() throws Exception {
    Path staging = work.resolve("staging");
    DumpDirectory opened = DumpDirectory.open(dump().toString());
    DumpDirectory staged = DumpCheck.of(opened).stagingIn(staging).run();
    assertEquals(staging.toAbsolutePath().toString(), staged.dir());
    assertEquals(opened.manifest(), staged.manifest());
    for (DumpFile f : opened.manifest().files()) {
      assertArrayEquals(
          Files.readAllBytes(dump().resolve(f.path())),
          Files.readAllBytes(staging.resolve(f.path())),
          f.path());
    }
    // The original is gone: every row read now comes from the staged copy.
    deleteTree(dump());
    Table items = staged.manifest().table("items").orElseThrow().toTable();
    DumpShardReader reader = staged.reader(items);
    List<Row> rows = new ArrayList<>();
    List<FailedRow> failures = new ArrayList<>();
    for (KeyRange r : reader.ranges(1000)) {
      reader.read(r, rows::add, failures::add);
    }
    assertEquals(List.of(), failures);
    assertEquals(ROWS - 1, rows.size());
    List<Long> ids = rows.stream().map(r -> r.getInt64("id")).sorted().toList();
    assertEquals(ROWS - 1, ids.stream().distinct().count());
    assertTrue(!ids.contains(13L));
    Row first = rows.stream().filter(r -> r.getInt64("id") == 1L).findFirst().orElseThrow();
    assertEquals("item 1\ttab", first.getString("name"));
    assertEquals(new java.math.BigDecimal("0.25"), first.getDecimal("price"));
  }

  @Test
  void stagingADamagedDumpIsStillRefused() throws Exception {
    DumpFile shard = firstShard();
    Files.delete(dump().resolve(shard.path()));
    DumpDirectory opened = DumpDirectory.open(dump().toString());
    DumpRefused e =
        assertThrows(
            DumpRefused.class, () -> DumpCheck.of(opened).stagingIn(work.resolve("s")).run());
    assertEquals(refusedFor(shard.path() + " is missing"), e.getMessage());
  }

  private static void deleteTree(Path root) throws IOException {
    try (Stream<Path> all = Files.walk(root)) {
      for (Path p : all.sorted(java.util.Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    }
  }
}

package dev.ferry.transforms.dump;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ferry.transforms.dump.DumpManifest.ManifestTable;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RestoreScriptTest {

  private static ManifestTable table(String name, long rows, List<String> files) {
    return new ManifestTable(name, name, rows, 0, List.of(), null, null, null, null, files);
  }

  private static RestoreScript script(DumpCompression compression) {
    return new RestoreScript(
        Map.of(
            "orders", "\"public\".\"orders\"",
            "it's", "\"public\".\"it's\""),
        Map.of("orders", "\"id\", \"total\"", "it's", "\"x\""),
        List.of(
            "CREATE SCHEMA IF NOT EXISTS \"public\"",
            "CREATE TABLE \"public\".\"orders\" (\"id\" bigint NOT NULL, \"total\" numeric(12,2))",
            "CREATE TABLE \"public\".\"it's\" (\"x\" text)"),
        List.of("ALTER TABLE \"public\".\"orders\" ADD PRIMARY KEY (\"id\")"),
        compression);
  }

  private static final List<ManifestTable> TABLES =
      List.of(
          table(
              "orders",
              5,
              List.of("data/orders/1_100-000.copy.gz", "data/orders/1_100-001.copy.gz")),
          table("it's", 0, List.of()));

  @Test
  void restoresInOneTransactionChecksumsFirstCountsCheckedCommitLast() {
    String text = script(DumpCompression.GZIP).text("shop/2026/11/21/shop-20261121", TABLES);
    assertEquals(
        """
        -- ferry dump shop/2026/11/21/shop-20261121
        -- Restores the dump with psql alone, from this directory, in one transaction:
        --   psql -v ON_ERROR_STOP=1 -f restore.sql "postgresql://USER@HOST:5432/DB"
        -- It needs sha256sum and gzip on the machine psql runs on.
        \\set ON_ERROR_STOP on
        BEGIN;

        -- every file as the dump wrote it (sha256sum fails, and so does this, if not)
        CREATE TEMPORARY TABLE ferry_checksum_failures (line text) ON COMMIT DROP;
        \\copy ferry_checksum_failures FROM PROGRAM 'sha256sum --quiet --strict -c SHA256SUMS 1>&2'

        -- tables
        CREATE SCHEMA IF NOT EXISTS "public";
        CREATE TABLE "public"."orders" ("id" bigint NOT NULL, "total" numeric(12,2));
        CREATE TABLE "public"."it's" ("x" text);

        -- orders: 5 rows
        \\copy "public"."orders" ("id", "total") FROM PROGRAM 'gzip -dc data/orders/1_100-000.copy.gz'
        \\copy "public"."orders" ("id", "total") FROM PROGRAM 'gzip -dc data/orders/1_100-001.copy.gz'
        DO $ferry$ BEGIN IF (SELECT count(*) FROM "public"."orders") <> 5 THEN RAISE EXCEPTION '%: % rows after the restore, the dump holds 5', 'orders', (SELECT count(*) FROM "public"."orders"); END IF; END $ferry$;

        -- it's: 0 rows
        DO $ferry$ BEGIN IF (SELECT count(*) FROM "public"."it's") <> 0 THEN RAISE EXCEPTION '%: % rows after the restore, the dump holds 0', 'it''s', (SELECT count(*) FROM "public"."it's"); END IF; END $ferry$;

        -- keys, indexes, foreign keys, checks, sequences
        ALTER TABLE "public"."orders" ADD PRIMARY KEY ("id");

        COMMIT;
        """,
        text);
  }

  @Test
  void theOrderIsChecksumsTablesShardsCountsKeysCommit() {
    String text = script(DumpCompression.GZIP).text("d", TABLES);
    int checksums = text.indexOf("sha256sum --quiet --strict -c SHA256SUMS");
    int create = text.indexOf("CREATE TABLE \"public\".\"orders\"");
    int copy = text.indexOf("\\copy \"public\".\"orders\"");
    int count = text.indexOf("<> 5 THEN");
    int keys = text.indexOf("ADD PRIMARY KEY");
    int commit = text.indexOf("COMMIT;");
    assertTrue(text.indexOf("BEGIN;") < checksums, text);
    assertTrue(checksums > 0 && checksums < create && create < copy, text);
    assertTrue(copy < count && count < keys && keys < commit, text);
    assertTrue(text.endsWith("\nCOMMIT;\n"), text);
    assertEquals(2, text.split("FROM PROGRAM 'gzip -dc data/", -1).length - 1, "one per shard");
  }

  @Test
  void uncompressedShardsAreReadAsFiles() {
    String text =
        script(DumpCompression.NONE)
            .text("d", List.of(table("orders", 3, List.of("data/orders/whole-000.copy"))));
    assertTrue(
        text.contains(
            "\n\\copy \"public\".\"orders\" (\"id\", \"total\") FROM 'data/orders/whole-000.copy'\n"),
        text);
    assertFalse(text.contains("gzip -dc"), text);
    assertTrue(text.contains(") <> 3 THEN"), text);
  }

  @Test
  void aDirectoryOrTableNameWithALineBreakStaysInItsComment() {
    String text =
        script(DumpCompression.GZIP)
            .text("a\nDROP TABLE x;", List.of(table("orders", 0, List.of())));
    assertTrue(text.startsWith("-- ferry dump a\\nDROP TABLE x;\n"), text);
  }

  /** The row-count check is a dollar-quoted DO block: a table name cannot end its quote. */
  @Test
  void aTableNamedLikeTheDollarTagStaysInsideTheCheck() {
    String name = "x$ferry$; DROP TABLE victims; --";
    String target = "\"public\".\"" + name + "\"";
    String text =
        new RestoreScript(
                Map.of(name, target),
                Map.of(name, "\"id\""),
                List.of(),
                List.of(),
                DumpCompression.GZIP)
            .text("d", List.of(table(name, 0, List.of())));
    assertTrue(
        text.contains(
            "DO $ferry1$ BEGIN IF (SELECT count(*) FROM "
                + target
                + ") <> 0 THEN RAISE EXCEPTION '%: % rows after the restore, the dump holds 0', '"
                + name
                + "', (SELECT count(*) FROM "
                + target
                + "); END IF; END $ferry1$;\n"),
        text);
  }
}

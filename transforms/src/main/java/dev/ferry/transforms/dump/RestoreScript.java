package dev.ferry.transforms.dump;

import dev.ferry.schemas.sql.Identifiers;
import dev.ferry.transforms.dump.DumpManifest.ManifestTable;
import java.io.Serializable;
import java.util.List;
import java.util.Map;

/**
 * {@code restore.sql}: a dump restored with {@code psql} alone, from the dump's directory, in one
 * transaction — the files checked against {@code SHA256SUMS} first (so an altered or truncated
 * shard stops it before anything is created), the tables created, each shard copied in with {@code
 * \copy … FROM PROGRAM 'gzip -dc …'}, each table's row count compared with the manifest's, then
 * keys, indexes, foreign keys and sequences. Any error rolls the whole restore back.
 *
 * <pre>{@code
 * cd shop-20261121 && psql -v ON_ERROR_STOP=1 -f restore.sql "postgresql://user@host/db"
 * }</pre>
 *
 * @param targets per table, its quoted target name ({@code "public"."orders"})
 * @param columns per table, its quoted target column list ({@code "id", "total"})
 * @param beforeLoad statements creating the schema, types and tables
 * @param afterLoad statements adding keys, indexes, foreign keys, checks and sequences
 */
public record RestoreScript(
    Map<String, String> targets,
    Map<String, String> columns,
    List<String> beforeLoad,
    List<String> afterLoad,
    DumpCompression compression)
    implements Serializable {

  public RestoreScript {
    targets = Map.copyOf(targets);
    columns = Map.copyOf(columns);
    beforeLoad = List.copyOf(beforeLoad);
    afterLoad = List.copyOf(afterLoad);
  }

  /** The script for {@code tables} as dumped (their shards and row counts). */
  public String text(String directory, List<ManifestTable> tables) {
    StringBuilder b = new StringBuilder();
    b.append("-- ferry dump ").append(oneLine(directory)).append('\n');
    b.append("-- Restores the dump with psql alone, from this directory, in one transaction:\n");
    b.append("--   psql -v ON_ERROR_STOP=1 -f restore.sql \"postgresql://USER@HOST:5432/DB\"\n");
    b.append("-- It needs sha256sum and gzip on the machine psql runs on.\n");
    b.append("\\set ON_ERROR_STOP on\n");
    b.append("BEGIN;\n\n");
    b.append("-- every file as the dump wrote it (sha256sum fails, and so does this, if not)\n");
    b.append("CREATE TEMPORARY TABLE ferry_checksum_failures (line text) ON COMMIT DROP;\n");
    // sha256sum names each bad file on stdout: sent to stderr, where psql shows it.
    b.append(
        "\\copy ferry_checksum_failures FROM PROGRAM 'sha256sum --quiet --strict -c "
            + DumpPaths.CHECKSUMS
            + " 1>&2'\n\n");
    b.append("-- tables\n");
    beforeLoad.forEach(s -> b.append(s).append(";\n"));
    for (ManifestTable t : tables) {
      String target = targets.get(t.name());
      b.append("\n-- ").append(oneLine(t.name())).append(": ").append(t.rows()).append(" rows\n");
      for (String file : t.files()) {
        b.append("\\copy ")
            .append(target)
            .append(" (")
            .append(columns.get(t.name()))
            .append(") FROM ")
            .append(source(file))
            .append('\n');
      }
      String check =
          " BEGIN IF (SELECT count(*) FROM "
              + target
              + ") <> "
              + t.rows()
              + " THEN RAISE EXCEPTION '%: % rows after the restore, the dump holds "
              + t.rows()
              + "', "
              + Identifiers.literal(oneLine(t.name()))
              + ", (SELECT count(*) FROM "
              + target
              + "); END IF; END ";
      b.append("DO ").append(Identifiers.dollarQuoted(check)).append(";\n");
    }
    b.append("\n-- keys, indexes, foreign keys, checks, sequences\n");
    afterLoad.forEach(s -> b.append(s).append(";\n"));
    b.append("\nCOMMIT;\n");
    return b.toString();
  }

  private String source(String file) {
    String command = compression.readCommand();
    // Shard paths are [A-Za-z0-9_%./-] only (DumpPaths), so they need no shell quoting.
    return command == null ? "'" + file + "'" : "PROGRAM '" + command + " " + file + "'";
  }

  private static String oneLine(String s) {
    return s.replace("\r", "\\r").replace("\n", "\\n");
  }
}

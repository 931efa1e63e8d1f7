package dev.ferry.transforms.postgres;

import dev.ferry.schemas.sql.Identifiers;
import java.util.ArrayList;
import java.util.List;

/**
 * The SQL of writing one collection's documents into its {@link DocumentTables}, built once per
 * writer. The root table's staging and merge are {@link MergeSql}'s; this adds what keeps a
 * document whole when its key may already be in the root table.
 *
 * @param plainCopies a COPY straight into each table, in the tables' order (the fast path, and the
 *     child rows of the careful path)
 * @param root the root table's staging table, COPY into it (with the document's index in the part
 *     as the ordinal) and merge
 * @param analyzeStaging gives the planner the staging table's size, which autovacuum never measures
 *     for a temporary table: the statements below join it with tables of any size
 * @param skipped the ordinals of the staged documents whose child rows are not written. APPEND:
 *     those whose key is in the root table, or repeated earlier in the part; they are deleted from
 *     staging, so the merge leaves them too, and they and their child rows stay as they are.
 *     UPSERT: those followed by a later copy of the same document in the part, which the merge
 *     takes.
 * @param deleteChildren UPSERT: for each child table, in the tables' order, delete its rows of the
 *     staged documents; run deepest table first, so that no foreign key stands in the way. Empty
 *     for APPEND
 */
record DocumentSql(
    List<String> plainCopies,
    MergeSql root,
    String analyzeStaging,
    String skipped,
    List<String> deleteChildren) {

  static DocumentSql of(DocumentTables tables) {
    TableTarget rootTable = tables.root();
    MergeSql root = MergeSql.of(rootTable);
    String staging = root.staging();
    String ordinal = root.ordinal();
    String key = Identifiers.quote(rootTable.keyColumns().get(0));
    boolean append = rootTable.mode() == TableTarget.Mode.APPEND;
    String skipped =
        append
            ? "DELETE FROM "
                + staging
                + " s WHERE EXISTS (SELECT 1 FROM "
                + rootTable.quotedName()
                + " t WHERE t."
                + key
                + " = s."
                + key
                + ") OR EXISTS (SELECT 1 FROM "
                + staging
                + " e WHERE e."
                + key
                + " = s."
                + key
                + " AND e."
                + ordinal
                + " < s."
                + ordinal
                + ") RETURNING s."
                + ordinal
            : "SELECT s."
                + ordinal
                + " FROM "
                + staging
                + " s WHERE EXISTS (SELECT 1 FROM "
                + staging
                + " later WHERE later."
                + key
                + " = s."
                + key
                + " AND later."
                + ordinal
                + " > s."
                + ordinal
                + ")";
    List<String> deletes = new ArrayList<>();
    if (!append) {
      for (TableTarget child : tables.children()) {
        String rootId = Identifiers.quote(child.columns().get(0).name());
        deletes.add(
            "DELETE FROM "
                + child.quotedName()
                + " c USING "
                + staging
                + " s WHERE c."
                + rootId
                + " = s."
                + key);
      }
    }
    return new DocumentSql(
        tables.tables().stream().map(MergeSql::plainCopy).toList(),
        root,
        "ANALYZE " + staging,
        skipped,
        deletes);
  }
}

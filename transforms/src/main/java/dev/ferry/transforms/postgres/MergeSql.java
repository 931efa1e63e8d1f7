package dev.ferry.transforms.postgres;

import dev.ferry.schemas.inventory.Column;
import dev.ferry.schemas.sql.Identifiers;
import java.io.Serializable;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The SQL of one batch write into a {@link TableTarget}, built once per transform.
 *
 * <p>Without a key, rows are copied straight into the table: a staging table would add a second
 * write and no safety. With a key, rows are copied into a temporary table that disappears at
 * commit, then merged with {@code INSERT … ON CONFLICT (key)}: {@code DO NOTHING} for APPEND (a
 * retried batch finds its rows present and adds nothing), {@code DO UPDATE} for UPSERT, which skips
 * rows whose values are unchanged so a re-run rewrites nothing. The staging table has the written
 * columns' types (typmods included, so a value that does not fit fails in the COPY, where the
 * server names its line) but none of the table's constraints, which the merge checks. An ordinal
 * column keeps the batch order, so within one batch the first row of a key wins an APPEND and the
 * last one an UPSERT (ON CONFLICT DO UPDATE may not touch a row twice).
 *
 * <p>APPEND with a key first tries {@link #directCopy()}, a plain COPY into the table: when none of
 * the batch's keys is there yet (a fresh load), that is the whole work, at COPY's speed. A batch
 * that meets a present key (a retried bundle, a re-run) fails with a unique violation, is rolled
 * back and goes through staging and merge instead.
 *
 * <p>{@code staging} and {@code ordinal} are the staging table's and its ordinal column's quoted
 * names, for statements that work on the staged rows before the merge; empty without a key.
 */
record MergeSql(
    boolean staged,
    String copy,
    String createStaging,
    String merge,
    String directCopy,
    String staging,
    String ordinal)
    implements Serializable {

  private static final String STAGING = "ferry_staging";
  private static final String TARGET_ALIAS = "ferry_target";

  /** Whether a batch may first try a plain COPY into the table. */
  boolean optimistic() {
    return !directCopy.isEmpty();
  }

  static MergeSql of(TableTarget target) {
    List<String> names = target.columns().stream().map(Column::name).toList();
    String columns = quotedList(names);
    if (target.keyColumns().isEmpty()) {
      return new MergeSql(false, plainCopy(target), "", "", "", "", "");
    }
    String ordinal = freeName("ferry_ordinal", Set.copyOf(names));
    String staging = "pg_temp." + Identifiers.quote(STAGING);
    String createStaging =
        "CREATE TEMP TABLE "
            + Identifiers.quote(STAGING)
            + " ON COMMIT DROP AS SELECT "
            + columns
            + ", 0::bigint AS "
            + Identifiers.quote(ordinal)
            + " FROM "
            + target.quotedName()
            + " WITH NO DATA";
    String copy =
        "COPY " + staging + " (" + columns + ", " + Identifiers.quote(ordinal) + ") FROM STDIN";
    String insert =
        "INSERT INTO "
            + target.quotedName()
            + " AS "
            + TARGET_ALIAS
            + " ("
            + columns
            + ") SELECT "
            + columns;
    String conflict = " ON CONFLICT (" + quotedList(target.keyColumns()) + ")";
    List<String> updated = names.stream().filter(n -> !target.keyColumns().contains(n)).toList();
    String merge;
    if (target.mode() == TableTarget.Mode.APPEND || updated.isEmpty()) {
      merge =
          insert
              + " FROM "
              + staging
              + " ORDER BY "
              + Identifiers.quote(ordinal)
              + conflict
              + " DO NOTHING";
    } else {
      merge =
          insert
              + " FROM "
              + staging
              + " s WHERE NOT EXISTS (SELECT 1 FROM "
              + staging
              + " later WHERE "
              + target.keyColumns().stream()
                  .map(k -> "later." + Identifiers.quote(k) + " = s." + Identifiers.quote(k))
                  .collect(Collectors.joining(" AND "))
              + " AND later."
              + Identifiers.quote(ordinal)
              + " > s."
              + Identifiers.quote(ordinal)
              + ")"
              + conflict
              + " DO UPDATE SET "
              + updated.stream()
                  .map(n -> Identifiers.quote(n) + " = EXCLUDED." + Identifiers.quote(n))
                  .collect(Collectors.joining(", "))
              + " WHERE ("
              + textOf(TARGET_ALIAS, updated)
              + ") IS DISTINCT FROM ("
              + textOf("EXCLUDED", updated)
              + ")";
    }
    // APPEND keeps rows whose key is present, which a plain COPY does too, as long as no key is:
    // try that first, and merge only a batch that finds its keys already there.
    String directCopy = target.mode() == TableTarget.Mode.APPEND ? plainCopy(target) : "";
    return new MergeSql(
        true, copy, createStaging, merge, directCopy, staging, Identifiers.quote(ordinal));
  }

  /** A COPY of the written columns straight into the table. */
  static String plainCopy(TableTarget target) {
    List<String> names = target.columns().stream().map(Column::name).toList();
    return "COPY " + target.quotedName() + " (" + quotedList(names) + ") FROM STDIN";
  }

  /**
   * The columns as text, to compare old and new values of any type: {@code json} and some others
   * have no equality operator, and a false "changed" only costs an update.
   */
  private static String textOf(String alias, List<String> names) {
    return names.stream()
        .map(n -> alias + "." + Identifiers.quote(n) + "::text")
        .collect(Collectors.joining(", "));
  }

  private static String quotedList(List<String> names) {
    return names.stream().map(Identifiers::quote).collect(Collectors.joining(", "));
  }

  /** {@code base}, or with as many trailing underscores as it takes not to name a column. */
  private static String freeName(String base, Set<String> taken) {
    String name = base;
    while (taken.contains(name)) {
      name = name + "_";
    }
    return name;
  }
}

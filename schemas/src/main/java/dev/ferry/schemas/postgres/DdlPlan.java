package dev.ferry.schemas.postgres;

import java.util.ArrayList;
import java.util.List;

/**
 * The PostgreSQL DDL for a migration, split by when it runs: {@link #createTypes()} and {@link
 * #createTables()} before any row is loaded, everything else after, in the order of {@link
 * #afterLoad()}. Keys, indexes, foreign keys and checks come last for the same reasons as in
 * pgloader: one index build is faster than maintaining it row by row, foreign keys between tables
 * loaded in any order (cycles, self references) only hold once every table is full, and a check
 * that existing rows break fails on its own statement instead of losing the load.
 *
 * <p>Every statement stands alone: a caller may run each in its own transaction and report the ones
 * PostgreSQL refuses without stopping the rest.
 *
 * @param createTypes {@code CREATE SCHEMA IF NOT EXISTS}, then the enums and domains the tables
 *     use, each created only when missing; empty when the tables use none
 * @param createTables {@code CREATE SCHEMA IF NOT EXISTS}, then one {@code CREATE TABLE} per table
 * @param primaryKeys one {@code ALTER TABLE … ADD CONSTRAINT … PRIMARY KEY} per table that has one
 * @param uniqueAndIndexes {@code CREATE UNIQUE INDEX} and {@code CREATE INDEX}
 * @param foreignKeys {@code ALTER TABLE … ADD CONSTRAINT … FOREIGN KEY}
 * @param checks {@code ALTER TABLE … ADD CONSTRAINT … CHECK}
 * @param sequences for each auto-increment column: create the sequence, make it the default, move
 *     it past the largest loaded value
 * @param notes what was renamed or left out, one line each, for {@code ferry plan} and reports
 */
public record DdlPlan(
    List<String> createTypes,
    List<String> createTables,
    List<String> primaryKeys,
    List<String> uniqueAndIndexes,
    List<String> foreignKeys,
    List<String> checks,
    List<String> sequences,
    List<String> notes) {

  public DdlPlan {
    createTypes = List.copyOf(createTypes);
    createTables = List.copyOf(createTables);
    primaryKeys = List.copyOf(primaryKeys);
    uniqueAndIndexes = List.copyOf(uniqueAndIndexes);
    foreignKeys = List.copyOf(foreignKeys);
    checks = List.copyOf(checks);
    sequences = List.copyOf(sequences);
    notes = List.copyOf(notes);
  }

  /** The statements to run before any row: types, then tables, the schema created once. */
  public List<String> beforeLoad() {
    List<String> all = new ArrayList<>(createTypes);
    createTables.stream().filter(s -> !createTypes.contains(s)).forEach(all::add);
    return all;
  }

  /** The statements to run once the rows are in: keys, indexes, foreign keys, checks, sequences. */
  public List<String> afterLoad() {
    List<String> all = new ArrayList<>(primaryKeys);
    all.addAll(uniqueAndIndexes);
    all.addAll(foreignKeys);
    all.addAll(checks);
    all.addAll(sequences);
    return all;
  }

  /** The whole plan as an SQL script for a person to read, each phase under a comment. */
  public String script() {
    StringBuilder b = new StringBuilder();
    section(b, "before loading rows: types", createTypes);
    section(
        b,
        "before loading rows: tables",
        createTables.stream().filter(s -> !createTypes.contains(s)).toList());
    section(b, "after loading rows: primary keys", primaryKeys);
    section(b, "after loading rows: unique and other indexes", uniqueAndIndexes);
    section(b, "after loading rows: foreign keys", foreignKeys);
    section(b, "after loading rows: checks", checks);
    section(b, "after loading rows: sequences", sequences);
    if (!notes.isEmpty()) {
      b.append("-- notes\n");
      // A name may hold a line break; it must not end the comment and become SQL.
      notes.forEach(
          n -> b.append("-- ").append(n.replace("\r", "\\r").replace("\n", "\\n")).append('\n'));
    }
    return b.toString();
  }

  private static void section(StringBuilder b, String title, List<String> statements) {
    if (statements.isEmpty()) {
      return;
    }
    b.append("-- ").append(title).append('\n');
    statements.forEach(s -> b.append(s).append(";\n"));
    b.append('\n');
  }
}

package dev.ferry.schemas.pgsource;

import dev.ferry.schemas.inventory.Check;
import dev.ferry.schemas.inventory.ForeignKey;
import dev.ferry.schemas.inventory.Index;
import dev.ferry.schemas.inventory.SourceObject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The keys, foreign keys, indexes and CHECK constraints of the tables of one schema, from {@code
 * pg_constraint} and {@code pg_index}.
 *
 * <p>What the inventory cannot express exactly is listed as not copied, with its definition, rather
 * than copied half-way: indexes on expressions, partial indexes, indexes that are not plain b-trees
 * in ascending order with default operator classes and collations, indexes with {@code INCLUDE}
 * columns or {@code NULLS NOT DISTINCT}, exclusion constraints, and foreign keys to tables outside
 * the schema. Unique constraints are read as the unique indexes behind them.
 */
final class PostgresKeys {

  /** What one table holds. */
  record TableKeys(
      List<String> primaryKey,
      List<ForeignKey> foreignKeys,
      List<Index> indexes,
      List<Check> checks) {}

  /** One table of the schema: its oid, name and column names by attribute number. */
  record Relation(long oid, String name, Map<Integer, String> columns) {}

  private final Map<Long, Relation> relations;
  private final Map<Long, List<String>> primaryKeys = new HashMap<>();
  private final Map<Long, List<ForeignKey>> foreignKeys = new HashMap<>();
  private final Map<Long, List<Index>> indexes = new HashMap<>();
  private final Map<Long, List<Check>> checks = new HashMap<>();
  private final List<SourceObject> notCopied = new ArrayList<>();

  private PostgresKeys(Map<Long, Relation> relations) {
    this.relations = relations;
  }

  /** Reads the keys of {@code relations}, the tables of schema {@code schemaOid}. */
  static PostgresKeys read(Connection c, long schemaOid, Map<Long, Relation> relations)
      throws SQLException {
    PostgresKeys keys = new PostgresKeys(relations);
    keys.readConstraints(c, schemaOid);
    keys.readIndexes(c, schemaOid);
    return keys;
  }

  TableKeys of(long tableOid) {
    List<Index> tableIndexes = new ArrayList<>(indexes.getOrDefault(tableOid, List.of()));
    tableIndexes.sort(Comparator.comparing(Index::name));
    return new TableKeys(
        primaryKeys.getOrDefault(tableOid, List.of()),
        foreignKeys.getOrDefault(tableOid, List.of()),
        tableIndexes,
        checks.getOrDefault(tableOid, List.of()));
  }

  /** Exclusion constraints, foreign keys out of the schema and indexes kept out, with reasons. */
  List<SourceObject> notCopied() {
    return List.copyOf(notCopied);
  }

  private void readConstraints(Connection c, long schemaOid) throws SQLException {
    // conparentid <> 0: a copy of a partitioned table's constraint on one of its partitions.
    String sql =
        "SELECT k.conrelid, k.conname, k.contype, array_to_string(k.conkey, ' '),"
            + " k.confrelid, array_to_string(k.confkey, ' '), pg_get_constraintdef(k.oid),"
            + " pg_get_expr(k.conbin, k.conrelid)"
            + " FROM pg_constraint k JOIN pg_class t ON t.oid = k.conrelid"
            + " WHERE t.relnamespace = ? AND k.contype IN ('p', 'f', 'c', 'x')"
            + " AND k.conparentid = 0"
            + " ORDER BY k.conrelid, k.conname";
    try (PreparedStatement s = c.prepareStatement(sql)) {
      s.setLong(1, schemaOid);
      try (ResultSet rs = s.executeQuery()) {
        while (rs.next()) {
          Relation table = relations.get(rs.getLong(1));
          if (table == null) {
            continue; // a partition: read through its parent
          }
          String name = rs.getString(2);
          String definition = rs.getString(7);
          switch (rs.getString(3)) {
            case "p" -> primaryKeys.put(table.oid(), names(table, rs.getString(4)));
            case "c" ->
                checks
                    .computeIfAbsent(table.oid(), k -> new ArrayList<>())
                    .add(new Check(name, rs.getString(8)));
            case "x" ->
                notCopied.add(
                    new SourceObject(
                        "constraint",
                        table.name() + "." + name,
                        "exclusion constraint, not recreated: " + definition));
            default -> foreignKey(table, name, rs, definition);
          }
        }
      }
    }
  }

  private void foreignKey(Relation table, String name, ResultSet rs, String definition)
      throws SQLException {
    Relation referenced = relations.get(rs.getLong(5));
    if (referenced == null) {
      notCopied.add(
          new SourceObject(
              "foreign key",
              table.name() + "." + name,
              "references a table ferry does not copy (in another schema, or a partition),"
                  + " not recreated: "
                  + definition));
      return;
    }
    foreignKeys
        .computeIfAbsent(table.oid(), k -> new ArrayList<>())
        .add(
            new ForeignKey(
                name,
                names(table, rs.getString(4)),
                referenced.name(),
                names(referenced, rs.getString(6))));
  }

  private void readIndexes(Connection c, long schemaOid) throws SQLException {
    String sql =
        "SELECT i.indrelid, x.relname, i.indisunique, i.indkey::text, pg_get_indexdef(i.indexrelid),"
            + " am.amname = 'btree' AND i.indexprs IS NULL AND i.indpred IS NULL"
            + " AND i.indnkeyatts = i.indnatts AND NOT i.indnullsnotdistinct"
            + " AND NOT EXISTS (SELECT 1 FROM unnest(i.indoption::int2[]) o WHERE o <> 0)"
            + " AND NOT EXISTS (SELECT 1 FROM unnest(i.indclass::oid[]) oc"
            + "   JOIN pg_opclass o ON o.oid = oc WHERE NOT o.opcdefault)"
            + " AND NOT EXISTS (SELECT 1 FROM unnest(i.indcollation::oid[], i.indkey::int2[])"
            + "   AS k(coll, attnum) JOIN pg_attribute a"
            + "   ON a.attrelid = i.indrelid AND a.attnum = k.attnum"
            + "   WHERE k.coll <> 0 AND k.coll <> a.attcollation)"
            + " FROM pg_index i JOIN pg_class x ON x.oid = i.indexrelid"
            + " JOIN pg_class t ON t.oid = i.indrelid JOIN pg_am am ON am.oid = x.relam"
            + " WHERE t.relnamespace = ? AND NOT i.indisprimary AND NOT i.indisexclusion"
            + " ORDER BY i.indrelid, x.relname";
    try (PreparedStatement s = c.prepareStatement(sql)) {
      s.setLong(1, schemaOid);
      try (ResultSet rs = s.executeQuery()) {
        while (rs.next()) {
          Relation table = relations.get(rs.getLong(1));
          if (table == null) {
            continue;
          }
          String name = rs.getString(2);
          if (rs.getBoolean(6)) {
            indexes
                .computeIfAbsent(table.oid(), k -> new ArrayList<>())
                .add(new Index(name, names(table, rs.getString(4)), rs.getBoolean(3)));
          } else {
            notCopied.add(
                new SourceObject(
                    "index",
                    name,
                    "not a plain b-tree index on columns, not recreated: " + rs.getString(5)));
          }
        }
      }
    }
  }

  /** Column names for attribute numbers separated by blanks ({@code "2 1"}), in that order. */
  private static List<String> names(Relation table, String attnums) {
    List<String> names = new ArrayList<>();
    for (String attnum : attnums.strip().split("\\s+")) {
      names.add(table.columns().get(Integer.parseInt(attnum)));
    }
    return names;
  }
}

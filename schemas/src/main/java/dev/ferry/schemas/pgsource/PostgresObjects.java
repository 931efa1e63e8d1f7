package dev.ferry.schemas.pgsource;

import dev.ferry.schemas.inventory.SourceObject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * What a PostgreSQL schema holds besides its tables, listed with its definition so a person can
 * recreate it: views and materialized views, foreign tables, partitions (their rows are read
 * through the partitioned table), functions, procedures and aggregates not installed by an
 * extension, triggers, sequences no column owns, and the database's extensions.
 */
final class PostgresObjects {

  private PostgresObjects() {}

  /** The objects of schema {@code schemaOid} that ferry lists but does not copy. */
  static List<SourceObject> read(Connection c, long schemaOid) throws SQLException {
    List<SourceObject> objects = new ArrayList<>();
    query(
        c,
        schemaOid,
        objects,
        "SELECT CASE c.relkind WHEN 'v' THEN 'view' WHEN 'm' THEN 'materialized view'"
            + " ELSE 'foreign table' END, c.relname,"
            + " CASE WHEN c.relkind IN ('v', 'm') THEN pg_get_viewdef(c.oid, true)"
            + " ELSE 'FOREIGN TABLE on server ' || (SELECT s.srvname FROM pg_foreign_table f"
            + "   JOIN pg_foreign_server s ON s.oid = f.ftserver WHERE f.ftrelid = c.oid) END"
            + " FROM pg_class c WHERE c.relnamespace = ? AND c.relkind IN ('v', 'm', 'f')"
            + " ORDER BY c.relname");
    query(
        c,
        schemaOid,
        objects,
        "SELECT 'partition', c.relname, 'PARTITION OF ' || p.oid::regclass || ' '"
            + " || pg_get_expr(c.relpartbound, c.oid) || ': rows are read through '"
            + " || p.oid::regclass"
            + " FROM pg_class c JOIN pg_inherits i ON i.inhrelid = c.oid"
            + " JOIN pg_class p ON p.oid = i.inhparent"
            + " WHERE c.relnamespace = ? AND c.relispartition AND c.relkind IN ('r', 'p')"
            + " ORDER BY c.relname");
    // Legacy inheritance: a read of the parent includes the child's rows, and the child is read
    // too.
    query(
        c,
        schemaOid,
        objects,
        "SELECT 'inheritance', c.relname, 'INHERITS ' || p.oid::regclass"
            + " || ': a read of ' || p.oid::regclass || ' also returns the rows of ' || c.relname"
            + " || ', which is copied as a table of its own'"
            + " FROM pg_class c JOIN pg_inherits i ON i.inhrelid = c.oid"
            + " JOIN pg_class p ON p.oid = i.inhparent"
            + " WHERE c.relnamespace = ? AND NOT c.relispartition AND c.relkind = 'r'"
            + " ORDER BY c.relname");
    query(
        c,
        schemaOid,
        objects,
        "SELECT CASE p.prokind WHEN 'p' THEN 'procedure' WHEN 'a' THEN 'aggregate'"
            + " ELSE 'function' END,"
            + " p.proname || '(' || pg_get_function_identity_arguments(p.oid) || ')',"
            + " CASE WHEN p.prokind <> 'a' THEN pg_get_functiondef(p.oid) END"
            + " FROM pg_proc p WHERE p.pronamespace = ?"
            + " AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.classid = 'pg_proc'::regclass"
            + "   AND d.objid = p.oid AND d.deptype = 'e')"
            + " ORDER BY 2");
    // tgparentid <> 0: a partition's copy of its partitioned table's trigger.
    query(
        c,
        schemaOid,
        objects,
        "SELECT 'trigger', c.relname || '.' || t.tgname, pg_get_triggerdef(t.oid, true)"
            + " FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid"
            + " WHERE c.relnamespace = ? AND NOT t.tgisinternal AND t.tgparentid = 0"
            + " ORDER BY 2");
    // Sequences behind serial and identity columns come back with their columns' DDL.
    query(
        c,
        schemaOid,
        objects,
        "SELECT 'sequence', c.relname, 'CREATE SEQUENCE ' || quote_ident(c.relname)"
            + " || ' AS ' || format_type(s.seqtypid, NULL) || ' INCREMENT BY ' || s.seqincrement"
            + " || ' MINVALUE ' || s.seqmin || ' MAXVALUE ' || s.seqmax"
            + " || ' START WITH ' || s.seqstart || ' CACHE ' || s.seqcache"
            + " || CASE WHEN s.seqcycle THEN ' CYCLE' ELSE '' END"
            + " FROM pg_class c JOIN pg_sequence s ON s.seqrelid = c.oid"
            + " WHERE c.relnamespace = ? AND c.relkind = 'S'"
            + " AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.classid = 'pg_class'::regclass"
            + "   AND d.objid = c.oid AND d.refobjsubid > 0 AND d.deptype IN ('a', 'i'))"
            + " ORDER BY c.relname");
    query(
        c,
        -1,
        objects,
        "SELECT 'extension', extname, 'CREATE EXTENSION ' || quote_ident(extname)"
            + " || ' VERSION ' || quote_literal(extversion)"
            + " FROM pg_extension WHERE extname <> 'plpgsql' ORDER BY extname");
    return objects;
  }

  private static void query(Connection c, long schemaOid, List<SourceObject> out, String sql)
      throws SQLException {
    try (PreparedStatement s = c.prepareStatement(sql)) {
      if (schemaOid >= 0) {
        s.setLong(1, schemaOid);
      }
      try (ResultSet rs = s.executeQuery()) {
        while (rs.next()) {
          out.add(new SourceObject(rs.getString(1), rs.getString(2), rs.getString(3)));
        }
      }
    }
  }
}

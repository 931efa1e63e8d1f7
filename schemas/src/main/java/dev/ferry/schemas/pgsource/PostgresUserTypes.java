package dev.ferry.schemas.pgsource;

import dev.ferry.schemas.inventory.UserType;
import dev.ferry.schemas.pgsource.PostgresSourceTypes.Mapping;
import dev.ferry.schemas.types.ColumnType;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The enums and domains of a PostgreSQL database, and the ones a set of columns uses.
 *
 * <p>An enum column keeps its type and travels as text with the enum's labels; a domain column
 * keeps the domain and travels in the logical type of the domain's base type (a domain over {@code
 * numeric(10,2)} travels as decimal(10,2)). A column's type is named by its unqualified name,
 * quoted where PostgreSQL needs it ({@code "Mood"}), because a PostgreSQL target recreates every
 * used type in its one target schema, base types (a domain over an enum, over another domain)
 * first.
 */
final class PostgresUserTypes {

  private record Declared(
      long oid,
      String name,
      String quotedName,
      char kind,
      long baseOid,
      long baseElementOid,
      String baseFormatted,
      boolean notNull,
      String defaultValue) {}

  private final Map<Long, Declared> declared;
  private final Map<Long, List<String>> labels;
  private final Map<Long, List<String>> checks;
  private final Map<String, UserType> used = new LinkedHashMap<>();

  private PostgresUserTypes(
      Map<Long, Declared> declared,
      Map<Long, List<String>> labels,
      Map<Long, List<String>> checks) {
    this.declared = declared;
    this.labels = labels;
    this.checks = checks;
  }

  /** Every enum and domain outside the system schemas. */
  static PostgresUserTypes read(Connection c) throws SQLException {
    Map<Long, Declared> declared = new HashMap<>();
    try (Statement s = c.createStatement();
        ResultSet rs =
            s.executeQuery(
                "SELECT t.oid, t.typname, quote_ident(t.typname), t.typtype, t.typbasetype,"
                    + " CASE WHEN b.typlen = -1 THEN b.typelem ELSE 0 END,"
                    + " format_type(t.typbasetype, t.typtypmod), t.typnotnull,"
                    + " pg_get_expr(t.typdefaultbin, 0)"
                    + " FROM pg_type t JOIN pg_namespace n ON n.oid = t.typnamespace"
                    + " LEFT JOIN pg_type b ON b.oid = t.typbasetype"
                    + " WHERE t.typtype IN ('e', 'd')"
                    + " AND n.nspname NOT IN ('pg_catalog', 'information_schema')")) {
      while (rs.next()) {
        declared.put(
            rs.getLong(1),
            new Declared(
                rs.getLong(1),
                rs.getString(2),
                rs.getString(3),
                rs.getString(4).charAt(0),
                rs.getLong(5),
                rs.getLong(6),
                rs.getString(7),
                rs.getBoolean(8),
                rs.getString(9)));
      }
    }
    return new PostgresUserTypes(
        declared,
        grouped(c, "SELECT enumtypid, enumlabel FROM pg_enum ORDER BY enumtypid, enumsortorder"),
        grouped(
            c,
            "SELECT contypid, pg_get_constraintdef(oid) FROM pg_constraint"
                + " WHERE contypid <> 0 AND contype = 'c' ORDER BY contypid, conname"));
  }

  private static Map<Long, List<String>> grouped(Connection c, String sql) throws SQLException {
    Map<Long, List<String>> grouped = new HashMap<>();
    try (Statement s = c.createStatement();
        ResultSet rs = s.executeQuery(sql)) {
      while (rs.next()) {
        grouped.computeIfAbsent(rs.getLong(1), k -> new ArrayList<>()).add(rs.getString(2));
      }
    }
    return grouped;
  }

  /** Whether {@code typeOid} is an enum or a domain. */
  boolean isUserType(long typeOid) {
    return declared.containsKey(typeOid);
  }

  /** The labels of enum {@code typeOid}, or empty for a domain. */
  List<String> enumLabels(long typeOid) {
    Declared type = declared.get(typeOid);
    return type != null && type.kind() == 'e' ? labels.getOrDefault(typeOid, List.of()) : List.of();
  }

  /**
   * How a column of enum or domain {@code typeOid} travels; records the type (and the types it is
   * built on) as used.
   */
  Mapping use(long typeOid) {
    Declared type = declared.get(typeOid);
    if (type.kind() == 'e') {
      used.putIfAbsent(
          type.name(), UserType.enumType(type.name(), labels.getOrDefault(typeOid, List.of())));
      return new Mapping(ColumnType.string(0), type.quotedName());
    }
    ColumnType carried;
    String baseType;
    if (isUserType(type.baseOid())) {
      carried = use(type.baseOid()).type();
      baseType = declared.get(type.baseOid()).quotedName();
    } else if (isUserType(type.baseElementOid())) {
      use(type.baseElementOid());
      carried = ColumnType.string(0);
      baseType = declared.get(type.baseElementOid()).quotedName() + "[]";
    } else {
      carried = PostgresSourceTypes.logical(type.baseFormatted());
      baseType = type.baseFormatted();
    }
    used.putIfAbsent(
        type.name(),
        new UserType(
            type.name(),
            UserType.Kind.DOMAIN,
            List.of(),
            baseType,
            type.notNull(),
            type.defaultValue(),
            checks.getOrDefault(typeOid, List.of())));
    return new Mapping(carried, type.quotedName());
  }

  /** The types {@link #use} recorded, each after the types it is built on. */
  List<UserType> used() {
    return List.copyOf(used.values());
  }
}

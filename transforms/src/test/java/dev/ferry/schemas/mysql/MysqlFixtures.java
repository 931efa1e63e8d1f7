package dev.ferry.schemas.mysql;

import dev.ferry.schemas.Secret;
import dev.ferry.schemas.inventory.Column;
import dev.ferry.schemas.inventory.Inventory;
import dev.ferry.schemas.inventory.Table;
import dev.ferry.schemas.sql.ColumnReader;
import dev.ferry.schemas.sql.JdbcLogin;
import dev.ferry.schemas.sql.ReadOptions;
import dev.ferry.schemas.types.ValueRejected;
import dev.ferry.testkit.MariaDbServer;
import dev.ferry.testkit.TestDatabase;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;

/** Loads the SQL fixtures under {@code mysql/} and reads tables back as a range reader would. */
final class MysqlFixtures {

  static final MysqlDialect DIALECT = MysqlDialect.INSTANCE;

  /** A value a reader refused, with the reason that would go to dead letters. */
  record Rejected(String reason) {}

  /** The values of a table's rows in key order, and the columns that reported zero dates. */
  record Rows(List<List<Object>> rows, List<String> zeroDates) {

    /** The value of {@code column} (0-based) in the row at {@code row} (0-based). */
    Object get(int row, int column) {
      return rows.get(row).get(column);
    }
  }

  private MysqlFixtures() {}

  /** Runs the statements of {@code mysql/<name>} on {@code db}, on one connection. */
  static void load(TestDatabase db, String name) {
    String resource = "/mysql/" + name;
    String sql;
    try (InputStream in = MysqlFixtures.class.getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalStateException("no test resource " + resource);
      }
      sql = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    String withoutComments =
        Arrays.stream(sql.split("\n"))
            .filter(line -> !line.strip().startsWith("--"))
            .collect(Collectors.joining("\n"));
    String[] statements =
        Arrays.stream(withoutComments.split(";\\s*\n"))
            .map(String::strip)
            .filter(s -> !s.isEmpty())
            .toArray(String[]::new);
    MariaDbServer.shared().execute(db.name(), statements);
  }

  static JdbcLogin login(TestDatabase db) {
    return JdbcLogin.of(db.jdbcUrl(), db.user(), Secret.of(db.password()));
  }

  static Inventory inventory(TestDatabase db) throws SQLException {
    JdbcLogin login = login(db);
    try (Connection c = login.connect()) {
      return DIALECT.inventory(c, login);
    }
  }

  static Table table(TestDatabase db, String name) throws SQLException {
    return inventory(db).table(name).orElseThrow();
  }

  /**
   * Reads every row of {@code table} with the dialect's select expressions and readers after {@code
   * prepareRead}, in primary-key order: what a range reader does, minus the ranges.
   */
  static Rows read(TestDatabase db, Table table, ReadOptions options) throws SQLException {
    List<ColumnReader> readers =
        table.columns().stream().map(c -> DIALECT.reader(c, options)).toList();
    String sql =
        "SELECT "
            + table.columns().stream()
                .map(DIALECT::selectExpression)
                .collect(Collectors.joining(", "))
            + " FROM "
            + DIALECT.quote(table.name())
            + (table.primaryKey().isEmpty()
                ? ""
                : " ORDER BY "
                    + table.primaryKey().stream()
                        .map(DIALECT::quote)
                        .collect(Collectors.joining(", ")));
    List<List<Object>> rows = new ArrayList<>();
    List<String> zeroDates = new ArrayList<>();
    try (Connection c = login(db).connect();
        Statement s = c.createStatement()) {
      DIALECT.prepareRead(c, s);
      try (ResultSet rs = s.executeQuery(sql)) {
        while (rs.next()) {
          List<Object> row = new ArrayList<>();
          for (int i = 0; i < readers.size(); i++) {
            try {
              row.add(readers.get(i).read(rs, i + 1, zeroDates::add));
            } catch (ValueRejected e) {
              row.add(new Rejected(e.getMessage()));
            }
          }
          rows.add(row);
        }
      }
    }
    return new Rows(rows, zeroDates);
  }

  /** {@code table} with {@code column} cast to {@code type}, as a job's {@code casts} does. */
  static Table cast(Table table, String column, String type) {
    List<Column> columns =
        table.columns().stream()
            .map(
                c ->
                    c.name().equals(column)
                        ? c.withType(dev.ferry.schemas.types.ColumnType.parse(type))
                        : c)
            .toList();
    return table.withColumns(columns);
  }
}

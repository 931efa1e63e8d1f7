package dev.ferry.schemas.pgsource;

import dev.ferry.schemas.Secret;
import dev.ferry.schemas.inventory.Column;
import dev.ferry.schemas.inventory.Inventory;
import dev.ferry.schemas.inventory.Table;
import dev.ferry.schemas.sql.JdbcLogin;
import dev.ferry.testkit.TestDatabase;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.stream.Collectors;

/** Loads the SQL fixtures under {@code src/test/resources/pgsource/} and reads inventories. */
final class Fixtures {

  private Fixtures() {}

  /** Runs the script {@code pgsource/NAME.sql} in {@code db}, in one go. */
  static void load(TestDatabase db, String name) throws SQLException {
    try (Connection c = db.connect();
        Statement s = c.createStatement()) {
      s.execute(script(name));
    }
  }

  static String script(String name) {
    try (InputStream in = Fixtures.class.getResourceAsStream("/pgsource/" + name + ".sql")) {
      if (in == null) {
        throw new IllegalArgumentException("no fixture pgsource/" + name + ".sql");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static JdbcLogin login(TestDatabase db) {
    return login(db, db.jdbcUrl());
  }

  static JdbcLogin login(TestDatabase db, String url) {
    return JdbcLogin.of(url, db.user(), Secret.of(db.password()));
  }

  static Inventory inventory(JdbcLogin login) throws SQLException {
    try (Connection c = login.connect()) {
      return PostgresSourceDialect.INSTANCE.inventory(c, login);
    }
  }

  /** A column on one line: name, source type, logical type, kept type and the rest that is set. */
  static String describe(Column c) {
    return c.name()
        + " "
        + c.sourceType()
        + " → "
        + c.type()
        + (c.pgType() == null ? "" : " keep " + c.pgType())
        + (c.nullable() ? "" : " not null")
        + (c.defaultValue() == null ? "" : " default " + c.defaultValue())
        + (c.autoIncrement() ? " auto" : "")
        + (c.enumValues().isEmpty() ? "" : " labels " + c.enumValues());
  }

  static String columns(Table t) {
    return t.columns().stream().map(Fixtures::describe).collect(Collectors.joining("\n"));
  }
}

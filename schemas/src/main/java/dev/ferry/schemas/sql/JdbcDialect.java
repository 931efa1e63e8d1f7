package dev.ferry.schemas.sql;

import dev.ferry.schemas.inventory.Column;
import dev.ferry.schemas.inventory.Inventory;
import java.io.Serializable;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Optional;

/**
 * What differs between the JDBC servers ferry reads from (MySQL/MariaDB, PostgreSQL): the catalog,
 * identifier quoting, how a column is selected and its values converted, how a result set streams,
 * and how a failure reads to a person. One generic range reader does the rest.
 */
public interface JdbcDialect extends Serializable {

  /** {@code mysql} or {@code postgres}, as in {@link Inventory#dialect()}. */
  String name();

  /** Reads the inventory of the database {@code login} names, over {@code connection}. */
  Inventory inventory(Connection connection, JdbcLogin login) throws SQLException;

  /** {@code identifier} quoted for this server's SQL. */
  String quote(String identifier);

  /**
   * The select-list expression for {@code column}: usually its quoted name; an expression where the
   * value must be read in another form (e.g. {@code ST_AsText} for geometry).
   */
  String selectExpression(Column column);

  /**
   * Prepares {@code connection} (fresh, for one range read) and {@code statement} so the result set
   * streams instead of being loaded whole: PostgreSQL needs autocommit off and a fetch size, MySQL
   * a streaming fetch size. Also sets the session up for reading (e.g. UTC time zone).
   */
  void prepareRead(Connection connection, Statement statement) throws SQLException;

  /** The reader that converts {@code column}'s values to its logical type's Beam values. */
  ColumnReader reader(Column column, ReadOptions options);

  /**
   * The parameter to bind in {@code quote(column) >= ?} or {@code quote(column) < ?} so that the
   * server keeps exactly the rows whose value, as {@link #reader} converts it, is {@code >= bound}
   * or {@code < bound} (a {@link RowFilter} bound). Empty where the server's order is not ferry's
   * (text collations, most casts): the filter then runs in Java only.
   */
  default Optional<Object> filterParameter(Column column, Object bound, ReadOptions options) {
    return Optional.empty();
  }

  /**
   * One line for a failure to connect or read: what failed, where ({@link JdbcLogin#location()},
   * user), what to do. Never the password.
   */
  String describe(SQLException e, JdbcLogin login);
}

package dev.ferry.transforms.read;

import dev.ferry.schemas.sql.JdbcDialect;
import dev.ferry.schemas.sql.ReadOptions;
import dev.ferry.schemas.sql.RowFilter;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The bounds of a {@link RowFilter} that a JDBC server can apply itself: SQL conditions on the
 * quoted column with bind parameters (never values in the SQL text). A bound the dialect cannot
 * compare exactly is left out; the reader applies the whole filter in Java anyway.
 */
final class FilterClause {

  private final List<String> conditions = new ArrayList<>();
  private final List<Object> parameters = new ArrayList<>();

  private FilterClause() {}

  /** The pushed-down part of {@code filter}, or no conditions when there is no filter. */
  static FilterClause of(JdbcDialect dialect, Optional<RowFilter> filter, ReadOptions options) {
    FilterClause clause = new FilterClause();
    filter.ifPresent(
        f -> {
          String column = dialect.quote(f.column().name());
          f.lower()
              .flatMap(b -> dialect.filterParameter(f.column(), b, options))
              .ifPresent(p -> clause.add(column + " >= ?", p));
          f.upper()
              .flatMap(b -> dialect.filterParameter(f.column(), b, options))
              .ifPresent(p -> clause.add(column + " < ?", p));
        });
    return clause;
  }

  private void add(String condition, Object parameter) {
    conditions.add(condition);
    parameters.add(parameter);
  }

  /** The conditions, to be joined with {@code AND}; each has one {@code ?}. */
  List<String> conditions() {
    return conditions;
  }

  /** Binds the parameters from index {@code first} on; returns the next free index. */
  int bind(PreparedStatement statement, int first) throws SQLException {
    int index = first;
    for (Object parameter : parameters) {
      statement.setObject(index++, parameter);
    }
    return index;
  }
}

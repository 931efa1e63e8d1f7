package dev.ferry.pipelines.plan;

import dev.ferry.pipelines.job.SourceSpec;
import dev.ferry.schemas.SourceException;
import dev.ferry.schemas.inventory.Inventory;
import dev.ferry.schemas.inventory.Table;
import dev.ferry.schemas.sql.JdbcDialect;
import dev.ferry.schemas.sql.JdbcLogin;
import dev.ferry.schemas.sql.ReadOptions;
import dev.ferry.schemas.sql.RowFilter;
import dev.ferry.schemas.sqlite.SqliteCatalog;
import dev.ferry.transforms.dump.DumpDirectory;
import dev.ferry.transforms.read.JdbcRangeReader;
import dev.ferry.transforms.read.RangeReader;
import dev.ferry.transforms.read.ReadSqliteTable;
import java.sql.Connection;
import java.sql.SQLException;

/**
 * The job's source, whatever its kind: its inventory, and a reader for each table. The one place
 * that knows which catalog and dialect go with {@code source.kind}.
 */
public final class Sources {

  private Sources() {}

  /** Reads the source's inventory (connecting to it). */
  public static Inventory inventory(SourceSpec source) {
    return switch (source.kind()) {
      case SQLITE -> SqliteCatalog.read(source.url());
      case MYSQL, POSTGRES -> inventory(login(source), dialect(source));
      case DUMP -> dump(source).manifest().inventory(source.url());
      default -> throw new IllegalArgumentException("no catalog for " + source.kind());
    };
  }

  /** Reads the inventory of the database {@code login} names with {@code dialect}'s catalog. */
  public static Inventory inventory(JdbcLogin login, JdbcDialect dialect) {
    try (Connection c = login.connect()) {
      return dialect.inventory(c, login);
    } catch (SQLException e) {
      throw new SourceException(dialect.describe(e, login), e);
    }
  }

  /** The dump a {@code dump} source names: its directory found and its manifest read. */
  public static DumpDirectory dump(SourceSpec source) {
    return DumpDirectory.open(source.url());
  }

  /** The reader of {@code table} for the plan's source: a dump's shards, or the database. */
  public static RangeReader reader(JobPlan plan, Table table, ReadOptions options) {
    return plan.dump() != null
        ? plan.dump().reader(table)
        : reader(plan.job().source(), table, options);
  }

  /** The reader of {@code table} (casts applied) for the job's source. */
  public static RangeReader reader(SourceSpec source, Table table, ReadOptions options) {
    return switch (source.kind()) {
      case SQLITE ->
          ReadSqliteTable.from(source.url(), table)
              .withZone(options.zone())
              .withInvalidUtf8(options.invalidUtf8())
              .rangeReader();
      case MYSQL, POSTGRES -> JdbcRangeReader.of(login(source), dialect(source), table, options);
      default -> throw new IllegalArgumentException("no reader for " + source.kind());
    };
  }

  /**
   * The reader of {@code table} for the job's source, keeping only the rows {@code filter} keeps:
   * pushed into the SQL of MySQL/MariaDB and PostgreSQL reads, applied in Java for SQLite.
   *
   * @throws IllegalArgumentException for a source whose reader cannot filter (dumps, MongoDB)
   */
  public static RangeReader reader(
      SourceSpec source, Table table, ReadOptions options, RowFilter filter) {
    return switch (source.kind()) {
      case SQLITE ->
          ReadSqliteTable.from(source.url(), table)
              .withZone(options.zone())
              .withInvalidUtf8(options.invalidUtf8())
              .withFilter(filter)
              .rangeReader();
      case MYSQL, POSTGRES ->
          JdbcRangeReader.of(login(source), dialect(source), table, options).withFilter(filter);
      default ->
          throw new IllegalArgumentException(
              "cannot filter rows of table "
                  + table.name()
                  + ": a "
                  + source.kind()
                  + " source has no row filter");
    };
  }

  public static JdbcLogin login(SourceSpec source) {
    return JdbcLogin.of(source.url(), source.user(), source.password());
  }

  /** The dialect of a MySQL/MariaDB or PostgreSQL source. */
  public static JdbcDialect dialect(SourceSpec source) {
    return Dialects.of(login(source).dialect());
  }
}

package dev.ferry.pipelines.plan;

import dev.ferry.schemas.mysql.MysqlDialect;
import dev.ferry.schemas.pgsource.PostgresSourceDialect;
import dev.ferry.schemas.sql.JdbcDialect;

/** The JDBC dialects ferry reads, by {@code JdbcLogin.dialect()} name. */
public final class Dialects {

  private Dialects() {}

  /** The dialect of {@code mysql} (MySQL and MariaDB) or {@code postgres}. */
  public static JdbcDialect of(String name) {
    return switch (name) {
      case "mysql" -> MysqlDialect.INSTANCE;
      case "postgres" -> PostgresSourceDialect.INSTANCE;
      default -> throw new IllegalArgumentException("no JDBC dialect for " + name + " sources");
    };
  }
}

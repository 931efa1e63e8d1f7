package dev.ferry.schemas.sql;

import java.sql.Connection;
import java.sql.Driver;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Properties;

/**
 * Opens JDBC connections with ferry's drivers themselves rather than through {@link DriverManager}.
 * DriverManager hands out only drivers that the caller's class loader sees and that were registered
 * from it; on Flink, where each job's code comes from a class loader of its own, it answers "No
 * suitable driver" for a driver that a job before registered, or that its service scan of the
 * system class path never saw.
 *
 * <pre>{@code
 * Connection c = JdbcDrivers.connect("jdbc:postgresql://db:5432/shop", properties);
 * }</pre>
 */
public final class JdbcDrivers {

  private static final Driver SQLITE = new org.sqlite.JDBC();
  private static final Driver POSTGRES = new org.postgresql.Driver();
  private static final Driver MARIADB = new org.mariadb.jdbc.Driver();

  private JdbcDrivers() {}

  /**
   * A new connection to {@code url} (sqlite, postgresql, mariadb; others through DriverManager).
   */
  public static Connection connect(String url, Properties properties) throws SQLException {
    Driver driver =
        url.startsWith("jdbc:sqlite:")
            ? SQLITE
            : url.startsWith("jdbc:postgresql:")
                ? POSTGRES
                : url.startsWith("jdbc:mariadb:") ? MARIADB : null;
    if (driver == null) {
      return DriverManager.getConnection(url, properties);
    }
    Connection c = driver.connect(url, properties);
    if (c == null) {
      throw new SQLException("the driver does not accept the URL " + url);
    }
    return c;
  }
}

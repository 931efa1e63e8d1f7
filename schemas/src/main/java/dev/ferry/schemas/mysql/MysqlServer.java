package dev.ferry.schemas.mysql;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashSet;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a MySQL-family server's catalog offers, found out once per inventory: the product and
 * version, and the {@code information_schema} columns that only some versions have.
 *
 * @param product {@code MySQL 8.0.36} or {@code MariaDB 11.4.5}, for messages
 * @param quotesDefaults whether {@code COLUMN_DEFAULT} quotes strings and spells a missing default
 *     {@code NULL} (MariaDB 10.2.7 and later)
 * @param hasCheckConstraints whether {@code CHECK_CONSTRAINTS} exists (MySQL 8.0.16+, MariaDB
 *     10.2+)
 * @param checksNameTheirTable whether it has a {@code TABLE_NAME} column (MariaDB); MySQL's is
 *     joined with {@code TABLE_CONSTRAINTS}
 * @param hasEnforcedChecks whether {@code TABLE_CONSTRAINTS.ENFORCED} exists (MySQL 8.0.16+)
 * @param hasGenerationExpression whether {@code COLUMNS.GENERATION_EXPRESSION} exists (MySQL 5.7+,
 *     MariaDB 10.2+)
 */
record MysqlServer(
    String product,
    boolean quotesDefaults,
    boolean hasCheckConstraints,
    boolean checksNameTheirTable,
    boolean hasEnforcedChecks,
    boolean hasGenerationExpression) {

  private static final Pattern VERSION = Pattern.compile("(\\d+)\\.(\\d+)\\.(\\d+)");

  static MysqlServer probe(Connection connection) throws SQLException {
    String version;
    Set<String> columns = new HashSet<>();
    try (Statement s = connection.createStatement()) {
      try (ResultSet rs = s.executeQuery("SELECT VERSION()")) {
        version = rs.next() ? rs.getString(1) : "";
      }
      try (ResultSet rs =
          s.executeQuery(
              "SELECT TABLE_NAME, COLUMN_NAME FROM information_schema.COLUMNS"
                  + " WHERE TABLE_SCHEMA = 'information_schema'"
                  + " AND TABLE_NAME IN ('CHECK_CONSTRAINTS', 'TABLE_CONSTRAINTS', 'COLUMNS')"
                  + " AND COLUMN_NAME IN ('CHECK_CLAUSE', 'TABLE_NAME', 'ENFORCED',"
                  + " 'GENERATION_EXPRESSION')")) {
        while (rs.next()) {
          columns.add((rs.getString(1) + "." + rs.getString(2)).toUpperCase(Locale.ROOT));
        }
      }
    }
    boolean mariaDb = version.contains("MariaDB");
    Matcher m = VERSION.matcher(version);
    boolean found = m.find();
    int number =
        found
            ? Integer.parseInt(m.group(1)) * 10_000
                + Integer.parseInt(m.group(2)) * 100
                + Integer.parseInt(m.group(3))
            : 0;
    return new MysqlServer(
        (mariaDb ? "MariaDB " : "MySQL ") + (found ? m.group() : version),
        mariaDb && number >= 10_02_07,
        columns.contains("CHECK_CONSTRAINTS.CHECK_CLAUSE"),
        columns.contains("CHECK_CONSTRAINTS.TABLE_NAME"),
        columns.contains("TABLE_CONSTRAINTS.ENFORCED"),
        columns.contains("COLUMNS.GENERATION_EXPRESSION"));
  }
}

package dev.ferry.schemas.sqlite;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.ferry.schemas.types.ColumnType;
import dev.ferry.schemas.types.ColumnType.Kind;
import java.lang.reflect.Field;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

class SqliteTypesTest {

  /** Every name mapped by name, with what it maps to; sizes are tested separately. */
  private static final Map<String, String> NAMED =
      Map.ofEntries(
          Map.entry("BOOLEAN", "boolean"),
          Map.entry("BOOL", "boolean"),
          Map.entry("TINYINT", "smallint"),
          Map.entry("SMALLINT", "smallint"),
          Map.entry("INT2", "smallint"),
          Map.entry("MEDIUMINT", "int"),
          Map.entry("INT", "bigint"),
          Map.entry("INTEGER", "bigint"),
          Map.entry("BIGINT", "bigint"),
          Map.entry("INT8", "bigint"),
          Map.entry("UNSIGNED BIG INT", "bigint"),
          Map.entry("REAL", "double"),
          Map.entry("DOUBLE", "double"),
          Map.entry("DOUBLE PRECISION", "double"),
          Map.entry("FLOAT", "double"),
          Map.entry("DATE", "date"),
          Map.entry("TIME", "time"),
          Map.entry("DATETIME", "timestamp"),
          Map.entry("TIMESTAMP", "timestamp"),
          Map.entry("JSON", "json"),
          Map.entry("UUID", "uuid"),
          Map.entry("BLOB", "bytes"),
          Map.entry("TEXT", "text"),
          Map.entry("CLOB", "text"),
          Map.entry("CHAR", "text"),
          Map.entry("CHARACTER", "text"),
          Map.entry("VARCHAR", "text"),
          Map.entry("VARYING CHARACTER", "text"),
          Map.entry("CHARACTER VARYING", "text"),
          Map.entry("NCHAR", "text"),
          Map.entry("NATIVE CHARACTER", "text"),
          Map.entry("NVARCHAR", "text"),
          Map.entry("DECIMAL", "decimal(38,10)"),
          Map.entry("NUMERIC", "decimal(38,10)"));

  static Stream<Arguments> named() {
    return NAMED.entrySet().stream().map(e -> Arguments.of(e.getKey(), e.getValue()));
  }

  @ParameterizedTest(name = "{0} -> {1}")
  @MethodSource("named")
  void mapsEveryKnownNameInAnyCase(String declared, String expected) {
    assertEquals(expected, SqliteTypes.map(declared).toString());
    assertEquals(expected, SqliteTypes.map(declared.toLowerCase()).toString());
    assertEquals(expected, SqliteTypes.map("  " + declared + " ").toString());
  }

  @Test
  void theTableAboveCoversEveryNameTheMappingKnows() throws Exception {
    Field field = SqliteTypes.class.getDeclaredField("BY_NAME");
    field.setAccessible(true);
    Map<?, ?> byName = (Map<?, ?>) field.get(null);
    Set<String> known =
        byName.keySet().stream()
            .map(Object::toString)
            .collect(Collectors.toCollection(TreeSet::new));
    assertEquals(known, new TreeSet<>(NAMED.keySet()));
  }

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource(
      delimiter = '|',
      value = {
        "VARCHAR(40)               | varchar(40)",
        "varchar(40)               | varchar(40)",
        "VARCHAR ( 40 )            | varchar(40)",
        "NVARCHAR(100)             | varchar(100)",
        "CHARACTER(20)             | varchar(20)",
        "CHAR(1)                   | varchar(1)",
        "VARYING CHARACTER(255)    | varchar(255)",
        "CHARACTER VARYING(255)    | varchar(255)",
        "NATIVE CHARACTER(70)      | varchar(70)",
        "NCHAR(55)                 | varchar(55)",
        "TEXT(10)                  | varchar(10)",
        "VARCHAR(0)                | text",
        "VARCHAR(4294967295)       | text",
        "DECIMAL(10,2)             | decimal(10,2)",
        "DECIMAL(10, 2)            | decimal(10,2)",
        "numeric(12,4)             | decimal(12,4)",
        "NUMERIC(5)                | decimal(5,0)",
        "DECIMAL(38,38)            | decimal(38,38)",
        "DECIMAL(50,2)             | decimal(38,2)",
        "DECIMAL(50,45)            | decimal(38,38)",
        "DECIMAL(10,20)            | decimal(10,10)",
        "DECIMAL(0)                | decimal(1,0)",
        "DECIMAL(4294967295,2)     | decimal(38,2)",
        "DECIMAL(10,4294967295)    | decimal(10,10)",
        "INT(11)                   | bigint",
        "TINYINT(1)                | smallint",
        "BIGINT(20)                | bigint",
        "FLOAT(24)                 | double",
        "DOUBLE  PRECISION         | double",
        "unsigned big int          | bigint",
        "DATETIME(6)               | timestamp",
      })
  void keepsDeclaredSizes(String declared, String expected) {
    assertEquals(expected, SqliteTypes.map(declared).toString());
  }

  @Test
  void unsizedNumericIsTheDocumentedDecimal() {
    assertEquals(ColumnType.decimal(38, 10), SqliteTypes.UNSIZED_NUMERIC);
    assertEquals(SqliteTypes.UNSIZED_NUMERIC, SqliteTypes.map("NUMERIC"));
  }

  @ParameterizedTest
  @NullAndEmptySource
  @ValueSource(strings = {"   "})
  void noDeclaredTypeIsText(String declared) {
    assertEquals(ColumnType.string(0), SqliteTypes.map(declared));
  }

  /**
   * Names not in the table follow SQLite's affinity rules in their order: INT first (so FLOATING
   * POINT is an integer), then CHAR/CLOB/TEXT, BLOB, REAL/FLOA/DOUB, and NUMERIC for everything
   * else (BIGSERIALTHING has no "INT" in it: NUMERIC).
   */
  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource(
      delimiter = '|',
      value = {
        "FLOATING POINT     | bigint",
        "POINTER            | bigint",
        "INTEGER UNSIGNED   | bigint",
        "BIGINTEGER         | bigint",
        "CHARINT            | bigint",
        "INTERVAL           | bigint",
        "SERIAL4INT         | bigint",
        "NATIVE CLOB        | text",
        "LONGTEXT           | text",
        "TINYTEXT           | text",
        "VARCHAR2(30)       | text",
        "CHARACTER LARGE OBJECT | text",
        "BLOBBY             | bytes",
        "MEDIUMBLOB         | bytes",
        "DOUBLE TROUBLE     | double",
        "REALLY             | double",
        "FLOAT8             | double",
        "STRING             | decimal(38,10)",
        "BIGSERIALTHING     | decimal(38,10)",
        "MONEY              | decimal(38,10)",
        "SERIAL             | decimal(38,10)",
        "BIT                | decimal(38,10)",
        "YEAR               | decimal(38,10)",
        "DECIMAL(10,2       | decimal(38,10)",
      })
  void followsSqliteAffinityForOtherNames(String declared, String expected) {
    assertEquals(expected, SqliteTypes.map(declared).toString());
  }

  /**
   * The affinity fallback agrees with SQLite itself: each unknown name is declared in a real table,
   * and what SQLite stores for the text '42' and the integer 42 shows the affinity it gave.
   * (INTEGER and NUMERIC affinity store alike; NUMERIC maps to decimal, INTEGER to bigint.)
   */
  @ParameterizedTest(name = "{0}")
  @ValueSource(
      strings = {
        "FLOATING POINT",
        "POINTER",
        "CHARINT",
        "NATIVE CLOB",
        "LONGTEXT",
        "BLOBBY",
        "DOUBLE TROUBLE",
        "REALLY",
        "STRING",
        "BIGSERIALTHING",
        "MONEY",
      })
  void agreesWithSqlitesOwnAffinity(String declared) throws SQLException {
    String stored;
    try (Connection c = DriverManager.getConnection("jdbc:sqlite::memory:");
        Statement s = c.createStatement()) {
      s.executeUpdate("CREATE TABLE t (v " + declared + ")");
      s.executeUpdate("INSERT INTO t VALUES ('42'), (42)");
      try (ResultSet rs = s.executeQuery("SELECT group_concat(typeof(v)) FROM t")) {
        rs.next();
        stored = rs.getString(1);
      }
    }
    Kind kind = SqliteTypes.map(declared).kind();
    String expected =
        switch (kind) {
          case INT64, DECIMAL -> "integer,integer";
          case STRING -> "text,text";
          case BYTES -> "text,integer";
          case FLOAT64 -> "real,real";
          default -> throw new AssertionError("no affinity yields " + kind);
        };
    assertEquals(expected, stored, declared + " mapped to " + kind);
  }
}

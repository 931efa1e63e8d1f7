package dev.ferry.schemas.mysql;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.ferry.schemas.mysql.MysqlTypes.Mapping;
import dev.ferry.schemas.mysql.MysqlTypes.Stored;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The mapping table, one row per declaration as {@code COLUMN_TYPE} prints it. */
class MysqlTypesTest {

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource(
      delimiter = '|',
      nullValues = "-",
      textBlock =
          """
          tinyint(1)                      | boolean        | -               | INTEGER
          tinyint(1) unsigned             | boolean        | -               | INTEGER
          bool                            | boolean        | -               | INTEGER
          bit(1)                          | boolean        | -               | BIT
          bit                             | boolean        | -               | BIT
          bit(8)                          | bytes          | -               | BIT
          bit(64)                         | bytes          | -               | BIT
          tinyint(4)                      | smallint       | -               | INTEGER
          tinyint                         | smallint       | -               | INTEGER
          tinyint(3) unsigned             | smallint       | -               | INTEGER
          smallint(6)                     | smallint       | -               | INTEGER
          smallint(5) unsigned            | int            | -               | INTEGER
          mediumint(9)                    | int            | -               | INTEGER
          mediumint(8) unsigned           | int            | -               | INTEGER
          int(11)                         | int            | -               | INTEGER
          int                             | int            | -               | INTEGER
          int(10) unsigned                | bigint         | -               | INTEGER
          int unsigned                    | bigint         | -               | INTEGER
          int(6) unsigned zerofill        | bigint         | -               | INTEGER
          bigint(20)                      | bigint         | -               | INTEGER
          bigint(20) unsigned             | decimal(20,0)  | -               | UNSIGNED_BIGINT
          BIGINT UNSIGNED                 | decimal(20,0)  | -               | UNSIGNED_BIGINT
          decimal(10,2)                   | decimal(10,2)  | -               | DECIMAL
          decimal(10,0)                   | decimal(10,0)  | -               | DECIMAL
          decimal(38,38)                  | decimal(38,38) | -               | DECIMAL
          decimal(10,2) unsigned          | decimal(10,2)  | -               | DECIMAL
          decimal(39,0)                   | text           | numeric(39,0)   | DECIMAL
          decimal(65,30)                  | text           | numeric(65,30)  | DECIMAL
          float                           | real           | -               | FLOAT
          float(10,2)                     | real           | -               | FLOAT
          float unsigned                  | real           | -               | FLOAT
          double                          | double         | -               | DOUBLE
          double(10,2)                    | double         | -               | DOUBLE
          char(3)                         | varchar(3)     | -               | TEXT
          varchar(255)                    | varchar(255)   | -               | TEXT
          tinytext                        | text           | -               | TEXT
          text                            | text           | -               | TEXT
          mediumtext                      | text           | -               | TEXT
          longtext                        | text           | -               | TEXT
          json                            | json           | -               | TEXT
          set('a','b')                    | text           | text[]          | SET
          year(4)                         | smallint       | -               | YEAR
          year                            | smallint       | -               | YEAR
          binary(16)                      | bytes          | -               | BINARY
          varbinary(255)                  | bytes          | -               | BINARY
          tinyblob                        | bytes          | -               | BINARY
          blob                            | bytes          | -               | BINARY
          mediumblob                      | bytes          | -               | BINARY
          longblob                        | bytes          | -               | BINARY
          date                            | date           | -               | DATE
          datetime                        | timestamp_local| -               | DATETIME
          datetime(6)                     | timestamp_local| -               | DATETIME
          timestamp                       | timestamp      | -               | TIMESTAMP
          timestamp(3)                    | timestamp      | -               | TIMESTAMP
          time                            | time           | -               | TIME
          time(6)                         | time           | -               | TIME
          geometry                        | text           | -               | GEOMETRY
          point                           | text           | -               | GEOMETRY
          linestring                      | text           | -               | GEOMETRY
          polygon                         | text           | -               | GEOMETRY
          multipoint                      | text           | -               | GEOMETRY
          multilinestring                 | text           | -               | GEOMETRY
          multipolygon                    | text           | -               | GEOMETRY
          geometrycollection              | text           | -               | GEOMETRY
          geomcollection                  | text           | -               | GEOMETRY
          uuid                            | uuid           | -               | TEXT
          inet4                           | text           | inet            | TEXT
          inet6                           | text           | inet            | TEXT
          vector(3)                       | text           | -               | TEXT
          someday_type                    | text           | -               | TEXT
          """)
  void maps(String columnType, String type, String pgType, Stored stored) {
    Mapping m = MysqlTypes.map(columnType);
    assertEquals(type, m.type().toString(), "type");
    assertEquals(pgType, m.pgType(), "pgType");
    assertEquals(stored, m.stored(), "stored");
  }

  @Test
  void enumsAreTextWithTheirLabels() {
    Mapping m = MysqlTypes.map("enum('a','b,c','it''s','back\\\\slash','')");
    assertEquals("text", m.type().toString());
    assertEquals(Stored.ENUM, m.stored());
    assertEquals(List.of("a", "b,c", "it's", "back\\slash", ""), m.labels());
    assertEquals(null, m.pgType());
  }

  @Test
  void setsKeepNoLabels() {
    assertEquals(List.of(), MysqlTypes.map("set('x','y')").labels());
    assertEquals(List.of("x", "y"), MysqlTypes.labels("set('x','y')"));
  }

  @Test
  void bitWidths() {
    assertEquals(1, MysqlTypes.bitWidth("bit"));
    assertEquals(1, MysqlTypes.bitWidth("bit(1)"));
    assertEquals(64, MysqlTypes.bitWidth("bit(64)"));
  }

  @Test
  void mariaDbJsonIsText() {
    // MariaDB's json is longtext; MysqlCatalog maps it to JSON when a json_valid check says so
    assertEquals(Stored.TEXT, MysqlTypes.JSON.stored());
    assertEquals("json", MysqlTypes.JSON.type().toString());
  }
}

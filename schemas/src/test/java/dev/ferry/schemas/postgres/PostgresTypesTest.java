package dev.ferry.schemas.postgres;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.ferry.schemas.types.ColumnType;
import dev.ferry.schemas.types.ColumnType.Kind;
import java.util.EnumSet;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PostgresTypesTest {

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource(
      delimiter = '|',
      value = {
        "boolean         | boolean",
        "smallint        | smallint",
        "int             | integer",
        "bigint          | bigint",
        "real            | real",
        "double          | double precision",
        "decimal(10,2)   | numeric(10,2)",
        "decimal(38,0)   | numeric(38,0)",
        "text            | text",
        "varchar(40)     | varchar(40)",
        "json            | jsonb",
        "uuid            | uuid",
        "bytes           | bytea",
        "date            | date",
        "time            | time(6)",
        "timestamp       | timestamptz",
        "timestamp_local | timestamp",
      })
  void mapsEachLogicalType(String logical, String postgres) {
    assertEquals(postgres, PostgresTypes.map(ColumnType.parse(logical)));
  }

  @Test
  void everyKindHasAMapping() {
    Set<Kind> seen = EnumSet.noneOf(Kind.class);
    for (Kind kind : Kind.values()) {
      ColumnType type = kind == Kind.DECIMAL ? ColumnType.decimal(5, 1) : ColumnType.of(kind);
      PostgresTypes.map(type);
      seen.add(kind);
    }
    assertEquals(EnumSet.allOf(Kind.class), seen);
  }

  @Test
  void varcharLongerThanPostgresAllowsIsText() {
    assertEquals("varchar(10485760)", PostgresTypes.map(ColumnType.string(10_485_760)));
    assertEquals("text", PostgresTypes.map(ColumnType.string(10_485_761)));
    assertEquals("text", PostgresTypes.map(ColumnType.string(Integer.MAX_VALUE)));
  }
}

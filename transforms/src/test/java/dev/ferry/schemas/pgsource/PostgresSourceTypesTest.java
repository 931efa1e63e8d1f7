package dev.ferry.schemas.pgsource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ferry.schemas.pgsource.PostgresSourceTypes.Mapping;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The mapping table, type by type, as {@code format_type} spells the types. */
class PostgresSourceTypesTest {

  /** format_type → "logical type | kept pgType" ("-" when the logical type's mapping suffices). */
  private static final Map<String, String> TABLE = new LinkedHashMap<>();

  static {
    TABLE.put("boolean", "boolean | -");
    TABLE.put("smallint", "smallint | -");
    TABLE.put("integer", "int | -");
    TABLE.put("bigint", "bigint | -");
    TABLE.put("real", "real | -");
    TABLE.put("double precision", "double | -");
    TABLE.put("numeric(10,2)", "decimal(10,2) | -");
    TABLE.put("numeric(38,10)", "decimal(38,10) | -");
    TABLE.put("numeric(5,0)", "decimal(5,0) | -");
    TABLE.put("numeric", "text | numeric");
    TABLE.put("numeric(50,10)", "text | numeric(50,10)");
    TABLE.put("numeric(3,-2)", "text | numeric(3,-2)");
    TABLE.put("numeric(2,5)", "text | numeric(2,5)");
    TABLE.put("text", "text | -");
    TABLE.put("character varying(40)", "varchar(40) | -");
    TABLE.put("character varying", "text | character varying");
    TABLE.put("character(5)", "varchar(5) | character(5)");
    TABLE.put("bpchar", "text | bpchar");
    TABLE.put("\"char\"", "text | \"char\"");
    TABLE.put("name", "text | name");
    TABLE.put("json", "json | json");
    TABLE.put("jsonb", "json | -");
    TABLE.put("uuid", "uuid | -");
    TABLE.put("bytea", "bytes | -");
    TABLE.put("date", "date | -");
    TABLE.put("time without time zone", "time | time without time zone");
    TABLE.put("time(6) without time zone", "time | -");
    TABLE.put("time(3) without time zone", "time | time(3) without time zone");
    TABLE.put("time with time zone", "text | time with time zone");
    TABLE.put("timestamp without time zone", "timestamp_local | -");
    TABLE.put("timestamp(3) without time zone", "timestamp_local | timestamp(3) without time zone");
    TABLE.put("timestamp with time zone", "timestamp | -");
    TABLE.put("timestamp(6) with time zone", "timestamp | timestamp(6) with time zone");
    TABLE.put("timestamp(0) with time zone", "timestamp | timestamp(0) with time zone");
    TABLE.put("interval", "text | interval");
    TABLE.put("interval year to month", "text | interval year to month");
    TABLE.put("inet", "text | inet");
    TABLE.put("cidr", "text | cidr");
    TABLE.put("macaddr", "text | macaddr");
    TABLE.put("money", "text | money");
    TABLE.put("xml", "text | xml");
    TABLE.put("tsvector", "text | tsvector");
    TABLE.put("bit(3)", "text | bit(3)");
    TABLE.put("bit varying(8)", "text | bit varying(8)");
    TABLE.put("int4range", "text | int4range");
    TABLE.put("point", "text | point");
    TABLE.put("citext", "text | citext");
    TABLE.put("hstore", "text | hstore");
    TABLE.put("integer[]", "text | integer[]");
    TABLE.put("character varying(10)[]", "text | character varying(10)[]");
    TABLE.put("timestamp without time zone[]", "text | timestamp without time zone[]");
    TABLE.put("extensions.geometry", "text | extensions.geometry");
  }

  @Test
  void mapsEveryTypeOfTheTable() {
    List<String> expected = new ArrayList<>();
    List<String> actual = new ArrayList<>();
    TABLE.forEach(
        (formatType, mapping) -> {
          expected.add(formatType + " → " + mapping);
          Mapping m = PostgresSourceTypes.map(formatType);
          actual.add(
              formatType + " → " + m.type() + " | " + (m.pgType() == null ? "-" : m.pgType()));
        });
    assertEquals(String.join("\n", expected), String.join("\n", actual));
  }

  @Test
  void keptTypesTravelAsTextOnlyWhenNoKindCarriesThem() {
    assertTrue(PostgresSourceTypes.map("inet").asText());
    assertTrue(PostgresSourceTypes.map("numeric").asText());
    assertFalse(PostgresSourceTypes.map("json").asText(), "json travels as JSON");
    assertFalse(PostgresSourceTypes.map("time(3) without time zone").asText());
    assertFalse(PostgresSourceTypes.map("integer").asText());
  }

  @Test
  void recognisesMoney() {
    assertTrue(PostgresSourceTypes.isMoney("money"));
    assertTrue(PostgresSourceTypes.isMoney("money[]"));
    assertFalse(PostgresSourceTypes.isMoney("numeric"));
  }

  @Test
  void comparesTheTargetSpellingWithFormatType() {
    assertTrue(PostgresSourceTypes.sameType("varchar(40)", "character varying(40)"));
    assertTrue(PostgresSourceTypes.sameType("timestamptz", "timestamp with time zone"));
    assertTrue(PostgresSourceTypes.sameType("time(6)", "time(6) without time zone"));
    assertTrue(PostgresSourceTypes.sameType("numeric(10,2)", "numeric(10,2)"));
    assertTrue(PostgresSourceTypes.sameType("double precision", "double precision"));
    assertFalse(PostgresSourceTypes.sameType("jsonb", "json"));
    assertFalse(PostgresSourceTypes.sameType("text", "character varying"));
  }
}

package dev.ferry.transforms.postgres;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.ferry.schemas.convert.BeamSchemas;
import dev.ferry.schemas.inventory.Column;
import dev.ferry.schemas.types.ColumnType;
import dev.ferry.schemas.types.ColumnType.Kind;
import dev.ferry.testkit.PostgresExtension;
import dev.ferry.testkit.TestDatabase;
import dev.ferry.testkit.TestPipelineExtension;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.UUID;
import org.apache.beam.sdk.schemas.Schema;
import org.apache.beam.sdk.testing.PAssert;
import org.apache.beam.sdk.testing.TestPipeline;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionTuple;
import org.apache.beam.sdk.values.Row;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Every logical type goes in through COPY and comes back out of plain JDBC unchanged. */
@ExtendWith({TestPipelineExtension.class, PostgresExtension.class})
class WritePostgresTypesTest {

  private static final List<Column> COLUMNS =
      List.of(
          column("id", ColumnType.of(Kind.INT32)),
          column("b", ColumnType.of(Kind.BOOLEAN)),
          column("i16", ColumnType.of(Kind.INT16)),
          column("i64", ColumnType.of(Kind.INT64)),
          column("f32", ColumnType.of(Kind.FLOAT32)),
          column("f64", ColumnType.of(Kind.FLOAT64)),
          column("amount", ColumnType.decimal(20, 6)),
          column("note", ColumnType.string(0)),
          column("code", ColumnType.string(10)),
          column("doc", ColumnType.of(Kind.JSON)),
          column("uid", ColumnType.of(Kind.UUID)),
          column("data", ColumnType.of(Kind.BYTES)),
          column("day", ColumnType.of(Kind.DATE)),
          column("clock", ColumnType.of(Kind.TIME)),
          column("at", ColumnType.of(Kind.TIMESTAMP)),
          column("local_at", ColumnType.of(Kind.TIMESTAMP_LOCAL)));

  private static final String DDL =
      " (id integer PRIMARY KEY, b boolean, i16 smallint, i64 bigint, f32 real,"
          + " f64 double precision, amount numeric(20,6), note text, code varchar(10), doc jsonb,"
          + " uid uuid, data bytea, day date, clock time, at timestamptz, local_at timestamp)";

  private static final Schema SCHEMA = BeamSchemas.of(COLUMNS);

  private static Column column(String name, ColumnType type) {
    return new Column(name, "", type, true, null);
  }

  private static List<Row> rows() {
    Row typical =
        Row.withSchema(SCHEMA)
            .addValues(
                1,
                true,
                (short) 12,
                1_234_567_890_123L,
                1.5f,
                0.1,
                new BigDecimal("-12345678901234.000100"),
                "tab\there, newline\nthere, CR\r, backslash\\ and a literal \\N",
                "émoji 🚢",
                "{\"a\": [1, 2.50, null], \"k\": \"quote \\\" backslash \\\\ tab \\t 🚢\"}",
                "123e4567-e89b-12d3-a456-426614174000",
                new byte[] {0, 1, 9, 10, 13, 92, 127, -128, -1},
                LocalDate.of(2024, 2, 29),
                LocalTime.of(23, 59, 59, 999_999_000),
                Instant.parse("2024-03-10T01:02:03.123456Z"),
                LocalDateTime.of(2024, 3, 10, 1, 2, 3, 1_000))
            .build();
    Row edges =
        Row.withSchema(SCHEMA)
            .addValues(
                2,
                false,
                Short.MIN_VALUE,
                Long.MAX_VALUE,
                -Float.MAX_VALUE,
                -0.0,
                new BigDecimal("0.000001"),
                "",
                "ß",
                "[]",
                "00000000-0000-0000-0000-000000000000",
                new byte[0],
                LocalDate.of(1, 1, 1),
                LocalTime.MIDNIGHT,
                Instant.parse("1900-01-01T00:00:00.000001Z"),
                LocalDateTime.of(9999, 12, 31, 23, 59, 59, 999_999_000))
            .build();
    List<Object> allNull = new ArrayList<>(Collections.nCopies(SCHEMA.getFieldCount(), null));
    allNull.set(0, 3);
    Row nulls = Row.withSchema(SCHEMA).addValues(allNull).build();
    return List.of(typical, edges, nulls);
  }

  @Test
  void everyLogicalTypeRoundTripsExactly(TestPipeline p, TestDatabase db) throws Exception {
    Items.execute(db, "CREATE TABLE copied" + DDL, "CREATE TABLE merged" + DDL);
    PostgresTarget server = Items.server(db);
    PCollection<Row> input = p.apply(Create.of(rows()).withRowSchema(SCHEMA));
    PCollectionTuple copied =
        input.apply("Copy", WritePostgres.to(server, TableTarget.of("public", "copied", COLUMNS)));
    PCollectionTuple merged =
        input.apply(
            "Merge",
            WritePostgres.to(
                server,
                TableTarget.of("public", "merged", COLUMNS)
                    .withKeyColumns(List.of("id"))
                    .withMode(TableTarget.Mode.UPSERT)));
    for (PCollectionTuple out : List.of(copied, merged)) {
      PAssert.that(out.get(WritePostgres.FAILED)).empty();
      PAssert.that(out.get(WritePostgres.WRITTEN))
          .satisfies(Items.total("rows", WrittenBatch::rows, 3));
    }
    p.run().waitUntilFinish();

    assertEquals(rows(), readBack(db, "copied"));
    assertEquals(rows(), readBack(db, "merged"));
  }

  /** The table's rows as Beam rows, read with the driver's own java.time and byte[] mappings. */
  private static List<Row> readBack(TestDatabase db, String table) throws SQLException {
    List<Row> rows = new ArrayList<>();
    try (Connection c = db.connect();
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT * FROM " + table + " ORDER BY id")) {
      while (rs.next()) {
        OffsetDateTime at = rs.getObject("at", OffsetDateTime.class);
        UUID uid = rs.getObject("uid", UUID.class);
        rows.add(
            Row.withSchema(SCHEMA)
                .addValues(
                    rs.getObject("id", Integer.class),
                    rs.getObject("b", Boolean.class),
                    rs.getObject("i16", Short.class),
                    rs.getObject("i64", Long.class),
                    rs.getObject("f32", Float.class),
                    rs.getObject("f64", Double.class),
                    rs.getBigDecimal("amount"),
                    rs.getString("note"),
                    rs.getString("code"),
                    rs.getString("doc"),
                    uid == null ? null : uid.toString(),
                    rs.getBytes("data"),
                    rs.getObject("day", LocalDate.class),
                    rs.getObject("clock", LocalTime.class),
                    at == null ? null : at.toInstant(),
                    rs.getObject("local_at", LocalDateTime.class))
                .build());
      }
    }
    return rows;
  }

  @Test
  void datesBeforeTheCommonEraKeepTheirYear(TestPipeline p, TestDatabase db) throws Exception {
    Items.execute(db, "CREATE TABLE ancient (id integer, day date, at timestamptz)");
    List<Column> columns =
        List.of(
            column("id", ColumnType.of(Kind.INT32)),
            column("day", ColumnType.of(Kind.DATE)),
            column("at", ColumnType.of(Kind.TIMESTAMP)));
    Schema schema = BeamSchemas.of(columns);
    Row ides =
        Row.withSchema(schema)
            .addValues(1, LocalDate.of(-43, 3, 15), Instant.parse("-0043-03-15T12:00:00.000001Z"))
            .build();
    PCollectionTuple out =
        p.apply(Create.of(List.of(ides)).withRowSchema(schema))
            .apply(
                WritePostgres.to(Items.server(db), TableTarget.of("public", "ancient", columns)));
    PAssert.that(out.get(WritePostgres.FAILED)).empty();
    p.run().waitUntilFinish();

    // ISO year -43 is 44 BC; the server's own spelling, read as text so no driver converts it.
    assertEquals(
        List.of("0044-03-15 BC|0044-03-15 12:00:00.000001 BC"),
        Items.query(db, "SELECT day::text || '|' || (at AT TIME ZONE 'UTC')::text FROM ancient"));
  }
}

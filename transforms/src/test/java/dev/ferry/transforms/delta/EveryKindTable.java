package dev.ferry.transforms.delta;

import dev.ferry.schemas.convert.BeamSchemas;
import dev.ferry.schemas.inventory.Column;
import dev.ferry.schemas.types.ColumnType;
import dev.ferry.schemas.types.ColumnType.Kind;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.beam.sdk.schemas.Schema;
import org.apache.beam.sdk.values.Row;

/**
 * A table with a column of every ferry kind, partitioned by a STRING {@code region} and an INT32
 * {@code day}, written by {@link DeltaTableWriter} and committed by {@link DeltaCommitter}: the
 * fixture the reading tests read back.
 */
final class EveryKindTable {

  static final List<Column> COLUMNS =
      List.of(
          col("id", ColumnType.of(Kind.INT64), false),
          col("flag", ColumnType.of(Kind.BOOLEAN), true),
          col("small", ColumnType.of(Kind.INT16), true),
          col("qty", ColumnType.of(Kind.INT32), true),
          col("ratio", ColumnType.of(Kind.FLOAT32), true),
          col("score", ColumnType.of(Kind.FLOAT64), true),
          col("amount", ColumnType.decimal(38, 10), true),
          col("whole", ColumnType.decimal(38, 0), true),
          col("price", ColumnType.decimal(10, 2), true),
          col("name", ColumnType.string(40), true),
          col("doc", ColumnType.of(Kind.JSON), true),
          col("uid", ColumnType.of(Kind.UUID), true),
          col("payload", ColumnType.of(Kind.BYTES), true),
          col("born", ColumnType.of(Kind.DATE), true),
          col("at_time", ColumnType.of(Kind.TIME), true),
          col("created", ColumnType.of(Kind.TIMESTAMP), true),
          col("local_ts", ColumnType.of(Kind.TIMESTAMP_LOCAL), true),
          col("Order Details", ColumnType.of(Kind.STRING), true));

  static final List<String> PARTITIONS = List.of("region", "day");

  static final Schema DATA_SCHEMA = BeamSchemas.of(COLUMNS);

  static final Schema ROW_SCHEMA =
      Schema.builder()
          .addFields(DATA_SCHEMA.getFields())
          .addNullableField("region", Schema.FieldType.STRING)
          .addNullableField("day", Schema.FieldType.INT32)
          .build();

  private EveryKindTable() {}

  static Column col(String name, ColumnType type, boolean nullable) {
    return new Column(name, "", type, nullable, null);
  }

  static DeltaTableSpec spec(String path) {
    return DeltaTableSpec.of(path, "every_kind", COLUMNS)
        .withPartitionColumns(PARTITIONS)
        .withPrimaryKey(List.of("id"));
  }

  static DeltaTableWriter writer(String path) {
    return DeltaTableWriter.of(spec(path), ROW_SCHEMA);
  }

  /** Writes {@code rows} (of {@link #ROW_SCHEMA}) in one session and appends them. */
  static DeltaCommit append(String path, List<Row> rows) {
    DeltaTableWriter writer = writer(path);
    DeltaTableWriter.Session session = writer.start();
    rows.forEach(session::write);
    return DeltaCommitter.of(writer).append(session.finish());
  }

  /** Rows of {@link #ROW_SCHEMA}: extremes of every kind, a row of nulls, three partitions. */
  static List<Row> rows() {
    List<Row> rows = new ArrayList<>();
    rows.add(
        Row.withSchema(ROW_SCHEMA)
            .addValues(
                1L,
                true,
                (short) -32768,
                Integer.MAX_VALUE,
                1.5f,
                -2.25e300,
                new BigDecimal("9999999999999999999999999999.9999999999"),
                new BigDecimal("-99999999999999999999999999999999999999"),
                new BigDecimal("12345678.90"),
                "Zoë ✓ 日本 😀",
                "{\"a\": [1, 2]}",
                "123e4567-e89b-12d3-a456-426614174000",
                new byte[] {0, -1, 127, -128},
                LocalDate.of(2024, 2, 29),
                LocalTime.of(23, 59, 59, 999_999_000),
                Instant.parse("2024-03-05T10:11:12.123456Z"),
                LocalDateTime.of(2024, 3, 5, 1, 2, 3, 4_000),
                "gift wrap",
                "eu",
                5)
            .build());
    rows.add(
        Row.withSchema(ROW_SCHEMA)
            .addValues(
                2L,
                false,
                (short) 32767,
                Integer.MIN_VALUE,
                -0.1f,
                0.0,
                new BigDecimal("-0.0000000001"),
                new BigDecimal("0"),
                new BigDecimal("-0.01"),
                "",
                "null",
                "00000000-0000-0000-0000-000000000000",
                new byte[0],
                LocalDate.of(1969, 12, 31),
                LocalTime.MIDNIGHT,
                Instant.parse("1969-12-31T23:59:59.999999Z"),
                LocalDateTime.of(1969, 12, 31, 23, 59, 59, 999_999_000),
                "",
                "eu",
                6)
            .build());
    List<Object> nulls = new ArrayList<>(Arrays.asList(new Object[COLUMNS.size()]));
    nulls.set(0, 3L);
    nulls.addAll(Arrays.asList("us/east", 5));
    rows.add(Row.withSchema(ROW_SCHEMA).addValues(nulls).build());
    return rows;
  }

  /** The data columns of {@code row}, as a reader without partition columns returns them. */
  static Row dataOf(Row row) {
    return Row.withSchema(DATA_SCHEMA)
        .addValues(row.getValues().subList(0, COLUMNS.size()))
        .build();
  }
}

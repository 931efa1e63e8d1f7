package dev.ferry.bench;

import dev.ferry.schemas.Secret;
import dev.ferry.schemas.convert.AvroSchemas;
import dev.ferry.schemas.inventory.Column;
import dev.ferry.schemas.inventory.Inventory;
import dev.ferry.schemas.inventory.Table;
import dev.ferry.schemas.pgsource.PostgresCatalog;
import dev.ferry.schemas.sql.JdbcLogin;
import dev.ferry.schemas.sqlite.SqliteCatalog;
import dev.ferry.schemas.types.ColumnType;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.hadoop.conf.Configuration;
import org.apache.parquet.avro.AvroParquetWriter;
import org.apache.parquet.hadoop.ParquetFileWriter;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.apache.parquet.io.LocalOutputFile;

/**
 * The ceiling for SQLite or PostgreSQL → bronze: the fastest plain loop the same libraries allow.
 * One {@code SELECT *} streamed through sqlite-jdbc or pgjdbc, one Avro {@link GenericRecord} per
 * row with the schema ferry writes ({@link AvroSchemas}: decimal as fixed, timestamp-micros, date,
 * nullable unions), one snappy Parquet file through {@link AvroParquetWriter}, with ferry's row
 * group and page sizes. No Beam, no validation, no statistics, no Delta log: whatever ferry spends
 * beyond this loop is its own overhead.
 *
 * <pre>{@code
 * java -Xmx1g -cp bench/target/ferry-bench.jar:runners/target/ferry.jar \
 *     dev.ferry.bench.ParquetCeiling bench/work/bench_1000000.db events bench/work/ceiling.parquet
 * }</pre>
 *
 * <p>For PostgreSQL the first argument is a {@code jdbc:postgresql://} URL (the table in its
 * default schema), the login {@code BENCH_PG_USER} / {@code BENCH_PG_PASSWORD} from the
 * environment; the rows are streamed in one read-only transaction, 1,000 per fetch.
 *
 * <p>Prints one line: {@code ceiling rows=N seconds=S rows_per_second=R}. Date-times are read as
 * UTC wall-clock text {@code YYYY-MM-DD HH:MM:SS[.ffffff]}, the shape the bench generates; anything
 * else fails the run, since the ceiling does not validate.
 */
public final class ParquetCeiling {

  /** The row group and page sizes ferry's Delta writer uses (PartFile), so memory compares. */
  private static final long ROW_GROUP_BYTES = 32L << 20;

  private static final int PAGE_BYTES = 1 << 20;

  private static final DateTimeFormatter DATE_TIME =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss[.SSSSSS]", Locale.ROOT);

  private ParquetCeiling() {}

  public static void main(String[] args) throws Exception {
    if (args.length != 3) {
      System.err.println("usage: ParquetCeiling DB_FILE|jdbc:postgresql://… TABLE OUT.parquet");
      System.exit(2);
    }
    String tableName = args[1];
    Path out = Path.of(args[2]);
    boolean postgres = args[0].startsWith("jdbc:postgresql:");
    if (!postgres && !Files.isRegularFile(Path.of(args[0]))) {
      System.err.println("ceiling: no SQLite file at " + args[0] + "; run bench/run.sh to make it");
      System.exit(2);
    }
    String url = postgres ? args[0] : "jdbc:sqlite:" + args[0];

    long start = System.nanoTime();
    long rows;
    if (postgres) {
      JdbcLogin login =
          JdbcLogin.of(
              url,
              System.getenv("BENCH_PG_USER"),
              Secret.of(System.getenv().getOrDefault("BENCH_PG_PASSWORD", "")));
      try (Connection conn =
          DriverManager.getConnection(url, login.user(), login.password().reveal())) {
        Table table = table(PostgresCatalog.read(conn, login), tableName, url);
        conn.setAutoCommit(false); // pgjdbc streams by the fetch size only inside a transaction
        conn.setReadOnly(true);
        rows = copy(conn, table, out, true);
      }
    } else {
      Table table = table(SqliteCatalog.read(url), tableName, url);
      try (Connection conn = DriverManager.getConnection(url)) {
        rows = copy(conn, table, out, false);
      }
    }
    double seconds = (System.nanoTime() - start) / 1e9;

    System.out.printf(
        Locale.ROOT,
        "ceiling rows=%d seconds=%.3f rows_per_second=%.0f%n",
        rows,
        seconds,
        rows / seconds);
  }

  private static Table table(Inventory inventory, String name, String url) {
    return inventory
        .table(name)
        .orElseThrow(() -> new IllegalArgumentException("no table " + name + " in " + url));
  }

  private static long copy(Connection conn, Table table, Path out, boolean postgres)
      throws IOException, SQLException {
    List<Column> columns = table.columns();
    Schema schema = AvroSchemas.of(table.name(), columns);
    Files.deleteIfExists(out);
    long rows = 0;
    try (Statement st = conn.createStatement();
        ParquetWriter<GenericRecord> writer =
            AvroParquetWriter.<GenericRecord>builder(new LocalOutputFile(out))
                .withSchema(schema)
                .withConf(new Configuration(false))
                .withCompressionCodec(CompressionCodecName.SNAPPY)
                .withRowGroupSize(ROW_GROUP_BYTES)
                .withPageSize(PAGE_BYTES)
                .withWriteMode(ParquetFileWriter.Mode.OVERWRITE)
                .build()) {
      st.setFetchSize(1000);
      String select = "SELECT * FROM \"" + table.name().replace("\"", "\"\"") + "\"";
      try (ResultSet rs = st.executeQuery(select)) {
        int n = columns.size();
        ColumnType[] types = columns.stream().map(Column::type).toArray(ColumnType[]::new);
        Schema[] fieldSchemas = new Schema[n];
        for (int i = 0; i < n; i++) {
          fieldSchemas[i] = nonNull(schema.getFields().get(i).schema());
        }
        while (rs.next()) {
          GenericData.Record record = new GenericData.Record(schema);
          for (int i = 0; i < n; i++) {
            Object stored =
                postgres && types[i].kind() == ColumnType.Kind.TIMESTAMP_LOCAL
                    ? rs.getObject(i + 1, LocalDateTime.class)
                    : rs.getObject(i + 1);
            record.put(i, stored == null ? null : toAvro(stored, types[i], fieldSchemas[i]));
          }
          writer.write(record);
          rows++;
        }
      }
    }
    return rows;
  }

  /**
   * A stored value as Avro writes it: SQLite's (Integer, Long, Double, String, byte[]) or pgjdbc's
   * (Boolean, BigDecimal, LocalDateTime for {@code timestamp}, …).
   */
  private static Object toAvro(Object stored, ColumnType type, Schema fieldSchema) {
    return switch (type.kind()) {
      case BOOLEAN -> stored instanceof Boolean b ? b : ((Number) stored).longValue() != 0;
      case INT16, INT32 -> ((Number) stored).intValue();
      case INT64 -> ((Number) stored).longValue();
      case FLOAT32 -> ((Number) stored).floatValue();
      case FLOAT64 -> ((Number) stored).doubleValue();
      case DECIMAL -> decimal(stored, type, fieldSchema);
      case STRING, JSON, UUID, TIME -> stored.toString();
      case BYTES -> ByteBuffer.wrap((byte[]) stored);
      case DATE -> (int) LocalDate.parse(stored.toString()).toEpochDay();
      case TIMESTAMP, TIMESTAMP_LOCAL ->
          micros(
              stored instanceof LocalDateTime t
                  ? t
                  : LocalDateTime.parse(stored.toString(), DATE_TIME));
    };
  }

  private static long micros(LocalDateTime t) {
    return t.toEpochSecond(ZoneOffset.UTC) * 1_000_000L + t.getNano() / 1000;
  }

  private static GenericData.Fixed decimal(Object stored, ColumnType type, Schema fixed) {
    BigDecimal value =
        stored instanceof BigDecimal b
            ? b
            : stored instanceof Double d
                ? BigDecimal.valueOf(d)
                : new BigDecimal(stored.toString());
    byte[] unscaled = value.setScale(type.scale()).unscaledValue().toByteArray();
    int size = fixed.getFixedSize();
    byte[] bytes = new byte[size];
    Arrays.fill(bytes, 0, size - unscaled.length, (byte) (unscaled[0] < 0 ? 0xFF : 0x00));
    System.arraycopy(unscaled, 0, bytes, size - unscaled.length, unscaled.length);
    return new GenericData.Fixed(fixed, bytes);
  }

  private static Schema nonNull(Schema schema) {
    return schema.getType() != Schema.Type.UNION
        ? schema
        : schema.getTypes().stream().filter(s -> s.getType() != Schema.Type.NULL).findFirst().get();
  }
}

package dev.ferry.testkit;

import io.delta.kernel.types.DataType;
import io.delta.kernel.types.IntegerType;
import io.delta.kernel.types.LongType;
import io.delta.kernel.types.ShortType;
import io.delta.kernel.types.StringType;
import io.delta.kernel.types.StructType;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Reads a Delta table's rows with DuckDB's Parquet reader — a second, unrelated implementation —
 * from exactly the data files Delta Kernel says are active (so files a failed or skipped run left
 * behind are ignored), with Hive partition columns taken from the file paths. Columns are matched
 * by name, so a column added to the table later reads NULL in files written before it, as in Delta.
 * Values are normalized like {@link DeltaKernelReader}'s: Long, Double, BigDecimal, String, byte[],
 * LocalDate, Instant, Boolean.
 *
 * <pre>{@code
 * List<Map<String, Object>> rows = DuckDbReader.read("/tmp/lake/orders");
 * }</pre>
 */
public final class DuckDbReader {

  private DuckDbReader() {}

  /** The latest version's rows. */
  public static List<Map<String, Object>> read(String deltaPath) {
    return read(DeltaKernelReader.latest(deltaPath));
  }

  /** The rows of the version {@code table} was opened at. */
  public static List<Map<String, Object>> read(DeltaKernelReader table) {
    List<String> files = table.files();
    if (files.isEmpty()) {
      return List.of();
    }
    String fileList =
        files.stream().map(DuckDbReader::literal).collect(Collectors.joining(", ", "[", "]"));
    String source =
        "read_parquet("
            + fileList
            + ", hive_partitioning = true, union_by_name = true"
            + hiveTypes(table.schema(), table.partitionColumns())
            + ")";
    try (Connection c = DriverManager.getConnection("jdbc:duckdb:");
        Statement s = c.createStatement()) {
      List<String[]> columns = describe(s, source);
      return select(s, source, columns);
    } catch (SQLException e) {
      throw new IllegalStateException("DuckDB cannot read " + files.size() + " files", e);
    }
  }

  private static List<String[]> describe(Statement s, String source) throws SQLException {
    List<String[]> columns = new ArrayList<>();
    try (ResultSet rs = s.executeQuery("DESCRIBE SELECT * FROM " + source)) {
      while (rs.next()) {
        columns.add(new String[] {rs.getString("column_name"), rs.getString("column_type")});
      }
    }
    return columns;
  }

  private static List<Map<String, Object>> select(
      Statement s, String source, List<String[]> columns) throws SQLException {
    // Timestamps come out as epoch micros so no session time zone can shift them.
    String list =
        columns.stream()
            .map(c -> isTimestamp(c[1]) ? "epoch_us(" + ident(c[0]) + ")" : ident(c[0]))
            .collect(Collectors.joining(", "));
    List<Map<String, Object>> rows = new ArrayList<>();
    try (ResultSet rs = s.executeQuery("SELECT " + list + " FROM " + source)) {
      while (rs.next()) {
        Map<String, Object> row = new LinkedHashMap<>();
        for (int i = 0; i < columns.size(); i++) {
          row.put(columns.get(i)[0], value(rs, i + 1, columns.get(i)[1]));
        }
        rows.add(row);
      }
    }
    return rows;
  }

  private static Object value(ResultSet rs, int i, String type) throws SQLException {
    if (rs.getObject(i) == null) {
      return null;
    }
    if (isTimestamp(type)) {
      long micros = rs.getLong(i);
      return Instant.ofEpochSecond(
          Math.floorDiv(micros, 1_000_000L), Math.floorMod(micros, 1_000_000L) * 1000);
    }
    if (type.equals("DATE")) {
      return rs.getObject(i, LocalDate.class);
    }
    if (type.equals("BLOB")) {
      return rs.getBytes(i);
    }
    if (type.startsWith("DECIMAL")) {
      return rs.getObject(i, BigDecimal.class);
    }
    return TableChecksum.normalize(rs.getObject(i));
  }

  private static boolean isTimestamp(String type) {
    return type.startsWith("TIMESTAMP");
  }

  private static String hiveTypes(StructType schema, List<String> partitionColumns) {
    if (partitionColumns.isEmpty()) {
      return "";
    }
    return partitionColumns.stream()
        .map(p -> literal(p) + ": '" + duckType(schema.get(p).getDataType()) + "'")
        .collect(Collectors.joining(", ", ", hive_types = {", "}"));
  }

  private static String duckType(DataType type) {
    if (type instanceof ShortType) {
      return "SMALLINT";
    } else if (type instanceof IntegerType) {
      return "INTEGER";
    } else if (type instanceof LongType) {
      return "BIGINT";
    } else if (type instanceof StringType) {
      return "VARCHAR";
    }
    throw new IllegalArgumentException("partition type " + type + " is not handled by this reader");
  }

  private static String literal(String s) {
    return "'" + s.replace("'", "''") + "'";
  }

  private static String ident(String s) {
    return "\"" + s.replace("\"", "\"\"") + "\"";
  }
}

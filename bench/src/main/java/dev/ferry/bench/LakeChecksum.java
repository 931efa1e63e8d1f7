package dev.ferry.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.stream.Collectors;

/**
 * An order-independent fingerprint of Parquet files, read by DuckDB (not by ferry's own reader):
 * the row count and the sum of DuckDB's {@code hash()} over the named columns of every row. Two
 * reads of the same rows in any order, split into any files, give the same figures, so a rewritten
 * Delta table can be compared with the one before without sorting or keys. Which files are active
 * is the caller's business (bench/backfill.sh replays the Delta log).
 *
 * <pre>{@code
 * java -cp "$(cat bench/target/classpath.txt):bench/target/ferry-bench.jar" \
 *     dev.ferry.bench.LakeChecksum files.txt id,event_time,user_id,amount,kind,payload
 * }</pre>
 *
 * <p>{@code files.txt} holds one Parquet path a line. Prints one line: {@code rows=N checksum=S}.
 */
public final class LakeChecksum {

  private LakeChecksum() {}

  public static void main(String[] args) throws Exception {
    if (args.length != 2) {
      System.err.println("usage: LakeChecksum FILES.txt COLUMN[,COLUMN…]");
      System.exit(2);
    }
    List<String> files =
        Files.readAllLines(Path.of(args[0])).stream().filter(l -> !l.isBlank()).toList();
    if (files.isEmpty()) {
      System.out.println("rows=0 checksum=0");
      return;
    }
    String columns =
        List.of(args[1].split(",")).stream()
            .map(c -> '"' + c.replace("\"", "\"\"") + '"')
            .collect(Collectors.joining(", "));
    String list =
        files.stream()
            .map(f -> "'" + f.replace("'", "''") + "'")
            .collect(Collectors.joining(", ", "[", "]"));
    System.out.println(checksum(list, columns));
  }

  private static String checksum(String files, String columns) throws SQLException {
    try (Connection c = DriverManager.getConnection("jdbc:duckdb:");
        Statement st = c.createStatement()) {
      st.execute("SET threads = 2");
      st.execute("SET memory_limit = '1GB'");
      try (ResultSet rs =
          st.executeQuery(
              "SELECT count(*), coalesce(sum(hash("
                  + columns
                  + ")::HUGEINT), 0)::VARCHAR FROM read_parquet("
                  + files
                  + ")")) {
        rs.next();
        return "rows=" + rs.getLong(1) + " checksum=" + rs.getString(2);
      }
    }
  }
}

package dev.ferry.pipelines.verify;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ferry.schemas.SourceException;
import dev.ferry.schemas.inventory.Table;
import dev.ferry.schemas.postgres.PostgresDdl;
import dev.ferry.schemas.sql.Identifiers;
import dev.ferry.schemas.sql.JdbcLogin;
import dev.ferry.transforms.deadletter.FailedRow;
import dev.ferry.transforms.postgres.WritePostgresDeadLetters;
import dev.ferry.transforms.verify.RowImages;
import java.io.IOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The keys of a table's rows that a PostgreSQL target refused when the job wrote them (a NUL byte,
 * a value out of PostgreSQL's range): the source still holds them and the target never will, and
 * the job's dead-letter table names them. Verify counts them as rejected rather than missing.
 *
 * <p>Rows rejected before the write (unreadable, normalized or validated away) need no lookup: the
 * source side of verify rejects them again with the job's own steps. Every run of the job counts
 * here; a key a later run did write is in the target, so it is never looked up.
 */
final class RejectedAtWrite {

  private static final ObjectMapper JSON = new ObjectMapper();

  private RejectedAtWrite() {}

  /** The keys as a drill-down shows them ({@code id=90}); empty for a table without a key. */
  static Set<String> keys(JdbcLogin login, String schema, String job, Table t, PostgresDdl ddl) {
    if (t.primaryKey().isEmpty()) {
      return Set.of();
    }
    List<String> targetNames = ddl.columns(t.name());
    Set<String> keys = new HashSet<>();
    try {
      for (String original : originals(login, schema, job, t.name())) {
        JsonNode values = JSON.readTree(original);
        List<String> key = new ArrayList<>();
        for (String column : t.primaryKey()) {
          int i = t.columns().indexOf(t.column(column).orElseThrow());
          key.add(column + "=" + RowImages.show(value(values.get(targetNames.get(i)))));
        }
        keys.add(String.join(", ", key));
      }
    } catch (IOException e) {
      throw new SourceException(
          "cannot read the dead letters of table " + t.name() + ": " + e.getMessage(), e);
    }
    return keys;
  }

  /**
   * The original values (as JSON) the job's write-stage dead letters hold under {@code name}: a
   * table's rows, or a collection's documents ({@code TableMetrics.documents}); none when the job
   * never wrote dead letters there.
   */
  static List<String> originals(JdbcLogin login, String schema, String job, String name) {
    String sql =
        "SELECT row_values FROM "
            + Identifiers.quote(schema)
            + "."
            + Identifiers.quote(WritePostgresDeadLetters.TABLE)
            + " WHERE job = ? AND table_name = ? AND stage = ?";
    List<String> originals = new ArrayList<>();
    try (Connection c = login.connect()) {
      if (!exists(c, schema)) {
        return List.of();
      }
      try (PreparedStatement s = c.prepareStatement(sql)) {
        s.setString(1, job);
        s.setString(2, name);
        s.setString(3, FailedRow.WRITE);
        try (ResultSet rs = s.executeQuery()) {
          while (rs.next()) {
            originals.add(rs.getString(1));
          }
        }
      }
    } catch (SQLException e) {
      throw new SourceException(
          "cannot read the dead letters of " + name + ": " + e.getMessage(), e);
    }
    return originals;
  }

  private static boolean exists(Connection c, String schema) throws SQLException {
    try (PreparedStatement s =
        c.prepareStatement(
            "SELECT 1 FROM information_schema.tables WHERE table_schema = ? AND table_name = ?")) {
      s.setString(1, schema);
      s.setString(2, WritePostgresDeadLetters.TABLE);
      try (ResultSet rs = s.executeQuery()) {
        return rs.next();
      }
    }
  }

  /** The value a key column's JSON holds, as the reader would give it (whole numbers as longs). */
  private static Object value(JsonNode node) {
    if (node == null || node.isNull()) {
      return null;
    }
    if (node.isIntegralNumber()) {
      return node.asLong();
    }
    return node.isTextual() ? node.asText() : node.toString();
  }
}

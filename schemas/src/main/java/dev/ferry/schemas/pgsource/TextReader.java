package dev.ferry.schemas.pgsource;

import dev.ferry.schemas.types.Utf8;
import dev.ferry.schemas.types.ValueRejected;
import java.io.Serializable;
import java.sql.ResultSet;
import java.sql.SQLException;
import org.postgresql.PGConnection;

/**
 * Reads a text value. A database in any real encoding holds only valid text, and the driver decodes
 * it. A {@code SQL_ASCII} database stores whatever bytes a client sent: when the URL allows it
 * ({@code allowEncodingChanges=true}), {@link PostgresSourceDialect#prepareRead} switches the
 * session to {@code SQL_ASCII} and the raw bytes are decoded here as UTF-8 under the job's policy
 * for invalid text (reject the row, or replace bad bytes). Otherwise the server itself refuses to
 * send invalid UTF-8 and the read fails with a message that says so.
 */
final class TextReader implements Serializable {
  private static final long serialVersionUID = 1L;

  /** The result set last asked about, and whether its session sends raw bytes. */
  private record Probe(ResultSet rs, boolean rawBytes) {}

  private final boolean bytea;
  private final Utf8.Policy invalidUtf8;
  private transient volatile Probe last;

  TextReader(String sourceType, Utf8.Policy invalidUtf8) {
    // A bytea's text is its hex form; its bytes would be the decoded binary.
    this.bytea = sourceType.equals("bytea");
    this.invalidUtf8 = invalidUtf8;
  }

  String read(ResultSet rs, int index) throws SQLException, ValueRejected {
    if (bytea || !rawBytes(rs)) {
      return rs.getString(index);
    }
    byte[] bytes = rs.getBytes(index);
    return bytes == null ? null : Utf8.decode(bytes, invalidUtf8);
  }

  private boolean rawBytes(ResultSet rs) throws SQLException {
    Probe probe = last;
    if (probe == null || probe.rs() != rs) {
      String encoding =
          rs.getStatement()
              .getConnection()
              .unwrap(PGConnection.class)
              .getParameterStatus("client_encoding");
      probe = new Probe(rs, "SQL_ASCII".equalsIgnoreCase(encoding));
      last = probe;
    }
    return probe.rawBytes();
  }
}

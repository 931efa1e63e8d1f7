package dev.ferry.schemas.sql;

import dev.ferry.schemas.types.ValueRejected;
import java.io.Serializable;
import java.sql.ResultSet;
import java.sql.SQLException;

/**
 * Reads one column of a JDBC result row as the Beam value of the column's logical type (see {@code
 * BeamSchemas}): Boolean, Short, Integer, Long, Float, Double, BigDecimal, String (text, JSON,
 * UUID, and kept PostgreSQL types in their text form), byte[], LocalDate, LocalTime, Instant
 * (timestamp, microseconds), LocalDateTime (timestamp_local).
 */
@FunctionalInterface
public interface ColumnReader extends Serializable {

  /**
   * The value at {@code index} (1-based) of {@code rs}'s current row, or {@code null} for SQL NULL
   * and for values the mapping turns into NULL (zero dates, reported to {@code events}).
   *
   * @throws ValueRejected when the stored value does not fit the column: the row goes to dead
   *     letters with this reason
   */
  Object read(ResultSet rs, int index, ReadEvents events) throws SQLException, ValueRejected;
}

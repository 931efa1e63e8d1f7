package dev.ferry.schemas.mysql;

import dev.ferry.schemas.inventory.Column;
import dev.ferry.schemas.mysql.MysqlTypes.Mapping;
import dev.ferry.schemas.sql.ColumnReader;
import dev.ferry.schemas.sql.ReadOptions;
import dev.ferry.schemas.types.ColumnType;
import dev.ferry.schemas.types.FloatText;
import dev.ferry.schemas.types.Utf8;
import dev.ferry.schemas.types.Values;
import java.time.ZoneId;
import java.util.List;

/**
 * Builds the {@link ColumnReader} of a MySQL column: how the value is taken from the row follows
 * the source type ({@link MysqlTypes.Stored}), what it becomes follows the column's current logical
 * type, which a cast may have changed. Numbers and dates are taken as the server's text, character
 * data and bits as bytes, so no driver option (tinyInt1isBit, zeroDateTimeBehavior, time zones)
 * changes a value, and text that is not UTF-8 is seen rather than silently replaced.
 */
final class MysqlReaders {

  private MysqlReaders() {}

  static ColumnReader of(Column column, ReadOptions options) {
    Mapping source = MysqlTypes.map(column.sourceType());
    ColumnType type = column.type();
    ZoneId zone = options.zone();
    Utf8.Policy utf8 = options.invalidUtf8();
    String name = column.name();
    return switch (source.stored()) {
      case INTEGER ->
          (rs, i, events) -> {
            long v = rs.getLong(i);
            return rs.wasNull() ? null : MysqlValues.fromInteger(v, type);
          };
      case UNSIGNED_BIGINT ->
          (rs, i, events) -> {
            String text = rs.getString(i);
            return text == null ? null : MysqlValues.fromUnsigned(text, type);
          };
      case BIT -> {
        int width = MysqlTypes.bitWidth(column.sourceType());
        yield (rs, i, events) -> {
          byte[] bits = rs.getBytes(i);
          return bits == null ? null : MysqlValues.fromBits(bits, width, type);
        };
      }
      case FLOAT ->
          (rs, i, events) -> {
            String text = rs.getString(i);
            return text == null ? null : MysqlValues.fromFloat(text, type);
          };
      case DOUBLE ->
          (rs, i, events) -> {
            String text = rs.getString(i);
            return text == null ? null : Values.fromDouble(FloatText.parseDouble(text), type);
          };
      case DECIMAL ->
          (rs, i, events) -> {
            String text = rs.getString(i);
            return text == null ? null : MysqlValues.fromDecimal(text, type);
          };
      case YEAR ->
          (rs, i, events) -> {
            String text = rs.getString(i);
            return text == null ? null : Values.fromText(text, type, zone);
          };
      case TEXT, GEOMETRY ->
          (rs, i, events) -> {
            byte[] bytes = rs.getBytes(i);
            if (bytes == null || type.kind() == ColumnType.Kind.BYTES) {
              return bytes; // text cast to bytes keeps its bytes, valid UTF-8 or not
            }
            return Values.fromText(Utf8.decode(bytes, utf8), type, zone);
          };
      case ENUM -> {
        List<String> labels = MysqlTypes.labels(column.sourceType());
        yield (rs, i, events) -> {
          byte[] bytes = rs.getBytes(i);
          return bytes == null
              ? null
              : MysqlValues.fromEnum(Utf8.decode(bytes, utf8), labels, type, zone);
        };
      }
      case SET -> {
        boolean keptArray = column.pgType() != null;
        yield (rs, i, events) -> {
          byte[] bytes = rs.getBytes(i);
          return bytes == null
              ? null
              : MysqlValues.fromSet(Utf8.decode(bytes, utf8), keptArray, type, zone);
        };
      }
      case BINARY ->
          (rs, i, events) -> {
            byte[] bytes = rs.getBytes(i);
            return bytes == null ? null : MysqlValues.fromBinary(bytes, type, zone, utf8);
          };
      case DATE, DATETIME ->
          (rs, i, events) -> {
            String text = rs.getString(i);
            if (text == null) {
              return null;
            }
            if (MysqlValues.isZeroDate(text)) {
              events.zeroDate(name);
              return null;
            }
            return Values.fromText(text, type, zone);
          };
      case TIMESTAMP ->
          (rs, i, events) -> {
            String text = rs.getString(i);
            if (text == null) {
              return null;
            }
            if (MysqlValues.isZeroDate(text)) {
              events.zeroDate(name);
              return null;
            }
            return MysqlValues.fromTimestamp(text, type, zone);
          };
      case TIME ->
          (rs, i, events) -> {
            String text = rs.getString(i);
            return text == null ? null : MysqlValues.fromTime(text, type, zone);
          };
    };
  }
}

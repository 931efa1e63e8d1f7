package dev.ferry.transforms.validate;

import dev.ferry.schemas.types.ColumnType;
import java.util.Locale;
import org.apache.beam.sdk.schemas.Schema.FieldType;
import org.apache.beam.sdk.schemas.logicaltypes.SqlTypes;

/**
 * What a row field holds, as far as rules care: the rule's bounds and lists are read in this kind
 * so they compare with the values (a {@code min} of a date column is a date, not text).
 */
enum ValueKind {
  BOOLEAN,
  NUMBER,
  TEXT,
  BYTES,
  DATE,
  TIME,
  TIMESTAMP,
  TIMESTAMP_LOCAL,
  /** Arrays, maps, nested rows and logical types ferry does not produce. */
  OTHER;

  static ValueKind of(FieldType type) {
    switch (type.getTypeName()) {
      case BOOLEAN:
        return BOOLEAN;
      case BYTE, INT16, INT32, INT64, FLOAT, DOUBLE, DECIMAL:
        return NUMBER;
      case STRING:
        return TEXT;
      case BYTES:
        return BYTES;
      case LOGICAL_TYPE:
        String id = type.getLogicalType().getIdentifier();
        if (id.equals(SqlTypes.DATE.getIdentifier())) {
          return DATE;
        }
        if (id.equals(SqlTypes.TIME.getIdentifier())) {
          return TIME;
        }
        if (id.equals(SqlTypes.TIMESTAMP.getIdentifier())) {
          return TIMESTAMP;
        }
        if (id.equals(SqlTypes.DATETIME.getIdentifier())) {
          return TIMESTAMP_LOCAL;
        }
        return OTHER;
      default:
        return OTHER;
    }
  }

  /** Whether values of this kind have an order, so {@code min} and {@code max} apply. */
  boolean ordered() {
    return this != BOOLEAN && this != BYTES && this != OTHER;
  }

  /** Whether values of this kind have a text form {@code in} and {@code regex} can compare. */
  boolean hasText() {
    return this != BYTES && this != OTHER;
  }

  /** The logical type config text is parsed into for time kinds, or null for the others. */
  ColumnType timeType() {
    return switch (this) {
      case DATE -> ColumnType.of(ColumnType.Kind.DATE);
      case TIME -> ColumnType.of(ColumnType.Kind.TIME);
      case TIMESTAMP -> ColumnType.of(ColumnType.Kind.TIMESTAMP);
      case TIMESTAMP_LOCAL -> ColumnType.of(ColumnType.Kind.TIMESTAMP_LOCAL);
      default -> null;
    };
  }

  /** How error messages name the kind: "a number column", "a bytes column". */
  String label() {
    return switch (this) {
      case OTHER -> "a nested or array";
      case NUMBER -> "a number";
      default -> "a " + name().toLowerCase(Locale.ROOT).replace('_', ' ');
    };
  }
}

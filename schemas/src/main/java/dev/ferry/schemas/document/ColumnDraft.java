package dev.ferry.schemas.document;

import dev.ferry.schemas.document.BsonTypes.ValueType;
import dev.ferry.schemas.types.ColumnType;
import java.util.List;

/** A column as decided, before names are settled. */
final class ColumnDraft {
  final String name;
  final boolean explicit;
  final List<String> keys;
  final String shown;
  final ColumnType type;
  final String pgType;
  final boolean notNull;
  final String sourceType;

  ColumnDraft(
      String name,
      boolean explicit,
      List<String> keys,
      String shown,
      ValueType value,
      String pgType,
      boolean notNull,
      String sourceType) {
    this.name = name;
    this.explicit = explicit;
    this.keys = keys;
    this.shown = shown;
    this.type = value.columnType();
    this.pgType = pgType;
    this.notNull = notNull;
    this.sourceType = sourceType;
  }
}

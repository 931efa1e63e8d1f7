package dev.ferry.transforms.validate;

import dev.ferry.schemas.convert.BeamSchemas;
import dev.ferry.schemas.inventory.Column;
import dev.ferry.schemas.inventory.Table;
import dev.ferry.schemas.types.ColumnType;
import dev.ferry.schemas.types.ColumnType.Kind;
import java.util.List;
import java.util.Optional;
import org.apache.beam.sdk.schemas.Schema;
import org.apache.beam.sdk.values.Row;

/** A test table with a column of each kind the rules care about. */
final class Orders {

  static final List<Column> COLUMNS =
      List.of(
          column("id", ColumnType.of(Kind.INT64), false),
          column("email", ColumnType.string(0), true),
          column("name", ColumnType.string(40), false),
          column("quantity", ColumnType.of(Kind.INT32), true),
          column("price", ColumnType.decimal(10, 2), true),
          column("weight", ColumnType.of(Kind.FLOAT64), true),
          column("status", ColumnType.string(0), true),
          column("note", ColumnType.string(0), true),
          column("paid", ColumnType.of(Kind.BOOLEAN), true),
          column("shipped", ColumnType.of(Kind.DATE), true),
          column("created", ColumnType.of(Kind.TIMESTAMP), true),
          column("doc", ColumnType.of(Kind.JSON), true),
          column("photo", ColumnType.of(Kind.BYTES), true));

  static final Table TABLE =
      new Table("orders", COLUMNS, List.of("id"), List.of(), List.of(), -1, Optional.empty());

  static final Schema SCHEMA = BeamSchemas.of(COLUMNS);

  private Orders() {}

  private static Column column(String name, ColumnType type, boolean nullable) {
    return new Column(name, "", type, nullable, null);
  }

  /** A row with {@code id} and the given name/value pairs; other fields are NULL. */
  static Row row(long id, Object... namesAndValues) {
    Row.FieldValueBuilder b = Row.withSchema(SCHEMA).withFieldValue("id", id);
    for (int i = 0; i < namesAndValues.length; i += 2) {
      b = b.withFieldValue((String) namesAndValues[i], namesAndValues[i + 1]);
    }
    return b.build();
  }
}

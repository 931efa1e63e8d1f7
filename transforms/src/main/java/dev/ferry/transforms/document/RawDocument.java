package dev.ferry.transforms.document;

import dev.ferry.schemas.convert.BeamSchemas;
import dev.ferry.schemas.document.ExtendedJson;
import dev.ferry.schemas.inventory.Column;
import dev.ferry.schemas.types.ColumnType;
import java.util.ArrayList;
import java.util.List;
import org.apache.beam.sdk.schemas.Schema;
import org.apache.beam.sdk.values.Row;
import org.bson.BsonDocument;
import org.bson.BsonValue;

/**
 * A document kept as it was read, as the lakehouse's bronze layer stores it: its {@code _id} and
 * the whole document as {@link ExtendedJson} text, which reads back ({@code BsonDocument.parse}) as
 * the very document, types and key order included.
 */
public final class RawDocument {

  public static final String ID = "_id";
  public static final String DOCUMENT = "document";

  /** The columns of a raw document row; a bronze table adds the ingest columns after them. */
  public static final List<Column> COLUMNS =
      List.of(
          new Column(ID, "_id as Extended JSON", ColumnType.string(0), true, null),
          new Column(
              DOCUMENT,
              "document as Extended JSON",
              ColumnType.of(ColumnType.Kind.JSON),
              false,
              null));

  public static final Schema SCHEMA = BeamSchemas.of(COLUMNS);

  private RawDocument() {}

  /** {@code document} as a row of {@link #COLUMNS}; the {@code _id} is null when it has none. */
  public static Row row(BsonDocument document) {
    BsonValue id = document.get(ID);
    List<Object> values = new ArrayList<>(2);
    values.add(id == null ? null : ExtendedJson.value(id));
    values.add(ExtendedJson.of(document));
    return Row.withSchema(SCHEMA).attachValues(values);
  }
}

package dev.ferry.schemas.document;

import org.bson.BsonDocument;
import org.bson.BsonValue;
import org.bson.json.JsonMode;
import org.bson.json.JsonWriterSettings;

/**
 * BSON values as the JSON that jsonb columns ({@code _extra}, {@code json: true}, type conflicts)
 * hold: MongoDB's Relaxed Extended JSON v2, except that INT64 keeps its wrapper.
 *
 * <ul>
 *   <li>INT32 and finite DOUBLE are plain JSON numbers, a double always with a point or an exponent
 *       ({@code 1.0}); strings, booleans, null, documents and arrays are plain JSON.
 *   <li>INT64 is {@code {"$numberLong": "42"}}: plain Relaxed JSON would read back as INT32.
 *   <li>Everything else keeps its Extended JSON wrapper: {@code {"$oid": …}}, {@code
 *       {"$numberDecimal": "…"}}, {@code {"$date": "2024-05-01T12:00:00Z"}} (or {@code {"$date":
 *       {"$numberLong": …}}} outside 1970–9999), {@code {"$binary": {"base64": …, "subType":
 *       "04"}}}, {@code {"$numberDouble": "NaN"}}…
 * </ul>
 *
 * <p>So the text round-trips: {@code BsonDocument.parse} (or {@code JsonReader}) gives back the
 * very values, types included, while most fields stay queryable as plain jsonb. Key order is kept
 * in the text; jsonb itself orders keys its own way. The lakehouse's bronze layer keeps whole
 * documents in this form for the same reasons.
 */
public final class ExtendedJson {

  private static final JsonWriterSettings SETTINGS =
      JsonWriterSettings.builder()
          .outputMode(JsonMode.RELAXED)
          .int64Converter(
              (value, writer) -> {
                writer.writeStartObject();
                writer.writeString("$numberLong", Long.toString(value));
                writer.writeEndObject();
              })
          .build();

  private static final String WRAP_KEY = "v";
  private static final String WRAP_START = "{\"" + WRAP_KEY + "\": ";

  private ExtendedJson() {}

  /** A document as Extended JSON text. */
  public static String of(BsonDocument document) {
    return document.toJson(SETTINGS);
  }

  /**
   * Any value as Extended JSON text: {@code 5}, {@code "text"}, {@code {"$oid": "…"}}, {@code [1,
   * 2]}.
   */
  public static String value(BsonValue value) {
    if (value.isDocument()) {
      return of(value.asDocument());
    }
    // The writer only starts at a document: write the value as one member and keep the member's
    // value.
    String wrapped = of(new BsonDocument(WRAP_KEY, value));
    if (!wrapped.startsWith(WRAP_START) || !wrapped.endsWith("}")) {
      throw new IllegalStateException("unexpected Extended JSON layout: " + wrapped);
    }
    return wrapped.substring(WRAP_START.length(), wrapped.length() - 1);
  }
}

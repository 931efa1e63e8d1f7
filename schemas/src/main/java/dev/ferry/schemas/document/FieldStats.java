package dev.ferry.schemas.document;

import java.io.Serializable;
import java.util.Map;

/**
 * What sampling saw at one path: how many sampled documents had it, and how often each BSON type
 * occurred there ({@code null} counted as its own type, so null and missing stay apart).
 *
 * @param types occurrences per BSON type name as {@code org.bson.BsonType#name()} spells it ({@code
 *     INT32}, {@code INT64}, {@code DOUBLE}, {@code DECIMAL128}, {@code STRING}, {@code OBJECT_ID},
 *     {@code DATE_TIME}, {@code BINARY}, {@code BOOLEAN}, {@code DOCUMENT}, {@code ARRAY}, {@code
 *     NULL}…), in descending count
 * @param documents sampled documents in which the path occurs at least once
 */
public record FieldStats(FieldPath path, Map<String, Long> types, long documents)
    implements Serializable {

  public FieldStats {
    types = Map.copyOf(types);
  }
}

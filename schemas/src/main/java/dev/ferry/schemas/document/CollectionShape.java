package dev.ferry.schemas.document;

import java.io.Serializable;
import java.util.List;
import java.util.Optional;

/**
 * A collection's shape as sampled: every field path seen, with its BSON types and frequency. {@code
 * ferry inspect mongodb://…} prints it; flattening derives tables and column types from it.
 *
 * @param sampled how many documents were sampled
 * @param estimatedCount the collection's document count estimate, -1 when unknown
 * @param fields every path seen, parents before children, in first-seen order
 */
public record CollectionShape(
    String collection, long sampled, long estimatedCount, List<FieldStats> fields)
    implements Serializable {

  public CollectionShape {
    fields = List.copyOf(fields);
  }

  public Optional<FieldStats> field(FieldPath path) {
    return fields.stream().filter(f -> f.path().equals(path)).findFirst();
  }
}

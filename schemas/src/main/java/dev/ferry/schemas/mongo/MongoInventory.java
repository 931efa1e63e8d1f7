package dev.ferry.schemas.mongo;

import dev.ferry.schemas.inventory.SourceObject;
import java.io.Serializable;
import java.util.List;
import java.util.Optional;

/**
 * What a MongoDB database holds, as {@code ferry inspect mongodb://…} shows it.
 *
 * @param source the URL, safe to print ({@link MongoLogin#displayUrl()})
 * @param collections the collections ferry can copy, by name, each with its sampled shape
 * @param notCopied views and system collections: listed, never copied
 */
public record MongoInventory(
    String source,
    String database,
    List<SampledCollection> collections,
    List<SourceObject> notCopied)
    implements Serializable {

  public MongoInventory {
    collections = List.copyOf(collections);
    notCopied = List.copyOf(notCopied);
  }

  public Optional<SampledCollection> collection(String name) {
    return collections.stream().filter(c -> c.name().equals(name)).findFirst();
  }
}

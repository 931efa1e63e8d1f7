package dev.ferry.transforms.read;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoCursor;
import org.apache.beam.sdk.transforms.SerializableFunction;
import org.bson.BsonDocument;
import org.bson.Document;

/**
 * The query of an unsplit read: MongoDbIO's {@code FindQuery} with a cursor batch size, which
 * {@code FindQuery} does not set. Without one, a server is free to answer a {@code getMore} with
 * everything left: mongod stops at 16 MB a batch, but other servers speaking the protocol (the
 * MongoDB-protocol server ferry's tests and examples run) send the rest of the collection in one
 * reply and the driver refuses it (a message over 48 MB). MongoDbIO splits only {@code FindQuery}s,
 * so split reads keep it; a split range is small anyway.
 *
 * @param filter the query document, or null for every document
 * @param batchSize documents per cursor batch
 */
record BatchedFind(BsonDocument filter, int batchSize)
    implements SerializableFunction<MongoCollection<Document>, MongoCursor<Document>> {

  /** Documents per batch: a few MB of typical documents; mongod caps a batch at 16 MB anyway. */
  static final int DEFAULT_BATCH_SIZE = 1_000;

  @Override
  public MongoCursor<Document> apply(MongoCollection<Document> collection) {
    return collection
        .find(filter == null ? new BsonDocument() : filter)
        .batchSize(batchSize)
        .iterator();
  }
}

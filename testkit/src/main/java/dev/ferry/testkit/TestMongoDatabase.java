package dev.ferry.testkit;

import com.mongodb.client.MongoCollection;
import java.util.List;
import org.bson.BsonArray;
import org.bson.BsonDocument;
import org.bson.BsonValue;

/**
 * One database on {@link MongoServer}, with what a test needs to fill it and to point ferry at it.
 * Handed to tests by {@link MongoExtension}, or returned by {@link MongoServer#createDatabase}.
 *
 * @param name the database's name
 */
public record TestMongoDatabase(MongoServer server, String name) {

  /** {@code mongodb://127.0.0.1:PORT/NAME}. */
  public String connectionString() {
    return server.connectionString(name);
  }

  /** A collection of this database, its documents read as {@link BsonDocument}s. */
  public MongoCollection<BsonDocument> collection(String collection) {
    return server.database(name).getCollection(collection, BsonDocument.class);
  }

  /**
   * Inserts the documents of a JSON array in Extended JSON (relaxed, canonical or shell mode, the
   * format of {@code mongoexport --jsonArray}) into {@code collection}, in order, and returns them.
   */
  public List<BsonDocument> insertJson(String collection, String jsonArray) {
    List<BsonDocument> documents =
        BsonArray.parse(jsonArray).stream().map(BsonValue::asDocument).toList();
    insert(collection, documents);
    return documents;
  }

  /** Inserts {@code documents} into {@code collection}, in order. */
  public void insert(String collection, List<BsonDocument> documents) {
    if (!documents.isEmpty()) {
      collection(collection).insertMany(documents);
    }
  }

  @Override
  public String toString() {
    return "TestMongoDatabase[" + connectionString() + "]";
  }
}

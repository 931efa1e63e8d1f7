package dev.ferry.bench;

import com.mongodb.ConnectionString;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCursor;
import java.util.Locale;
import org.bson.BsonDocument;

/**
 * How fast the source serves documents at all: the MongoDB driver's {@code find()} over the
 * collection, every document decoded as {@link MongoCopyBaseline} decodes it, nothing written.
 * Neither ferry nor the baseline can read faster than this, so it says how much of their time is
 * the source's (on mongo-java-server, most of it).
 *
 * <pre>{@code
 * java -cp "$(cat bench/target/classpath.txt):bench/target/ferry-bench.jar" \
 *     dev.ferry.bench.MongoReadCeiling mongodb://127.0.0.1:27017/credit contracts
 * }</pre>
 *
 * <p>Prints one line: {@code read documents=N fields=F seconds=S docs_per_second=D} (the top-level
 * field count only keeps the decoding from being optimised away).
 */
public final class MongoReadCeiling {

  private MongoReadCeiling() {}

  public static void main(String[] args) {
    if (args.length != 2) {
      System.err.println("usage: MongoReadCeiling MONGO_URL COLLECTION");
      System.exit(2);
    }
    ConnectionString url = new ConnectionString(args[0]);
    long start = System.nanoTime();
    long documents = 0;
    long fields = 0;
    try (MongoClient mongo = MongoClients.create(url);
        MongoCursor<BsonDocument> cursor =
            mongo
                .getDatabase(url.getDatabase())
                .getCollection(args[1], BsonDocument.class)
                .find()
                .iterator()) {
      while (cursor.hasNext()) {
        fields += cursor.next().size();
        documents++;
      }
    }
    double seconds = (System.nanoTime() - start) / 1e9;
    System.out.printf(
        Locale.ROOT,
        "read documents=%d fields=%d seconds=%.3f docs_per_second=%.0f%n",
        documents,
        fields,
        seconds,
        documents / seconds);
  }
}

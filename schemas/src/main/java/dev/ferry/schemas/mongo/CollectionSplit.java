package dev.ferry.schemas.mongo;

import com.mongodb.MongoCommandException;
import com.mongodb.MongoException;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Projections;
import com.mongodb.client.model.Sorts;
import java.io.Serializable;
import java.util.List;
import java.util.Locale;
import org.bson.BsonDocument;
import org.bson.BsonInt32;
import org.bson.BsonInt64;
import org.bson.BsonString;
import org.bson.BsonValue;

/**
 * How a collection is read: in parallel {@code _id} ranges or by one reader, and why. {@link
 * #probe} asks the server; {@link #describe()} is the line a run summary prints.
 *
 * <p>Beam's MongoDbIO (2.70) splits a collection only when told a number of splits, and then with
 * the {@code splitVector} command or a {@code $bucketAuto} stage; it writes the range bounds as
 * {@code ObjectId(…)}, so it can split only collections whose {@code _id}s are all ObjectIds. The
 * probe checks exactly that, cheaply (the smallest and largest {@code _id} by the index: ObjectIds
 * are one contiguous band in MongoDB's sort order), and whether the server runs either command.
 * {@code splitVector} needs a mongod (not mongos) and the {@code splitVector} privilege; {@code
 * $bucketAuto} runs anywhere a read runs but scans the {@code _id} index once.
 *
 * @param method how the ranges are found, or {@link Method#SINGLE}
 * @param splits ranges to ask MongoDbIO for (1 for a single reader)
 * @param reason why, as a person reads it
 */
public record CollectionSplit(Method method, int splits, String reason) implements Serializable {

  /** Target bytes of one range: big enough that a range is worth a worker. */
  public static final long DEFAULT_BYTES_PER_SPLIT = 64L << 20;

  /** Never ask for more ranges than this, however big the collection. */
  public static final int MAX_SPLITS = 1024;

  /** How MongoDbIO finds the ranges. */
  public enum Method {
    SINGLE,
    SPLIT_VECTOR,
    BUCKET_AUTO
  }

  public static CollectionSplit single(String reason) {
    return new CollectionSplit(Method.SINGLE, 1, reason);
  }

  public boolean parallel() {
    return method != Method.SINGLE;
  }

  /** "parallel: 12 _id ranges by splitVector" or "one reader: the server has no splitVector…". */
  public String describe() {
    return switch (method) {
      case SINGLE -> "one reader: " + reason;
      case SPLIT_VECTOR -> "parallel: " + splits + " _id ranges by splitVector (" + reason + ")";
      case BUCKET_AUTO -> "parallel: " + splits + " _id ranges by $bucketAuto (" + reason + ")";
    };
  }

  /**
   * Asks the server how {@code collection} can be read, aiming at {@code bytesPerSplit} bytes per
   * range.
   *
   * @throws dev.ferry.schemas.SourceException when the server cannot be reached or refuses the
   *     login
   */
  public static CollectionSplit probe(MongoLogin login, String collection, long bytesPerSplit) {
    if (bytesPerSplit < 1) {
      throw new IllegalArgumentException("bytesPerSplit must be positive, got " + bytesPerSplit);
    }
    try (MongoClient client = MongoClients.create(login.settings(MongoLogin.CONNECT_TIMEOUT))) {
      MongoDatabase db = client.getDatabase(login.database());
      return probe(login, db, collection, bytesPerSplit);
    } catch (MongoException e) {
      throw MongoErrors.describe(login, "look at " + collection, e);
    }
  }

  private static CollectionSplit probe(
      MongoLogin login, MongoDatabase db, String collection, long bytesPerSplit) {
    long bytes;
    try {
      BsonValue size =
          db.runCommand(
                  new BsonDocument("collStats", new BsonString(collection)), BsonDocument.class)
              .get("size");
      bytes = size != null && size.isNumber() ? size.asNumber().longValue() : -1;
    } catch (MongoCommandException e) {
      return single("the server gives no size for it (" + e.getErrorMessage() + ")");
    }
    if (bytes < 0) {
      return single("the server gives no size for it");
    }
    long wanted = Math.min(MAX_SPLITS, (bytes + bytesPerSplit - 1) / bytesPerSplit);
    if (wanted < 2) {
      return single(megabytes(bytes) + " fits one reader");
    }
    int splits = (int) wanted;
    MongoCollection<BsonDocument> c = db.getCollection(collection, BsonDocument.class);
    if (!objectIdsOnly(c)) {
      return single("its _id values are not all ObjectIds, which MongoDbIO's ranges need");
    }
    String sizeText = megabytes(bytes);
    if (runs(() -> db.runCommand(splitVector(db.getName() + "." + collection)))) {
      return new CollectionSplit(Method.SPLIT_VECTOR, splits, sizeText);
    }
    if (runs(() -> c.aggregate(bucketAuto()).first())) {
      return new CollectionSplit(Method.BUCKET_AUTO, splits, sizeText);
    }
    return single("the server runs neither splitVector nor $bucketAuto");
  }

  /** Whether the smallest and the largest {@code _id} are ObjectIds: then all of them are. */
  private static boolean objectIdsOnly(MongoCollection<BsonDocument> c) {
    for (int direction : new int[] {1, -1}) {
      BsonDocument d =
          c.find()
              .projection(Projections.include("_id"))
              .sort(direction > 0 ? Sorts.ascending("_id") : Sorts.descending("_id"))
              .limit(1)
              .first();
      if (d != null && !d.get("_id", new BsonString("")).isObjectId()) {
        return false;
      }
    }
    return true;
  }

  /**
   * A splitVector call that costs nothing: with a chunk size of 1 TB the server finds the
   * collection smaller than one chunk and answers at once.
   */
  private static BsonDocument splitVector(String namespace) {
    return new BsonDocument("splitVector", new BsonString(namespace))
        .append("keyPattern", new BsonDocument("_id", new BsonInt32(1)))
        .append("maxChunkSize", new BsonInt64(1L << 20));
  }

  private static List<BsonDocument> bucketAuto() {
    return List.of(
        new BsonDocument("$limit", new BsonInt32(1)),
        new BsonDocument(
            "$bucketAuto",
            new BsonDocument("groupBy", new BsonString("$_id"))
                .append("buckets", new BsonInt32(1))));
  }

  /** Runs {@code call}; false when the server refuses the command (unknown, or not allowed). */
  private static boolean runs(Runnable call) {
    try {
      call.run();
      return true;
    } catch (MongoCommandException e) {
      return false;
    }
  }

  private static String megabytes(long bytes) {
    return String.format(Locale.ROOT, "%.1f MB", bytes / 1048576.0);
  }
}

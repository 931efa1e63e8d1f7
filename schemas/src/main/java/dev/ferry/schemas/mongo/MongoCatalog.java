package dev.ferry.schemas.mongo;

import com.mongodb.MongoCommandException;
import com.mongodb.MongoException;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import dev.ferry.schemas.SourceException;
import dev.ferry.schemas.document.ShapeCounter;
import dev.ferry.schemas.inventory.SourceObject;
import dev.ferry.schemas.mongo.SampledCollection.Sampling;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.bson.BsonDocument;
import org.bson.BsonInt32;
import org.bson.BsonString;
import org.bson.RawBsonDocument;
import org.bson.json.JsonMode;
import org.bson.json.JsonWriterSettings;

/**
 * The inventory of a MongoDB database: its collections with count estimates and a sampled shape
 * each (every field path with its BSON types and frequency), and the views and system collections
 * ferry lists but does not copy.
 *
 * <pre>{@code
 * MongoInventory inv = MongoCatalog.read(MongoLogin.of(url, user, secret), MongoCatalog.DEFAULT_SAMPLE_SIZE);
 * }</pre>
 *
 * <p>Sampling reads at most {@code sampleSize} documents per collection: all of them when the
 * collection is no bigger, otherwise a random {@code $sample}, or the first ones in natural order
 * when the server has no {@code $sample}. Each call opens one client that waits {@link
 * MongoLogin#CONNECT_TIMEOUT} for a server, so an unreachable server fails in seconds. Failures are
 * {@link SourceException}s with one line naming the hosts and the user, never the password.
 */
public final class MongoCatalog {

  /** Documents sampled per collection unless told otherwise. */
  public static final int DEFAULT_SAMPLE_SIZE = 1_000;

  private static final JsonWriterSettings RELAXED =
      JsonWriterSettings.builder().outputMode(JsonMode.RELAXED).build();

  private MongoCatalog() {}

  /** Lists and samples the database {@code login} names. */
  public static MongoInventory read(MongoLogin login, int sampleSize) {
    return read(login, sampleSize, true);
  }

  /** As {@link #read(MongoLogin, int)}; {@code random = false} always takes the first documents. */
  static MongoInventory read(MongoLogin login, int sampleSize, boolean random) {
    if (sampleSize < 1) {
      throw new IllegalArgumentException("sample size must be positive, got " + sampleSize);
    }
    String database = login.database();
    try (MongoClient client = MongoClients.create(login.settings(MongoLogin.CONNECT_TIMEOUT))) {
      // First, and not only when no collections show: some servers create a database on sight.
      requireDatabase(client, login);
      MongoDatabase db = client.getDatabase(database);
      List<BsonDocument> infos =
          call(
              login,
              "list the collections of " + database,
              () -> db.listCollections(BsonDocument.class).into(new ArrayList<>()));
      infos.sort(Comparator.comparing(i -> i.getString("name").getValue()));
      List<SampledCollection> collections = new ArrayList<>();
      List<SourceObject> notCopied = new ArrayList<>();
      for (BsonDocument info : infos) {
        Optional<SourceObject> other = notCopied(info);
        if (other.isPresent()) {
          notCopied.add(other.get());
        } else {
          collections.add(sample(login, db, info.getString("name").getValue(), sampleSize, random));
        }
      }
      return new MongoInventory(login.displayUrl(), database, collections, notCopied);
    }
  }

  /**
   * What {@code listCollections} entry {@code info} is, if ferry does not copy it: a view, or a
   * system collection ({@code system.*}), which belongs to the server.
   */
  static Optional<SourceObject> notCopied(BsonDocument info) {
    String name = info.getString("name").getValue();
    if (name.startsWith("system.")) {
      return Optional.of(new SourceObject("system collection", name, ""));
    }
    if ("view".equals(info.getString("type", new BsonString("collection")).getValue())) {
      BsonDocument options = info.getDocument("options", new BsonDocument());
      String on = options.containsKey("viewOn") ? options.getString("viewOn").getValue() : "?";
      String pipeline =
          options.containsKey("pipeline")
              ? options.get("pipeline").asArray().stream()
                  .map(stage -> stage.asDocument().toJson(RELAXED))
                  .collect(Collectors.joining(", ", "[", "]"))
              : "[]";
      return Optional.of(new SourceObject("view", name, "on " + on + ": " + pipeline));
    }
    return Optional.empty();
  }

  private static SampledCollection sample(
      MongoLogin login, MongoDatabase db, String name, int size, boolean random) {
    MongoCollection<RawBsonDocument> collection = db.getCollection(name, RawBsonDocument.class);
    long estimate = call(login, "count " + name, collection::estimatedDocumentCount);
    ShapeCounter counter = new ShapeCounter();
    Sampling sampling;
    if (random && estimate > size) {
      try {
        collection
            .aggregate(
                List.of(new BsonDocument("$sample", new BsonDocument("size", new BsonInt32(size)))))
            .forEach(counter::add);
        sampling = Sampling.RANDOM;
      } catch (MongoCommandException e) {
        if (e.getErrorCode() == MongoErrors.UNAUTHORIZED) {
          throw MongoErrors.describe(login, "sample " + name, e);
        }
        // No $sample here (an older or MongoDB-compatible server): fall back to the first ones.
        counter = new ShapeCounter();
        first(login, collection, size, counter);
        sampling = Sampling.FIRST;
      } catch (MongoException e) {
        throw MongoErrors.describe(login, "sample " + name, e);
      }
    } else {
      first(login, collection, size, counter);
      long read = counter.documents();
      sampling = read < size || read == estimate ? Sampling.ALL : Sampling.FIRST;
    }
    return new SampledCollection(counter.shape(name, estimate), sampling);
  }

  private static void first(
      MongoLogin login, MongoCollection<RawBsonDocument> c, int size, ShapeCounter counter) {
    call(
        login,
        "read " + c.getNamespace().getCollectionName(),
        () -> {
          c.find().limit(size).forEach(counter::add);
          return null;
        });
  }

  /**
   * Fails with a useful line when the server does not list the database (MongoDB creates a database
   * with its first collection). A login that may not list databases skips the check.
   */
  private static void requireDatabase(MongoClient client, MongoLogin login) {
    List<String> names;
    try {
      names = client.listDatabaseNames().into(new ArrayList<>());
    } catch (MongoCommandException e) {
      if (e.getErrorCode() == MongoErrors.UNAUTHORIZED) {
        return; // may not list databases: an empty inventory is all there is to say
      }
      throw MongoErrors.describe(login, "list the databases", e);
    } catch (MongoException e) {
      throw MongoErrors.describe(login, "list the databases", e);
    }
    if (!names.contains(login.database())) {
      throw new SourceException(
          "mongodb: there is no database '"
              + login.database()
              + "' on "
              + login.hosts()
              + (names.isEmpty() ? "" : " (it has " + String.join(", ", names) + ")")
              + ": check the database in "
              + login.displayUrl());
    }
  }

  private static <T> T call(MongoLogin login, String action, Supplier<T> call) {
    try {
      return call.get();
    } catch (MongoException e) {
      throw MongoErrors.describe(login, action, e);
    }
  }
}

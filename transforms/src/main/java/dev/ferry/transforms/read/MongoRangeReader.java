package dev.ferry.transforms.read;

import com.mongodb.MongoException;
import dev.ferry.schemas.mongo.MongoErrors;
import dev.ferry.transforms.metrics.TableMetrics;
import java.io.IOException;
import java.io.Serializable;
import java.util.function.Consumer;
import org.apache.beam.sdk.io.BoundedSource.BoundedReader;
import org.apache.beam.sdk.io.mongodb.LoginMongoDbSource;
import org.apache.beam.sdk.metrics.Counter;
import org.apache.beam.sdk.metrics.Distribution;
import org.apache.beam.sdk.options.PipelineOptions;
import org.bson.Document;
import org.bson.RawBsonDocument;
import org.bson.codecs.Codec;

/**
 * Reads one {@code _id} range of a collection ({@link ReadMongoCollection#ranges()}) with
 * MongoDbIO's own reader and hands each document on as it comes, as {@link RawBsonDocument}: for a
 * DoFn that loads as it reads, so no bundle ever holds a collection. Counts every document as read
 * under {@code TableMetrics.documents(collection)}; a server failure is one line naming the hosts
 * and the user, never the password.
 */
public final class MongoRangeReader implements Serializable {
  private static final long serialVersionUID = 1L;

  private final Counter read;
  private final Distribution active;
  private transient Codec<Document> codec;

  private MongoRangeReader(String collection) {
    this.read = TableMetrics.read(TableMetrics.documents(collection));
    this.active = TableMetrics.activeMillis(TableMetrics.documents(collection));
  }

  public static MongoRangeReader of(String collection) {
    return new MongoRangeReader(collection);
  }

  /** Reads every document of {@code range} into {@code each}, in the server's order. */
  public void read(
      LoginMongoDbSource range, PipelineOptions options, Consumer<RawBsonDocument> each) {
    if (codec == null) {
      codec = BsonCoder.codec(Document.class, range.login().uuidRepresentation());
    }
    try (BoundedReader<Document> reader = range.createReader(options)) {
      for (boolean more = reader.start(); more; more = reader.advance()) {
        read.inc();
        active.update(System.currentTimeMillis());
        each.accept(new RawBsonDocument(reader.getCurrent(), codec));
      }
    } catch (MongoException e) {
      throw MongoErrors.describe(range.login(), "read " + range.collection(), e);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(
          "cannot read collection " + range.collection() + ": " + e.getMessage(), e);
    }
  }
}

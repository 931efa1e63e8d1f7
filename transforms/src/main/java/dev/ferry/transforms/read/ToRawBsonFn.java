package dev.ferry.transforms.read;

import dev.ferry.transforms.metrics.TableMetrics;
import org.apache.beam.sdk.metrics.Counter;
import org.apache.beam.sdk.metrics.Distribution;
import org.apache.beam.sdk.transforms.DoFn;
import org.bson.Document;
import org.bson.RawBsonDocument;
import org.bson.UuidRepresentation;
import org.bson.codecs.Codec;

/**
 * Turns the {@link Document}s MongoDbIO decoded back into their BSON bytes and counts them as read.
 * Encoding with the codec and UUID representation they were decoded with gives the bytes the server
 * sent (field order, int/long/double, Decimal128, dates, binary subtypes, nesting).
 */
final class ToRawBsonFn extends DoFn<Document, RawBsonDocument> {
  private static final long serialVersionUID = 1L;

  private final UuidRepresentation uuids;
  private final Counter read;
  private final Distribution active;
  private transient Codec<Document> codec;

  ToRawBsonFn(String collection, UuidRepresentation uuids) {
    this.uuids = uuids;
    this.read = TableMetrics.read(TableMetrics.documents(collection));
    this.active = TableMetrics.activeMillis(TableMetrics.documents(collection));
  }

  @Setup
  public void setup() {
    codec = BsonCoder.codec(Document.class, uuids);
  }

  @ProcessElement
  public void process(@Element Document document, OutputReceiver<RawBsonDocument> out) {
    read.inc();
    active.update(System.currentTimeMillis());
    out.output(new RawBsonDocument(document, codec));
  }
}

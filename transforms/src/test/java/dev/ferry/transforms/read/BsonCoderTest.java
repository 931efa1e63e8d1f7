package dev.ferry.transforms.read;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.UUID;
import org.apache.beam.sdk.coders.Coder;
import org.apache.beam.sdk.coders.SerializableCoder;
import org.apache.beam.sdk.testing.CoderProperties;
import org.apache.beam.sdk.util.CoderUtils;
import org.bson.BsonBinary;
import org.bson.BsonBinarySubType;
import org.bson.BsonDocument;
import org.bson.BsonTimestamp;
import org.bson.Document;
import org.bson.RawBsonDocument;
import org.bson.UuidRepresentation;
import org.bson.codecs.BsonDocumentCodec;
import org.junit.jupiter.api.Test;

/** {@link BsonCoder}: the bytes in are the bytes out, for the BSON types no test server keeps. */
class BsonCoderTest {

  /** Deprecated and rare types mongo-java-server cannot store, in canonical Extended JSON. */
  private static final String RARE =
      "{\"_id\": {\"$oid\": \"65a1f0c2e4b0a1b2c3d4e5ff\"},"
          + " \"undefined\": {\"$undefined\": true},"
          + " \"symbol\": {\"$symbol\": \"sym\"},"
          + " \"code_scope\": {\"$code\": \"x + y\", \"$scope\": {\"y\": {\"$numberInt\": \"2\"}}},"
          + " \"pointer\": {\"$dbPointer\": {\"$ref\": \"c\","
          + " \"$id\": {\"$oid\": \"57e193d7a9cc81b4027498b5\"}}},"
          + " \"md5\": {\"$binary\": {\"base64\": \"1B2M2Y8AsgTpgAmY7PhCfg==\", \"subType\": \"05\"}},"
          + " \"user_binary\": {\"$binary\": {\"base64\": \"AAEC\", \"subType\": \"80\"}},"
          + " \"timestamp\": {\"$timestamp\": {\"t\": 5, \"i\": 1}},"
          + " \"regex\": {\"$regularExpression\": {\"pattern\": \"a.*\", \"options\": \"i\"}},"
          + " \"decimal\": {\"$numberDecimal\": \"-0.00\"}}";

  private static RawBsonDocument raw(String json) {
    return new RawBsonDocument(BsonDocument.parse(json), new BsonDocumentCodec());
  }

  @Test
  void rawDocumentsTravelAsTheirBytes() throws Exception {
    RawBsonDocument doc = raw(RARE);
    RawBsonDocument back = CoderUtils.clone(BsonCoder.raw(), doc);
    assertArrayEquals(bytes(doc), bytes(back));
    CoderProperties.coderDecodeEncodeEqual(BsonCoder.raw(), doc);
    CoderProperties.coderSerializable(BsonCoder.raw());
  }

  @Test
  void decodedDocumentsComeBackWithTheSameBytes() throws Exception {
    RawBsonDocument doc = raw(RARE);
    Coder<Document> coder = BsonCoder.documents(UuidRepresentation.UNSPECIFIED);
    Document decoded =
        BsonCoder.codec(Document.class, UuidRepresentation.UNSPECIFIED)
            .decode(
                new org.bson.BsonBinaryReader(doc.getByteBuffer().asNIO()),
                org.bson.codecs.DecoderContext.builder().build());
    Document back = CoderUtils.clone(coder, decoded);
    RawBsonDocument again =
        new RawBsonDocument(back, BsonCoder.codec(Document.class, UuidRepresentation.UNSPECIFIED));
    assertArrayEquals(bytes(doc), bytes(again));
  }

  @Test
  void uuidsKeepTheirSubtypeUnderTheConnectionsRepresentation() throws Exception {
    UUID id = UUID.fromString("73ffd264-44b3-4c69-90e8-e7d1dfc035d4");
    Coder<Document> standard = BsonCoder.documents(UuidRepresentation.STANDARD);
    Document back = CoderUtils.clone(standard, new Document("id", id));
    assertEquals(id, back.get("id"));
    RawBsonDocument bytes =
        new RawBsonDocument(back, BsonCoder.codec(Document.class, UuidRepresentation.STANDARD));
    BsonBinary binary = bytes.getBinary("id");
    assertEquals(BsonBinarySubType.UUID_STANDARD.getValue(), binary.getType());
  }

  /** Why MongoDbIO's own coder is replaced: it cannot carry a timestamp. */
  @Test
  void javaSerializationCannotCarryATimestamp() throws Exception {
    Document doc = new Document("ts", new BsonTimestamp(5, 1));
    Exception e =
        assertThrows(
            Exception.class,
            () -> CoderUtils.encodeToByteArray(SerializableCoder.of(Document.class), doc));
    assertInstanceOf(java.io.NotSerializableException.class, e.getCause());
    CoderProperties.coderDecodeEncodeEqual(
        BsonCoder.documents(UuidRepresentation.UNSPECIFIED), doc);
  }

  @Test
  void isNotDeterministic() {
    assertThrows(
        Coder.NonDeterministicException.class, () -> BsonCoder.raw().verifyDeterministic());
  }

  private static byte[] bytes(RawBsonDocument d) {
    java.nio.ByteBuffer b = d.getByteBuffer().asNIO();
    byte[] out = new byte[b.remaining()];
    b.get(out);
    return out;
  }
}

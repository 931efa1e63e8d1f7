package dev.ferry.transforms.read;

import com.mongodb.MongoClientSettings;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Objects;
import org.apache.beam.sdk.coders.CoderException;
import org.apache.beam.sdk.coders.CustomCoder;
import org.apache.beam.sdk.util.VarInt;
import org.bson.BsonBinaryReader;
import org.bson.BsonBinaryWriter;
import org.bson.Document;
import org.bson.RawBsonDocument;
import org.bson.UuidRepresentation;
import org.bson.codecs.Codec;
import org.bson.codecs.DecoderContext;
import org.bson.codecs.EncoderContext;
import org.bson.codecs.configuration.CodecRegistries;
import org.bson.io.BasicOutputBuffer;

/**
 * Encodes documents as their BSON bytes (length-prefixed): exact for every BSON type, compact, and
 * independent of Java serialization. {@link #raw()} codes {@link RawBsonDocument}s, which are
 * already bytes; {@link #documents(UuidRepresentation)} codes the {@link Document}s Beam's
 * MongoDbIO emits, in place of its {@code SerializableCoder}, which cannot serialize timestamps,
 * regular expressions or {@code undefined} (those values are not {@code Serializable}).
 *
 * <p>Not deterministic in Beam's sense: two documents with the same fields in another order are
 * equal but encode differently. Do not group by documents.
 */
public final class BsonCoder<T> extends CustomCoder<T> {
  private static final long serialVersionUID = 1L;

  private final Class<T> type;
  private final UuidRepresentation uuids;
  private transient Codec<T> codec;

  private BsonCoder(Class<T> type, UuidRepresentation uuids) {
    this.type = type;
    this.uuids = uuids;
  }

  /** For documents that are their bytes. */
  public static BsonCoder<RawBsonDocument> raw() {
    return new BsonCoder<>(RawBsonDocument.class, UuidRepresentation.UNSPECIFIED);
  }

  /**
   * For decoded documents. {@code uuids} must be the representation they were decoded with (the
   * connection string's {@code uuidRepresentation}), so that UUIDs keep their binary subtype.
   */
  public static BsonCoder<Document> documents(UuidRepresentation uuids) {
    return new BsonCoder<>(Document.class, Objects.requireNonNull(uuids, "uuids"));
  }

  /** The codec the driver would use for {@code type}, with UUIDs as {@code uuids}. */
  static <T> Codec<T> codec(Class<T> type, UuidRepresentation uuids) {
    return CodecRegistries.withUuidRepresentation(
            MongoClientSettings.getDefaultCodecRegistry(), uuids)
        .get(type);
  }

  private Codec<T> codec() {
    if (codec == null) {
      codec = codec(type, uuids);
    }
    return codec;
  }

  @Override
  public void encode(T value, OutputStream out) throws IOException {
    if (value == null) {
      throw new CoderException("cannot encode a null document");
    }
    if (value instanceof RawBsonDocument raw) {
      ByteBuffer bytes = raw.getByteBuffer().asNIO();
      VarInt.encode(bytes.remaining(), out);
      out.write(bytes.array(), bytes.arrayOffset() + bytes.position(), bytes.remaining());
      return;
    }
    try (BasicOutputBuffer buffer = new BasicOutputBuffer();
        BsonBinaryWriter writer = new BsonBinaryWriter(buffer)) {
      codec().encode(writer, value, EncoderContext.builder().build());
      VarInt.encode(buffer.getPosition(), out);
      buffer.pipe(out);
    }
  }

  @Override
  public T decode(InputStream in) throws IOException {
    int length = VarInt.decodeInt(in);
    byte[] bytes = in.readNBytes(length);
    if (bytes.length != length) {
      throw new CoderException("document cut short: " + bytes.length + " of " + length + " bytes");
    }
    if (type == RawBsonDocument.class) {
      return type.cast(new RawBsonDocument(bytes));
    }
    try (BsonBinaryReader reader = new BsonBinaryReader(ByteBuffer.wrap(bytes))) {
      return codec().decode(reader, DecoderContext.builder().build());
    }
  }

  @Override
  public void verifyDeterministic() throws NonDeterministicException {
    throw new NonDeterministicException(
        this, List.of("documents with the same fields in another order are equal"));
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof BsonCoder<?> c && c.type == type && c.uuids == uuids;
  }

  @Override
  public int hashCode() {
    return Objects.hash(type, uuids);
  }

  @Override
  public String toString() {
    return "BsonCoder[" + type.getSimpleName() + ", uuids " + uuids + "]";
  }
}

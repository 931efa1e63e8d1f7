package dev.ferry.transforms.read;

import dev.ferry.schemas.mongo.CollectionSplit;
import dev.ferry.schemas.mongo.MongoLogin;
import org.apache.beam.sdk.coders.SerializableCoder;
import org.apache.beam.sdk.io.Read;
import org.apache.beam.sdk.io.mongodb.FindQuery;
import org.apache.beam.sdk.io.mongodb.LoginMongoDbSource;
import org.apache.beam.sdk.io.mongodb.MongoDbIO;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.Reshuffle;
import org.apache.beam.sdk.transforms.display.DisplayData;
import org.apache.beam.sdk.values.PBegin;
import org.apache.beam.sdk.values.PCollection;
import org.bson.BsonDocument;
import org.bson.Document;
import org.bson.RawBsonDocument;
import org.bson.json.JsonMode;
import org.bson.json.JsonParseException;
import org.bson.json.JsonWriterSettings;

/**
 * Reads one MongoDB collection through Beam's {@code MongoDbIO}, optionally filtered, as {@link
 * RawBsonDocument}s: each document exactly as the server stored it, in BSON.
 *
 * <pre>{@code
 * MongoLogin login = MongoLogin.of("mongodb://db:27017/crm", "app", Secret.of(password));
 * ReadMongoCollection read =
 *     ReadMongoCollection.of(login, "contracts")
 *         .withFilter("{\"status\": \"active\"}")
 *         .withSplit(CollectionSplit.probe(login, "contracts", CollectionSplit.DEFAULT_BYTES_PER_SPLIT));
 * PCollection<RawBsonDocument> docs = p.apply("ReadContracts", read);
 * read.split().describe(); // "one reader: …" or "parallel: 12 _id ranges by splitVector (…)"
 * }</pre>
 *
 * <p>Bounded; reads what matches the filter when each reader starts (no snapshot across readers).
 * Counts every document in {@code TableMetrics.read(TableMetrics.documents(collection))}.
 *
 * <p>Why {@code RawBsonDocument}: it is the BSON bytes, so nothing is lost or reinterpreted on the
 * way (int32/int64/double/Decimal128 stay apart, dates, binary subtypes, null vs missing, field
 * order, keys with dots or a leading {@code $}, which canonical Extended JSON text cannot carry
 * unambiguously); it is immutable, as Beam wants elements to be; it is a {@code BsonDocument}, so
 * readers walk typed {@code BsonValue}s; and {@link BsonCoder} moves it as its bytes, about a third
 * the size of canonical Extended JSON. Turn it into JSON only where JSON is the output (bronze,
 * dead letters): {@code doc.toJson(JsonWriterSettings.builder().outputMode(RELAXED))}.
 *
 * <p>Credentials: MongoDbIO takes nothing but a connection string, and shows it in its display
 * data; so MongoDbIO's source is applied through {@link LoginMongoDbSource}, which keeps the
 * credential-free URL in the pipeline and builds the credentialed string ({@link
 * MongoLogin#revealUri()}) only on the workers that connect.
 */
public final class ReadMongoCollection extends PTransform<PBegin, PCollection<RawBsonDocument>> {
  private static final long serialVersionUID = 1L;

  private static final JsonWriterSettings CANONICAL =
      JsonWriterSettings.builder().outputMode(JsonMode.EXTENDED).build();

  private final MongoLogin login;
  private final String collection;
  private final BsonDocument filter;
  private final CollectionSplit split;

  private ReadMongoCollection(
      MongoLogin login, String collection, BsonDocument filter, CollectionSplit split) {
    this.login = login;
    this.collection = collection;
    this.filter = filter;
    this.split = split;
  }

  /** Reads all of {@code collection} in the database {@code login} names, with one reader. */
  public static ReadMongoCollection of(MongoLogin login, String collection) {
    if (collection == null || collection.isEmpty()) {
      throw new IllegalArgumentException("collection name is empty");
    }
    return new ReadMongoCollection(
        login, collection, null, CollectionSplit.single("no split was asked for"));
  }

  /**
   * Reads only the documents matching {@code json}, a query document in Extended JSON (relaxed,
   * canonical or shell mode: {@code {"_id": {"$gt": ObjectId("…")}}}); null or blank reads all.
   *
   * @throws IllegalArgumentException naming the collection when {@code json} is not a document
   */
  public ReadMongoCollection withFilter(String json) {
    if (json == null || json.isBlank()) {
      return new ReadMongoCollection(login, collection, null, split);
    }
    try {
      return new ReadMongoCollection(login, collection, BsonDocument.parse(json), split);
    } catch (JsonParseException | org.bson.BsonInvalidOperationException e) {
      throw new IllegalArgumentException(
          "filter of collection " + collection + " is not a JSON document: " + e.getMessage(), e);
    }
  }

  /** Reads in the ranges {@code split} says, e.g. what {@link CollectionSplit#probe} found. */
  public ReadMongoCollection withSplit(CollectionSplit split) {
    if (split == null) {
      throw new IllegalArgumentException("split is null");
    }
    return new ReadMongoCollection(login, collection, filter, split);
  }

  public String collection() {
    return collection;
  }

  /** How the collection is read: one reader or parallel ranges, and why. */
  public CollectionSplit split() {
    return split;
  }

  /** The filter in canonical Extended JSON, or "" when all documents are read. */
  public String filter() {
    return filter == null ? "" : filter.toJson(CANONICAL);
  }

  /** MongoDbIO's source for this read, the login kept out of its URI. */
  LoginMongoDbSource source() {
    MongoDbIO.Read read =
        MongoDbIO.read()
            .withUri(login.url())
            .withDatabase(login.database())
            .withCollection(collection);
    switch (split.method()) {
      case SPLIT_VECTOR -> read = read.withNumSplits(split.splits());
      case BUCKET_AUTO -> read = read.withBucketAuto(true).withNumSplits(split.splits());
      case SINGLE -> {}
    }
    if (filter != null) {
      read = read.withQueryFn(FindQuery.create().withFilters(filter));
    }
    LoginMongoDbSource source = LoginMongoDbSource.of(login, read);
    return split.parallel()
        ? source
        : source.withUnsplitQuery(new BatchedFind(filter, BatchedFind.DEFAULT_BATCH_SIZE));
  }

  /**
   * The collection's {@code _id} ranges as elements, split on a worker and spread over workers, for
   * a load that reads each range as it writes ({@link MongoRangeReader}): on runners that neither
   * fuse steps nor push back on a fast reader (the DirectRunner), reading the collection as one
   * PCollection holds all of it in memory; ranges read inside the load never do.
   */
  public PTransform<PBegin, PCollection<LoginMongoDbSource>> ranges() {
    return new Ranges(this);
  }

  @Override
  public PCollection<RawBsonDocument> expand(PBegin input) {
    PCollection<Document> documents = input.apply("MongoDbIO", Read.from(source()));
    // MongoDbIO's SerializableCoder fails on timestamps and regular expressions; use BSON bytes.
    documents.setCoder(BsonCoder.documents(login.uuidRepresentation()));
    return documents
        .apply("Count", ParDo.of(new ToRawBsonFn(collection, login.uuidRepresentation())))
        .setCoder(BsonCoder.raw());
  }

  /** See {@link #ranges()}. */
  private static final class Ranges extends PTransform<PBegin, PCollection<LoginMongoDbSource>> {
    private static final long serialVersionUID = 1L;
    private final ReadMongoCollection read;

    Ranges(ReadMongoCollection read) {
      this.read = read;
    }

    @Override
    public PCollection<LoginMongoDbSource> expand(PBegin input) {
      SerializableCoder<LoginMongoDbSource> coder = SerializableCoder.of(LoginMongoDbSource.class);
      return input
          .apply("Collection " + read.collection, Create.of(read.source()).withCoder(coder))
          .apply("Split", ParDo.of(new SplitRangesFn()))
          .setCoder(coder)
          .apply("Spread", Reshuffle.viaRandomKey());
    }

    @Override
    public void populateDisplayData(DisplayData.Builder builder) {
      read.populateDisplayData(builder);
    }
  }

  @Override
  public void populateDisplayData(DisplayData.Builder builder) {
    super.populateDisplayData(builder);
    builder
        .add(DisplayData.item("url", login.displayUrl()))
        .addIfNotDefault(DisplayData.item("user", login.user()), "")
        .add(DisplayData.item("database", login.database()))
        .add(DisplayData.item("collection", collection))
        .addIfNotDefault(DisplayData.item("filter", filter()), "")
        .add(DisplayData.item("reader", split.describe()));
  }
}

package org.apache.beam.sdk.io.mongodb;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoCursor;
import dev.ferry.schemas.mongo.MongoLogin;
import java.util.ArrayList;
import java.util.List;
import org.apache.beam.sdk.coders.Coder;
import org.apache.beam.sdk.io.BoundedSource;
import org.apache.beam.sdk.options.PipelineOptions;
import org.apache.beam.sdk.transforms.SerializableFunction;
import org.apache.beam.sdk.transforms.display.DisplayData;
import org.bson.Document;

/**
 * MongoDbIO's own bounded source (its splitting by {@code splitVector} or {@code $bucketAuto}, its
 * reader), given the login only where it connects. MongoDbIO takes credentials nowhere but inside
 * its connection string, and puts that string in its display data, which runner UIs show; this
 * source keeps the credential-free URL in the pipeline graph and builds the credentialed string
 * when it splits, estimates or reads.
 *
 * <p>It lives in MongoDbIO's package because that source is package-private: the one place ferry
 * reaches into Beam. If a Beam upgrade changes {@code MongoDbIO.BoundedMongoDbSource}, this class
 * stops compiling rather than leaking.
 */
public final class LoginMongoDbSource extends BoundedSource<Document> {
  private static final long serialVersionUID = 1L;

  private final MongoLogin login;
  private final MongoDbIO.Read spec;
  private final BoundedSource<Document> split;

  private LoginMongoDbSource(MongoLogin login, MongoDbIO.Read spec, BoundedSource<Document> split) {
    this.login = login;
    this.spec = spec;
    this.split = split;
  }

  /**
   * A source reading what {@code spec} says (database, collection, query, splits) as {@code login}.
   * {@code spec}'s URI is replaced by the login's: give it {@code login.url()}, never credentials.
   */
  public static LoginMongoDbSource of(MongoLogin login, MongoDbIO.Read spec) {
    return new LoginMongoDbSource(login, spec.withUri(login.url()), null);
  }

  /**
   * This source reading with {@code query} rather than MongoDbIO's {@code FindQuery} (which sets no
   * cursor batch size). Only for a source read by one reader: MongoDbIO splits {@code FindQuery}s
   * alone, which is also why its {@code withQueryFn} refuses other functions.
   *
   * @throws IllegalStateException when the source is to be split
   */
  public LoginMongoDbSource withUnsplitQuery(
      SerializableFunction<MongoCollection<Document>, MongoCursor<Document>> query) {
    if (split != null || spec.numSplits() > 0 || spec.bucketAuto()) {
      throw new IllegalStateException("a query function of its own needs an unsplit read");
    }
    return new LoginMongoDbSource(login, spec.builder().setQueryFn(query).build(), null);
  }

  /** The server, database and login this source reads with. */
  public MongoLogin login() {
    return login;
  }

  /** The collection it reads. */
  public String collection() {
    return spec.collection();
  }

  /** MongoDbIO's source with the credentials in its connection string: only ever on a worker. */
  private BoundedSource<Document> delegate() {
    return split != null
        ? split
        : new MongoDbIO.BoundedMongoDbSource(spec.withUri(login.revealUri()));
  }

  @Override
  public List<? extends BoundedSource<Document>> split(
      long desiredBundleSizeBytes, PipelineOptions options) throws Exception {
    if (split != null || (spec.numSplits() <= 0 && !spec.bucketAuto())) {
      // A range, or one reader: MongoDbIO would hand back the same source.
      return List.of(this);
    }
    List<LoginMongoDbSource> ranges = new ArrayList<>();
    for (BoundedSource<Document> range : delegate().split(desiredBundleSizeBytes, options)) {
      ranges.add(new LoginMongoDbSource(login, spec, range));
    }
    return ranges;
  }

  @Override
  public long getEstimatedSizeBytes(PipelineOptions options) throws Exception {
    return delegate().getEstimatedSizeBytes(options);
  }

  @Override
  public BoundedReader<Document> createReader(PipelineOptions options) throws java.io.IOException {
    return delegate().createReader(options);
  }

  @Override
  public Coder<Document> getOutputCoder() {
    return delegate().getOutputCoder();
  }

  @Override
  public void populateDisplayData(DisplayData.Builder builder) {
    builder
        .add(DisplayData.item("url", login.displayUrl()))
        .addIfNotDefault(DisplayData.item("user", login.user()), "")
        .add(DisplayData.item("database", spec.database()))
        .add(DisplayData.item("collection", spec.collection()))
        .add(DisplayData.item("numSplits", spec.numSplits()))
        .add(DisplayData.item("bucketAuto", spec.bucketAuto()))
        .addIfNotDefault(DisplayData.item("range", split == null ? "" : "one _id range"), "");
  }
}

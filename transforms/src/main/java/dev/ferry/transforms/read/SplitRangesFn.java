package dev.ferry.transforms.read;

import com.mongodb.MongoException;
import dev.ferry.schemas.mongo.MongoErrors;
import org.apache.beam.sdk.io.BoundedSource;
import org.apache.beam.sdk.io.mongodb.LoginMongoDbSource;
import org.apache.beam.sdk.options.PipelineOptions;
import org.apache.beam.sdk.transforms.DoFn;
import org.bson.Document;

/** Splits a collection's source into MongoDbIO's {@code _id} ranges, on a worker. */
final class SplitRangesFn extends DoFn<LoginMongoDbSource, LoginMongoDbSource> {
  private static final long serialVersionUID = 1L;

  /** Bytes per range when the split asks MongoDbIO for none in particular. */
  private static final long DESIRED_BYTES = 64L << 20;

  @ProcessElement
  public void process(
      @Element LoginMongoDbSource source,
      PipelineOptions options,
      OutputReceiver<LoginMongoDbSource> out)
      throws Exception {
    try {
      for (BoundedSource<Document> range : source.split(DESIRED_BYTES, options)) {
        out.output((LoginMongoDbSource) range);
      }
    } catch (MongoException e) {
      throw MongoErrors.describe(source.login(), "split " + source.collection(), e);
    }
  }
}

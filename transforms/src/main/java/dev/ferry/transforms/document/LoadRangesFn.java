package dev.ferry.transforms.document;

import dev.ferry.transforms.deadletter.FailedRow;
import dev.ferry.transforms.read.MongoRangeReader;
import java.util.function.Consumer;
import org.apache.beam.sdk.io.mongodb.LoginMongoDbSource;
import org.apache.beam.sdk.options.PipelineOptions;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.values.TupleTag;

/**
 * Reads one {@code _id} range and loads its documents as they come, one {@link DocumentPass} each,
 * then makes them durable before the range is done: memory holds one sink batch, whatever the
 * collection's size. A range that fails is dropped whole (not made durable) and retried by Beam;
 * the sink's keys make what an earlier attempt committed harmless.
 */
final class LoadRangesFn<T> extends DoFn<LoginMongoDbSource, T> {
  private static final long serialVersionUID = 1L;

  private final MongoRangeReader reader;
  private final DocumentPass<T> pass;
  private final TupleTag<T> results;
  private final TupleTag<FailedRow> failed;

  LoadRangesFn(
      MongoRangeReader reader,
      DocumentPass<T> pass,
      TupleTag<T> results,
      TupleTag<FailedRow> failed) {
    this.reader = reader;
    this.pass = pass;
    this.results = results;
    this.failed = failed;
  }

  @Setup
  public void setup() {
    pass.open();
  }

  @ProcessElement
  public void process(
      @Element LoginMongoDbSource range, PipelineOptions options, MultiOutputReceiver out) {
    Consumer<FailedRow> failures = f -> out.get(failed).output(f);
    try {
      reader.read(range, options, document -> pass.accept(document, failures));
    } catch (RuntimeException e) {
      pass.abort();
      throw e;
    }
    for (T result : pass.finish(failures)) {
      out.get(results).output(result);
    }
  }

  @Teardown
  public void teardown() {
    pass.close();
  }
}

package dev.ferry.transforms.document;

import dev.ferry.transforms.deadletter.FailedRow;
import java.util.function.Consumer;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.windowing.BoundedWindow;
import org.apache.beam.sdk.transforms.windowing.GlobalWindow;
import org.apache.beam.sdk.values.TupleTag;
import org.bson.RawBsonDocument;

/**
 * Loads documents that arrive as elements, one {@link DocumentPass} each; the sink makes them
 * durable before the bundle ends, so a bundle Beam retries writes its documents again (the sink's
 * keys make that harmless) and none is lost.
 */
final class LoadDocumentsFn<T> extends DoFn<RawBsonDocument, T> {
  private static final long serialVersionUID = 1L;

  private final DocumentPass<T> pass;
  private final TupleTag<T> results;
  private final TupleTag<FailedRow> failed;

  LoadDocumentsFn(DocumentPass<T> pass, TupleTag<T> results, TupleTag<FailedRow> failed) {
    this.pass = pass;
    this.results = results;
    this.failed = failed;
  }

  @Setup
  public void setup() {
    pass.open();
  }

  @ProcessElement
  public void process(@Element RawBsonDocument document, MultiOutputReceiver out) {
    pass.accept(document, f -> out.get(failed).output(f));
  }

  @FinishBundle
  public void finishBundle(FinishBundleContext context) {
    Consumer<FailedRow> failures =
        f -> context.output(failed, f, BoundedWindow.TIMESTAMP_MIN_VALUE, GlobalWindow.INSTANCE);
    for (T result : pass.finish(failures)) {
      context.output(results, result, BoundedWindow.TIMESTAMP_MIN_VALUE, GlobalWindow.INSTANCE);
    }
  }

  @Teardown
  public void teardown() {
    pass.close();
  }
}

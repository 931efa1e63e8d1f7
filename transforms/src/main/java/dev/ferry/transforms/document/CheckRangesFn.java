package dev.ferry.transforms.document;

import dev.ferry.schemas.document.FlatRows;
import dev.ferry.transforms.deadletter.FailedRow;
import dev.ferry.transforms.read.MongoRangeReader;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.apache.beam.sdk.io.mongodb.LoginMongoDbSource;
import org.apache.beam.sdk.options.PipelineOptions;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.values.Row;
import org.apache.beam.sdk.values.TupleTag;

/**
 * Reads one {@code _id} range and hands on each document's checked rows as they come, per table
 * ({@link CheckDocuments}): the same {@link DocumentPass} a load runs, without its sink.
 */
final class CheckRangesFn extends DoFn<LoginMongoDbSource, FailedRow> {
  private static final long serialVersionUID = 1L;

  private final MongoRangeReader reader;
  private final DocumentPass<Void> pass;
  private final Map<String, TupleTag<Row>> tables;
  private final TupleTag<FailedRow> failed;

  CheckRangesFn(
      MongoRangeReader reader,
      DocumentPass<Void> pass,
      Map<String, TupleTag<Row>> tables,
      TupleTag<FailedRow> failed) {
    this.reader = reader;
    this.pass = pass;
    this.tables = Map.copyOf(tables);
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
    reader.read(
        range,
        options,
        document -> {
          FlatRows rows = pass.check(document, failures);
          if (rows == null) {
            return;
          }
          for (Map.Entry<String, TupleTag<Row>> table : tables.entrySet()) {
            for (List<Object> values : rows.rows(table.getKey())) {
              out.get(table.getValue())
                  .output(
                      Row.withSchema(pass.schema(table.getKey()))
                          .attachValues(new ArrayList<>(values)));
            }
          }
        });
  }

  @Teardown
  public void teardown() {
    pass.close();
  }
}

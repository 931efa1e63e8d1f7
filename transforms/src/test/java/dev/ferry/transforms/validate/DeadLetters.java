package dev.ferry.transforms.validate;

import dev.ferry.schemas.convert.JsonValues;
import dev.ferry.transforms.deadletter.FailedRow;
import org.apache.beam.sdk.transforms.MapElements;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.Row;
import org.apache.beam.sdk.values.TypeDescriptors;

/** FailedRows in a form PAssert can compare: everything but the time they failed at. */
final class DeadLetters {

  private DeadLetters() {}

  static PCollection<String> described(PCollection<FailedRow> failed) {
    return failed.apply(
        "DescribeFailures", MapElements.into(TypeDescriptors.strings()).via(DeadLetters::describe));
  }

  /** How {@link #described} shows a failure of {@code original}. */
  static String expected(String table, String stage, String reason, Row original) {
    return table + " | " + stage + " | " + reason + " | " + JsonValues.object(original);
  }

  static String describe(FailedRow f) {
    return f.table() + " | " + f.stage() + " | " + f.reason() + " | " + f.values();
  }
}

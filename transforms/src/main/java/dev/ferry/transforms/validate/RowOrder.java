package dev.ferry.transforms.validate;

import java.util.Arrays;
import java.util.List;
import org.apache.beam.sdk.coders.CoderException;
import org.apache.beam.sdk.coders.RowCoder;
import org.apache.beam.sdk.util.CoderUtils;
import org.apache.beam.sdk.values.Row;

/**
 * A total, run-independent order of rows: by the given columns ascending (NULL last), then by the
 * rows' encoded bytes, so that which of several rows is "first" never depends on the order a runner
 * delivers them in.
 */
final class RowOrder {

  private final List<String> columns;
  private final RowCoder coder;

  RowOrder(List<String> columns, RowCoder coder) {
    this.columns = columns;
    this.coder = coder;
  }

  /** The index of the first of {@code rows}, which must not be empty. */
  int first(List<Row> rows) {
    int best = 0;
    byte[] bestBytes = null;
    for (int i = 1; i < rows.size(); i++) {
      int c = compareColumns(rows.get(i), rows.get(best));
      if (c == 0) {
        bestBytes = bestBytes == null ? encode(rows.get(best)) : bestBytes;
        c = Arrays.compareUnsigned(encode(rows.get(i)), bestBytes);
      }
      if (c < 0) {
        best = i;
        bestBytes = null;
      }
    }
    return best;
  }

  private int compareColumns(Row a, Row b) {
    for (String column : columns) {
      int c = ValueOrder.compare(a.getValue(column), b.getValue(column));
      if (c != 0) {
        return c;
      }
    }
    return 0;
  }

  private byte[] encode(Row row) {
    try {
      return CoderUtils.encodeToByteArray(coder, row);
    } catch (CoderException e) {
      throw new IllegalStateException("cannot encode a row of " + row.getSchema(), e);
    }
  }
}

package dev.ferry.transforms.verify;

import dev.ferry.schemas.inventory.Column;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.Row;

/** Makes the {@link RowImage}s drill-downs join: canonical bytes to compare, text to show. */
public final class RowImages {

  /** Values are shown up to this many characters. */
  static final int SHOWN = 40;

  private RowImages() {}

  /**
   * The canonical bytes a row is joined on: of the columns at {@code key}, or of every column when
   * {@code key} is empty. The same as the key of {@link #of}, without building the image.
   */
  public static byte[] keyBytes(Row row, CanonicalRow canonical, List<Integer> key) {
    ByteArrayOutputStream joined = new ByteArrayOutputStream();
    if (key.isEmpty()) {
      for (int i = 0; i < canonical.columns(); i++) {
        joined.writeBytes(canonical.encodeValue(i, row.getValue(i)));
      }
    } else {
      for (int i : key) {
        joined.writeBytes(canonical.encodeValue(i, row.getValue(i)));
      }
    }
    return joined.toByteArray();
  }

  /**
   * The image of {@code row} keyed for the join: by the canonical bytes of the columns at {@code
   * key}, or of every column when {@code key} is empty.
   */
  public static KV<byte[], RowImage> of(
      Row row, List<Column> columns, CanonicalRow canonical, List<Integer> key) {
    int n = columns.size();
    byte[][] values = new byte[n][];
    String[] shown = new String[n];
    for (int i = 0; i < n; i++) {
      values[i] = canonical.encodeValue(i, row.getValue(i));
      shown[i] = show(row.getValue(i));
    }
    ByteArrayOutputStream joined = new ByteArrayOutputStream();
    List<String> keyText = new ArrayList<>();
    if (key.isEmpty()) {
      for (int i = 0; i < n; i++) {
        joined.writeBytes(values[i]);
        keyText.add(shown[i]);
      }
      return KV.of(
          joined.toByteArray(),
          new RowImage("(" + String.join(", ", keyText) + ")", values, shown));
    }
    for (int i : key) {
      joined.writeBytes(values[i]);
      keyText.add(columns.get(i).name() + "=" + shown[i]);
    }
    return KV.of(joined.toByteArray(), new RowImage(String.join(", ", keyText), values, shown));
  }

  /** A value for people: NULL, 'text' or hex bytes shortened, control characters escaped. */
  public static String show(Object v) {
    if (v == null) {
      return "NULL";
    }
    String text;
    if (v instanceof byte[] bytes) {
      text = "0x" + HexFormat.of().formatHex(bytes, 0, Math.min(bytes.length, SHOWN / 2));
      return bytes.length > SHOWN / 2 ? text + "…" : text;
    }
    text = v instanceof String s ? "'" + s + "'" : String.valueOf(v);
    StringBuilder out = new StringBuilder();
    text.codePoints()
        .limit(SHOWN)
        .forEach(
            c -> {
              if (c == '\t') {
                out.append("\\t");
              } else if (c == '\n') {
                out.append("\\n");
              } else if (c == '\r') {
                out.append("\\r");
              } else if (Character.isISOControl(c)) {
                out.append(String.format("\\u%04x", c));
              } else {
                out.appendCodePoint(c);
              }
            });
    return text.codePointCount(0, text.length()) > SHOWN ? out + "…" : out.toString();
  }
}

package dev.ferry.transforms.verify;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.apache.beam.sdk.coders.AtomicCoder;
import org.apache.beam.sdk.coders.Coder;

/**
 * One row of a differing chunk, as a drill-down compares it with its counterpart on the other side:
 * each column's canonical bytes (what equality means) and a short rendering (what a person reads).
 *
 * @param key the row's key for people, e.g. {@code id=42}; for a table without a key, its values
 * @param values each column's {@link CanonicalRow#encodeValue} bytes, in column order
 * @param shown each column's value for people, shortened
 */
public record RowImage(String key, byte[][] values, String[] shown) implements Serializable {

  public static final Coder<RowImage> CODER = new RowImageCoder();

  /** Whether the two rows hold equal values in column {@code i}. */
  public boolean sameAt(RowImage other, int i) {
    return Arrays.equals(values[i], other.values[i]);
  }

  /** Whether every column holds equal values. */
  public boolean sameValues(RowImage other) {
    return Arrays.deepEquals(values, other.values);
  }

  private static final class RowImageCoder extends AtomicCoder<RowImage> {
    @Override
    public void encode(RowImage image, OutputStream out) throws IOException {
      DataOutputStream data = new DataOutputStream(out);
      text(data, image.key());
      data.writeInt(image.values().length);
      for (int i = 0; i < image.values().length; i++) {
        data.writeInt(image.values()[i].length);
        data.write(image.values()[i]);
        text(data, image.shown()[i]);
      }
      data.flush();
    }

    @Override
    public RowImage decode(InputStream in) throws IOException {
      DataInputStream data = new DataInputStream(in);
      String key = text(data);
      int n = data.readInt();
      byte[][] values = new byte[n][];
      String[] shown = new String[n];
      for (int i = 0; i < n; i++) {
        values[i] = data.readNBytes(data.readInt());
        shown[i] = text(data);
      }
      return new RowImage(key, values, shown);
    }

    private static void text(DataOutputStream out, String s) throws IOException {
      byte[] bytes = s.getBytes(StandardCharsets.UTF_8);
      out.writeInt(bytes.length);
      out.write(bytes);
    }

    private static String text(DataInputStream in) throws IOException {
      return new String(in.readNBytes(in.readInt()), StandardCharsets.UTF_8);
    }
  }
}

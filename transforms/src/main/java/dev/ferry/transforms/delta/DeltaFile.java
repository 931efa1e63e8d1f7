package dev.ferry.transforms.delta;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.Serializable;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.beam.sdk.coders.AtomicCoder;
import org.apache.beam.sdk.coders.Coder;
import org.apache.beam.sdk.coders.MapCoder;
import org.apache.beam.sdk.coders.NullableCoder;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.coders.VarLongCoder;

/**
 * One Parquet data file of a Delta table: written but not yet committed (everything its Delta
 * {@code add} action needs, plus where it lives so a skipped or failed commit can delete it), or
 * listed by a {@link DeltaSnapshot} to be read.
 *
 * @param path the path relative to the table root, URI-encoded as the Delta log stores it
 * @param location the file's absolute Beam resource id
 * @param partitionValues partition column → value as text, null for a null partition value
 * @param numRecords the number of rows, or -1 when a committed file's log entry has no statistics
 * @param stats the Delta statistics as a JSON string (numRecords, minValues, maxValues, nullCount),
 *     or null when the log has none
 */
public record DeltaFile(
    String path,
    String location,
    Map<String, String> partitionValues,
    long size,
    long modificationTime,
    long numRecords,
    String stats)
    implements Serializable {

  public DeltaFile {
    // Map.copyOf refuses the null values that stand for null partitions.
    partitionValues = Collections.unmodifiableMap(new LinkedHashMap<>(partitionValues));
  }

  public static final Coder<DeltaFile> CODER = new DeltaFileCoder();

  private static final class DeltaFileCoder extends AtomicCoder<DeltaFile> {
    private static final StringUtf8Coder TEXT = StringUtf8Coder.of();
    private static final VarLongCoder LONG = VarLongCoder.of();
    private static final NullableCoder<String> MAYBE_TEXT = NullableCoder.of(TEXT);
    private static final MapCoder<String, String> VALUES = MapCoder.of(TEXT, MAYBE_TEXT);

    @Override
    public void encode(DeltaFile f, OutputStream out) throws IOException {
      TEXT.encode(f.path(), out);
      TEXT.encode(f.location(), out);
      VALUES.encode(f.partitionValues(), out);
      LONG.encode(f.size(), out);
      LONG.encode(f.modificationTime(), out);
      LONG.encode(f.numRecords(), out);
      MAYBE_TEXT.encode(f.stats(), out);
    }

    @Override
    public DeltaFile decode(InputStream in) throws IOException {
      return new DeltaFile(
          TEXT.decode(in),
          TEXT.decode(in),
          VALUES.decode(in),
          LONG.decode(in),
          LONG.decode(in),
          LONG.decode(in),
          MAYBE_TEXT.decode(in));
    }
  }
}

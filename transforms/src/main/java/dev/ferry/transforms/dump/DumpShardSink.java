package dev.ferry.transforms.dump;

import dev.ferry.schemas.inventory.Column;
import dev.ferry.transforms.load.RowSink;
import dev.ferry.transforms.load.SinkWriter;
import dev.ferry.transforms.postgres.NulBytes;
import java.util.List;

/**
 * Writes one table's rows into a dump as PostgreSQL COPY text shards: one shard per key range
 * (rolled over every {@code shardRows} rows), compressed, each handed on as a {@link DumpFile} with
 * its row count, size and SHA-256 once complete.
 *
 * <pre>{@code
 * LoadTable.from(read).through(steps)
 *     .into(DumpShardSink.of(dir, "orders", columns), DumpShardSink.CODER);
 * }</pre>
 *
 * @param dir the dump directory (a local path or an {@code s3://} URL)
 * @param table the table's name, which names its shard directory, metrics and dead letters
 * @param columns the columns of the rows, in order; COPY text follows their logical types
 * @param shardRows rows after which a range's shard is closed and the next one begun
 * @param level the compression level, 1 (fastest) to 9 (smallest)
 */
public record DumpShardSink(
    String dir,
    String table,
    List<Column> columns,
    DumpCompression compression,
    NulBytes nulBytes,
    long shardRows,
    int level)
    implements RowSink<DumpFile> {

  /** Rows per shard unless the job says otherwise: a shard of about 100 MB of COPY text. */
  public static final long DEFAULT_SHARD_ROWS = 1_000_000;

  public static final org.apache.beam.sdk.coders.Coder<DumpFile> CODER =
      org.apache.beam.sdk.coders.SerializableCoder.of(DumpFile.class);

  public DumpShardSink {
    columns = List.copyOf(columns);
    if (shardRows < 1) {
      throw new IllegalArgumentException("shard rows must be 1 or more, got " + shardRows);
    }
    if (level < 1 || level > 9) {
      throw new IllegalArgumentException("compression level must be 1 to 9, got " + level);
    }
  }

  /** gzip shards of {@link #DEFAULT_SHARD_ROWS} rows; text with NUL characters is rejected. */
  public static DumpShardSink of(String dir, String table, List<Column> columns) {
    return new DumpShardSink(
        dir,
        table,
        columns,
        DumpCompression.GZIP,
        NulBytes.REJECT,
        DEFAULT_SHARD_ROWS,
        DumpCompression.DEFAULT_LEVEL);
  }

  public DumpShardSink withCompression(DumpCompression value) {
    return new DumpShardSink(dir, table, columns, value, nulBytes, shardRows, level);
  }

  public DumpShardSink withNulBytes(NulBytes value) {
    return new DumpShardSink(dir, table, columns, compression, value, shardRows, level);
  }

  public DumpShardSink withShardRows(long value) {
    return new DumpShardSink(dir, table, columns, compression, nulBytes, value, level);
  }

  /** The compression level: 1 (fastest) to 9 (smallest); gzip's default is 6. */
  public DumpShardSink withLevel(int value) {
    return new DumpShardSink(dir, table, columns, compression, nulBytes, shardRows, value);
  }

  @Override
  public SinkWriter<DumpFile> open() {
    return new DumpShardWriter(this);
  }

  @Override
  public String describe() {
    return "dump " + DumpPaths.resolve(dir, DumpPaths.tableDirectory(table)) + "/";
  }
}

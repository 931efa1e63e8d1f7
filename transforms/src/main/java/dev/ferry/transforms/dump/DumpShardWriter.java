package dev.ferry.transforms.dump;

import dev.ferry.schemas.types.ValueRejected;
import dev.ferry.transforms.deadletter.FailedRow;
import dev.ferry.transforms.load.SinkWriter;
import dev.ferry.transforms.metrics.TableMetrics;
import dev.ferry.transforms.postgres.CopyText;
import dev.ferry.transforms.read.KeyRange;
import java.io.IOException;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.apache.beam.sdk.metrics.Counter;
import org.apache.beam.sdk.values.Row;

/**
 * One worker's shard writer: rows stream through COPY text encoding and the compressor straight
 * into the shard being written, so memory holds one compression buffer and one upload part,
 * whatever the table's size. Rows count as written once their shard is complete.
 */
final class DumpShardWriter implements SinkWriter<DumpFile> {

  private static final byte NEWLINE = '\n';

  private final DumpShardSink sink;
  private final CopyText encoder;
  private final Counter written;
  private final Counter bytes;
  private KeyRange range;
  private int sequence;
  private final List<DumpFile> finished = new ArrayList<>();
  private HashedOutput file;
  private OutputStream out;
  private String path;
  private long rows;

  DumpShardWriter(DumpShardSink sink) {
    this.sink = sink;
    this.encoder = new CopyText(sink.columns(), sink.nulBytes());
    this.written = TableMetrics.written(sink.table());
    this.bytes = TableMetrics.bytes(sink.table());
  }

  @Override
  public void startRange(KeyRange newRange) {
    range = newRange;
    sequence = 0;
    finished.clear();
  }

  @Override
  public void write(Row row, Consumer<FailedRow> failures) {
    byte[] line;
    try {
      line = encoder.encode(row);
    } catch (ValueRejected e) {
      failures.accept(FailedRow.of(sink.table(), FailedRow.WRITE, e.getMessage(), row));
      return;
    }
    try {
      if (out == null) {
        open();
      }
      out.write(line);
      out.write(NEWLINE);
    } catch (IOException e) {
      throw HashedOutput.failure("cannot write", DumpPaths.resolve(sink.dir(), path), e);
    }
    if (++rows >= sink.shardRows()) {
      closeShard();
    }
  }

  private void open() throws IOException {
    if (range == null) {
      throw new IllegalStateException("a dump shard is written within a key range");
    }
    path = DumpPaths.shard(sink.table(), range, sequence++, sink.compression());
    file = HashedOutput.create(DumpPaths.resolve(sink.dir(), path), "application/octet-stream");
    out = sink.compression().compress(file, sink.level());
    rows = 0;
  }

  private void closeShard() {
    if (out == null) {
      return;
    }
    try {
      out.close(); // finishes the compressed stream, then completes the file
    } catch (IOException e) {
      throw HashedOutput.failure("cannot complete", DumpPaths.resolve(sink.dir(), path), e);
    }
    finished.add(file.toFile(path, sink.table(), rows));
    out = null;
    file = null;
  }

  @Override
  public List<DumpFile> finishRange(Consumer<FailedRow> failures) {
    closeShard();
    List<DumpFile> done = List.copyOf(finished);
    for (DumpFile f : done) {
      written.inc(f.rows());
      bytes.inc(f.bytes());
    }
    finished.clear();
    range = null;
    return done;
  }

  @Override
  public void abortRange() {
    if (file != null) {
      file.discard();
    }
    out = null;
    file = null;
    finished.clear();
    range = null;
  }

  @Override
  public void close() {
    abortRange();
  }

  @Override
  public String toString() {
    return "DumpShardWriter[" + sink.describe() + "]";
  }
}

package dev.ferry.transforms.dump;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import dev.ferry.transforms.deadletter.FailedRow;
import dev.ferry.transforms.metrics.TableMetrics;
import java.io.IOException;
import java.io.OutputStream;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.windowing.GlobalWindow;
import org.apache.beam.sdk.values.PCollection;

/**
 * Writes a dump job's rejected rows into the dump, under {@code rejected/}, as JSON lines — one
 * object per row with {@code table}, {@code stage}, {@code reason}, {@code values} (the row's
 * original values) and {@code failed_at} — and counts them as {@code rejected} per table once their
 * file is complete. One file per bundle; the manifest lists the files, so a file a retried bundle
 * left behind is not part of the dump.
 *
 * <pre>{@code
 * PCollection<DumpFile> files = allFailures.apply(WriteRejectedFiles.to(dir, DumpCompression.GZIP));
 * }</pre>
 */
public final class WriteRejectedFiles
    extends PTransform<PCollection<FailedRow>, PCollection<DumpFile>> {
  private static final long serialVersionUID = 1L;

  private final String dir;
  private final DumpCompression compression;

  private WriteRejectedFiles(String dir, DumpCompression compression) {
    this.dir = dir;
    this.compression = compression;
  }

  public static WriteRejectedFiles to(String dir, DumpCompression compression) {
    return new WriteRejectedFiles(dir, compression);
  }

  @Override
  public PCollection<DumpFile> expand(PCollection<FailedRow> failed) {
    return failed
        .apply("Write rejected rows", ParDo.of(new WriteFn(dir, compression)))
        .setCoder(DumpShardSink.CODER);
  }

  /** Streams a bundle's rejected rows into one file. */
  static final class WriteFn extends DoFn<FailedRow, DumpFile> {
    private static final long serialVersionUID = 1L;
    // The generator flushes into the shard and leaves it open for the next row.
    private static final JsonFactory JSON =
        new JsonFactory().disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);

    private final String dir;
    private final DumpCompression compression;
    private transient HashedOutput file;
    private transient OutputStream out;
    private transient String path;
    private transient long rows;
    private transient Map<String, Long> perTable;

    WriteFn(String dir, DumpCompression compression) {
      this.dir = dir;
      this.compression = compression;
    }

    @StartBundle
    public void start() {
      file = null;
      out = null;
      rows = 0;
      perTable = new HashMap<>();
    }

    @ProcessElement
    public void process(@Element FailedRow f) throws IOException {
      if (out == null) {
        path = DumpPaths.REJECTED + "/" + UUID.randomUUID() + compression.linesSuffix();
        file = HashedOutput.create(DumpPaths.resolve(dir, path), "application/x-ndjson");
        out = compression.compress(file);
      }
      try (JsonGenerator g = JSON.createGenerator(out)) {
        g.writeStartObject();
        g.writeStringField("table", f.table());
        g.writeStringField("stage", f.stage());
        g.writeStringField("reason", f.reason());
        g.writeFieldName("values");
        g.writeRawValue(f.values());
        g.writeStringField("failed_at", f.failedAt().toString());
        g.writeEndObject();
      }
      out.write('\n');
      rows++;
      perTable.merge(f.table(), 1L, Long::sum);
    }

    @FinishBundle
    public void finish(FinishBundleContext context) throws IOException {
      if (out == null) {
        return;
      }
      out.close();
      DumpFile done = file.toFile(path, "", rows);
      perTable.forEach((table, n) -> TableMetrics.rejected(table).inc(n));
      context.output(done, GlobalWindow.INSTANCE.maxTimestamp(), GlobalWindow.INSTANCE);
      out = null;
      file = null;
    }

    @Teardown
    public void teardown() {
      if (file != null) {
        file.discard();
      }
    }
  }
}

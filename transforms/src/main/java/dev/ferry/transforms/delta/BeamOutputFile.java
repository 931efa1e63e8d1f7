package dev.ferry.transforms.delta;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import org.apache.beam.sdk.io.FileSystems;
import org.apache.beam.sdk.io.fs.ResourceId;
import org.apache.beam.sdk.util.MimeTypes;
import org.apache.parquet.io.OutputFile;
import org.apache.parquet.io.PositionOutputStream;

/**
 * A Parquet {@link OutputFile} over Beam's {@link FileSystems}, so one writer serves local paths,
 * s3:// and any other registered scheme, and local files get no Hadoop {@code .crc} companions.
 * Both create methods overwrite: callers give every file a fresh unique name.
 */
public final class BeamOutputFile implements OutputFile {

  private static final int BUFFER_BYTES = 1 << 16;

  private final ResourceId resource;
  private CountingStream stream;

  private BeamOutputFile(ResourceId resource) {
    this.resource = resource;
  }

  public static BeamOutputFile of(ResourceId resource) {
    return new BeamOutputFile(resource);
  }

  @Override
  public PositionOutputStream create(long blockSizeHint) throws IOException {
    stream =
        new CountingStream(
            new BufferedOutputStream(
                Channels.newOutputStream(FileSystems.create(resource, MimeTypes.BINARY)),
                BUFFER_BYTES));
    return stream;
  }

  @Override
  public PositionOutputStream createOrOverwrite(long blockSizeHint) throws IOException {
    return create(blockSizeHint);
  }

  @Override
  public boolean supportsBlockSize() {
    return false;
  }

  @Override
  public long defaultBlockSize() {
    return 0;
  }

  @Override
  public String getPath() {
    return resource.toString();
  }

  /** Bytes written so far; after the Parquet writer is closed, the file's exact size. */
  public long bytesWritten() {
    return stream == null ? 0 : stream.position;
  }

  private static final class CountingStream extends PositionOutputStream {
    private final OutputStream out;
    private long position;

    CountingStream(OutputStream out) {
      this.out = out;
    }

    @Override
    public long getPos() {
      return position;
    }

    @Override
    public void write(int b) throws IOException {
      out.write(b);
      position++;
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
      out.write(b, off, len);
      position += len;
    }

    @Override
    public void flush() throws IOException {
      out.flush();
    }

    @Override
    public void close() throws IOException {
      out.close();
    }
  }
}

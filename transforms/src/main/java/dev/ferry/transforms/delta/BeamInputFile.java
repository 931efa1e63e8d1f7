package dev.ferry.transforms.delta;

import java.io.IOException;
import java.nio.channels.Channels;
import java.nio.channels.ReadableByteChannel;
import java.nio.channels.SeekableByteChannel;
import org.apache.beam.sdk.io.FileSystems;
import org.apache.beam.sdk.io.fs.ResourceId;
import org.apache.parquet.io.DelegatingSeekableInputStream;
import org.apache.parquet.io.InputFile;
import org.apache.parquet.io.SeekableInputStream;

/**
 * A Parquet {@link InputFile} over Beam's {@link FileSystems}, the reading twin of {@link
 * BeamOutputFile}: one reader serves local paths and s3://. The length comes from the Delta log, so
 * opening a file costs no extra listing.
 */
final class BeamInputFile implements InputFile {

  private final ResourceId resource;
  private final long length;

  private BeamInputFile(ResourceId resource, long length) {
    this.resource = resource;
    this.length = length;
  }

  static BeamInputFile of(String location, long length) {
    return new BeamInputFile(FileSystems.matchNewResource(location, false), length);
  }

  @Override
  public long getLength() {
    return length;
  }

  @Override
  public SeekableInputStream newStream() throws IOException {
    ReadableByteChannel opened = FileSystems.open(resource);
    if (!(opened instanceof SeekableByteChannel channel)) {
      opened.close();
      throw new IOException(resource + " cannot be read at random positions, as Parquet needs");
    }
    return new DelegatingSeekableInputStream(Channels.newInputStream(channel)) {
      @Override
      public long getPos() throws IOException {
        return channel.position();
      }

      @Override
      public void seek(long position) throws IOException {
        channel.position(position);
      }
    };
  }

  @Override
  public String toString() {
    return resource.toString();
  }
}

package dev.ferry.transforms.dump;

import dev.ferry.schemas.SourceException;
import dev.ferry.transforms.s3.S3Errors;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.WritableByteChannel;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import org.apache.beam.sdk.io.FileSystems;
import org.apache.beam.sdk.io.fs.CreateOptions;
import org.apache.beam.sdk.io.fs.ResourceId;
import software.amazon.awssdk.core.exception.SdkException;

/**
 * A new file of a dump, written through Beam's {@code FileSystems} (a local file, or an S3 object
 * uploaded in parts), that counts and hashes every byte on its way out: the manifest's size and
 * SHA-256 come from what was written, never from reading it back.
 *
 * <pre>{@code
 * try (HashedOutput out = HashedOutput.create(dir + "/schema.sql", "application/sql")) {
 *   out.write(sql);
 *   out.close();
 *   DumpFile file = out.toFile("schema.sql", "", 0);
 * }
 * }</pre>
 */
public final class HashedOutput extends OutputStream {

  private static final int BUFFER = 1 << 16;

  private final String url;
  private final WritableByteChannel channel;
  private final MessageDigest digest = sha256();
  private final ByteBuffer buffer = ByteBuffer.allocate(BUFFER);
  private long bytes;
  private boolean closed;

  private HashedOutput(String url, WritableByteChannel channel) {
    this.url = url;
    this.channel = channel;
  }

  /** Creates (or replaces) the file at {@code url}. */
  public static HashedOutput create(String url, String mimeType) {
    ResourceId id = FileSystems.matchNewResource(url, false);
    try {
      return new HashedOutput(
          url,
          FileSystems.create(
              id, CreateOptions.StandardCreateOptions.builder().setMimeType(mimeType).build()));
    } catch (IOException e) {
      throw failure("cannot create", url, e);
    } catch (SdkException e) {
      // Beam's S3 channel wraps the SDK's client errors in IOException, not S3's own answers
      throw failure("cannot create", url, new IOException(e));
    }
  }

  /**
   * Writes {@code bytes} as the file {@code path} of the dump at {@code dir}, in one call: the
   * small files of a dump (schema.sql, restore.sql, SHA256SUMS, the manifest, the restored marker).
   *
   * @throws SourceException when the file cannot be written, with S3's own line where it is S3's
   */
  public static DumpFile write(String dir, String path, byte[] bytes, String mimeType) {
    String url = DumpPaths.resolve(dir, path);
    HashedOutput out = create(url, mimeType);
    try (out) {
      out.write(bytes);
    } catch (IOException e) {
      throw failure("cannot write", url, e);
    }
    return out.toFile(path, "", 0);
  }

  @Override
  public void write(int b) throws IOException {
    if (!buffer.hasRemaining()) {
      drain();
    }
    buffer.put((byte) b);
  }

  @Override
  public void write(byte[] b, int off, int len) throws IOException {
    while (len > 0) {
      if (!buffer.hasRemaining()) {
        drain();
      }
      int n = Math.min(len, buffer.remaining());
      buffer.put(b, off, n);
      off += n;
      len -= n;
    }
  }

  private void drain() throws IOException {
    buffer.flip();
    digest.update(buffer.array(), 0, buffer.limit());
    bytes += buffer.limit();
    try {
      while (buffer.hasRemaining()) {
        channel.write(buffer);
      }
    } catch (SdkException e) {
      throw new IOException(e); // a failed part upload, S3's answer unwrapped (Beam 2.70)
    }
    buffer.clear();
  }

  /** Writes what is buffered and completes the file (an S3 upload is completed here). */
  @Override
  public void close() throws IOException {
    if (closed) {
      return;
    }
    closed = true;
    try {
      drain();
      closeChannel();
    } catch (IOException e) {
      throw new IOException(failure("cannot write", url, e).getMessage(), e);
    }
  }

  private void closeChannel() throws IOException {
    try {
      channel.close();
    } catch (SdkException e) {
      throw new IOException(e); // so is a failed completion of the upload
    }
  }

  /** Bytes written so far (all of them once closed). */
  public long bytes() {
    return bytes + buffer.position();
  }

  /** The SHA-256 of everything written; call after {@link #close()}. */
  public String sha256Hex() {
    if (!closed) {
      throw new IllegalStateException("close " + url + " before asking for its checksum");
    }
    return HexFormat.of().formatHex(digest.digest());
  }

  /** The closed file as the manifest lists it. */
  public DumpFile toFile(String path, String table, long rows) {
    return new DumpFile(path, table, rows, bytes(), sha256Hex());
  }

  /** Abandons the file: closes it without caring whether that works, and deletes it. */
  public void discard() {
    closed = true;
    try {
      channel.close();
    } catch (IOException | RuntimeException ignored) {
      // deleting below is what matters
    }
    try {
      FileSystems.delete(java.util.List.of(FileSystems.matchNewResource(url, false)));
    } catch (IOException | RuntimeException ignored) {
      // a file that cannot be deleted is left out of the manifest, which is what counts
    }
  }

  static SourceException failure(String what, String url, IOException e) {
    return new SourceException(what + " " + url + ": " + describe(url, e), e);
  }

  /** One line for an I/O failure at {@code url}: S3's own when it is an S3 error. */
  public static String describe(String url, IOException e) {
    return S3Errors.describe(e, bucketOf(url))
        .orElse(e.getClass().getSimpleName() + ": " + e.getMessage());
  }

  static String bucketOf(String url) {
    if (!url.startsWith("s3://")) {
      return "";
    }
    String rest = url.substring("s3://".length());
    int slash = rest.indexOf('/');
    return slash < 0 ? rest : rest.substring(0, slash);
  }

  /** A new SHA-256 digest. */
  public static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("this JVM has no SHA-256", e);
    }
  }
}

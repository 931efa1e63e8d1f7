package dev.ferry.pipelines.ship;

import dev.ferry.pipelines.job.JobException;
import dev.ferry.transforms.dump.DatedDirectory;
import dev.ferry.transforms.dump.DumpPaths;
import dev.ferry.transforms.dump.HashedOutput;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.time.LocalDate;
import java.util.HexFormat;
import java.util.regex.Pattern;
import org.apache.beam.sdk.io.FileSystems;
import org.apache.beam.sdk.io.fs.MatchResult;

/**
 * Uploads one existing file (a mysqldump or pg_dump output) into the dated layout of {@link
 * DatedDirectory} through Beam's {@code FileSystems} (S3 uploads are multipart, in parts of Beam's
 * {@code s3UploadBufferSizeBytes}), and writes {@code <file>.sha256} beside it in {@code sha256sum}
 * format. After the upload the object's size is checked; with {@link #withDeleteAfter} the object
 * is also read back and its SHA-256 compared before the local file is removed, so a file is only
 * ever deleted once a full copy is confirmed in the store.
 *
 * <pre>{@code
 * Shipment s = ShipFile.of(Path.of("/srv/backups/db.sql.gz"), S3Location.parse("s3://backups/mysql", "--to"))
 *     .withDeleteAfter(true)
 *     .run(LocalDate.now(ZoneOffset.UTC));
 * // s.url(): s3://backups/mysql/db/2026/11/21/db-20261121/db.sql.gz
 * }</pre>
 *
 * <p>Never overwrites: each run gets a new dated directory. Not atomic: a run that dies mid-upload
 * leaves no object (multipart uploads complete at the end), but one that dies between the file and
 * its {@code .sha256} leaves a directory without a checksum, which the next run does not reuse.
 */
public final class ShipFile {

  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]{0,127}");

  private final Path file;
  private final S3Location to;
  private final String name;
  private final boolean deleteAfter;

  private ShipFile(Path file, S3Location to, String name, boolean deleteAfter) {
    this.file = file;
    this.to = to;
    this.name = name;
    this.deleteAfter = deleteAfter;
  }

  /** Ships {@code file} under {@code to}, named after the file's base name without extensions. */
  public static ShipFile of(Path file, S3Location to) {
    return new ShipFile(file, to, null, false);
  }

  /** The dump's name in the layout instead of the file's base name. */
  public ShipFile withName(String name) {
    if (name != null && !NAME.matcher(name).matches()) {
      throw new JobException(
          "--name must be letters, digits, _ - . (starting with a letter or digit), got: " + name);
    }
    return new ShipFile(file, to, name, deleteAfter);
  }

  /** Removes the local file once the uploaded copy's size and SHA-256 are confirmed. */
  public ShipFile withDeleteAfter(boolean deleteAfter) {
    return new ShipFile(file, to, name, deleteAfter);
  }

  /** The name in the layout: the given one, or the file name up to its first dot. */
  public String name() {
    if (name != null) {
      return name;
    }
    String fileName = file.getFileName().toString();
    int dot = fileName.indexOf('.');
    String base = dot < 0 ? fileName : fileName.substring(0, dot);
    if (!NAME.matcher(base).matches()) {
      throw new JobException(
          "cannot name the dump after '"
              + fileName
              + "': give one with --name (letters, digits, _ - .)");
    }
    return base;
  }

  /** Uploads the file into {@code date}'s next free directory. */
  public Shipment run(LocalDate date) throws IOException {
    if (!Files.isRegularFile(file)) {
      throw new ShipException(ShipLog.NO_FILE);
    }
    String dumpName = name();
    long size = Files.size(file);
    if (size == 0) {
      throw new ShipException(file + " is empty (0 bytes): not uploaded");
    }
    String directory = DatedDirectory.next(to.toString(), dumpName, date);
    String fileName = file.getFileName().toString();
    String url = to.resolve(directory + "/" + fileName);

    String sha256 = upload(url);
    HashedOutput.write(
        DumpPaths.resolve(to.toString(), directory),
        fileName + ".sha256",
        (sha256 + "  " + fileName + "\n").getBytes(StandardCharsets.UTF_8),
        "text/plain");
    confirm(url, size, sha256);
    if (deleteAfter) {
      Files.delete(file);
    }
    return new Shipment(url, size, sha256, deleteAfter);
  }

  /** Uploads the file, hashing it on the way out; returns its SHA-256. */
  private String upload(String url) throws IOException {
    HashedOutput out = HashedOutput.create(url, "application/octet-stream");
    try (out) {
      Files.copy(file, out);
    }
    return out.sha256Hex();
  }

  /** The object's size always; with delete-after its SHA-256 too, read back in full. */
  private void confirm(String url, long size, String sha256) throws IOException {
    MatchResult.Metadata uploaded = FileSystems.matchSingleFileSpec(url);
    if (uploaded.sizeBytes() != size) {
      throw new ShipException(
          url + " has " + uploaded.sizeBytes() + " bytes after the upload, the file " + size);
    }
    if (!deleteAfter) {
      return;
    }
    MessageDigest digest = HashedOutput.sha256();
    try (InputStream in =
        new DigestInputStream(
            Channels.newInputStream(FileSystems.open(uploaded.resourceId())), digest)) {
      in.transferTo(OutputStream.nullOutputStream());
    }
    String readBack = HexFormat.of().formatHex(digest.digest());
    if (!readBack.equals(sha256)) {
      throw new ShipException(
          url
              + " reads back with SHA-256 "
              + readBack
              + ", the file has "
              + sha256
              + ": file kept");
    }
  }

  @Override
  public String toString() {
    return "ShipFile{" + file + " -> " + to + (deleteAfter ? ", delete after" : "") + "}";
  }
}

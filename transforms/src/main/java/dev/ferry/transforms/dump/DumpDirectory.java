package dev.ferry.transforms.dump;

import dev.ferry.schemas.SourceException;
import dev.ferry.schemas.inventory.Table;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.Channels;
import java.nio.file.NoSuchFileException;
import java.util.Locale;
import java.util.Optional;
import org.apache.beam.sdk.io.FileSystems;

/**
 * A complete dump, found and its manifest read: the source of a restore.
 *
 * <pre>{@code
 * DumpDirectory.open("s3://backups/ferry/shop/2026/11/21/shop-20261121");
 * DumpDirectory.open("s3://backups/ferry/shop/latest"); // the newest complete dump of shop
 * }</pre>
 *
 * @param dir where it lies: a local path or an {@code s3://} URL, without a trailing slash
 */
public record DumpDirectory(String dir, DumpManifest manifest) implements java.io.Serializable {

  /** The last path segment that asks for the newest complete dump of the name before it. */
  public static final String LATEST = "latest";

  /**
   * Finds the dump at {@code url}: a dump directory, or {@code <prefix>/<name>/latest}.
   *
   * @throws DumpRefused when the directory has no manifest (the dump never finished) or the
   *     manifest is not one
   * @throws SourceException when the location cannot be read
   */
  public static DumpDirectory open(String url) {
    String dir = url.replaceAll("/+$", "");
    int slash = dir.lastIndexOf('/');
    if (slash > 0 && dir.substring(slash + 1).equals(LATEST)) {
      dir = latest(dir.substring(0, slash));
    }
    return new DumpDirectory(dir, readManifest(dir));
  }

  private static String latest(String nameDir) {
    int slash = nameDir.lastIndexOf('/');
    if (slash <= 0) {
      throw new SourceException(
          "source.url " + nameDir + "/latest: give it as <prefix>/<name>/latest");
    }
    String root = nameDir.substring(0, slash);
    String name = nameDir.substring(slash + 1);
    Optional<String> newest;
    try {
      newest = DatedDirectory.latest(root, name);
    } catch (IOException e) {
      throw HashedOutput.failure("cannot list", nameDir, e);
    }
    return DumpPaths.resolve(
        root,
        newest.orElseThrow(
            () ->
                new DumpRefused(
                    "no complete dump of '"
                        + name
                        + "' under "
                        + root
                        + " (a complete dump has "
                        + name
                        + "/YYYY/MM/DD/"
                        + name
                        + "-YYYYMMDD[-N]/"
                        + DumpPaths.MANIFEST
                        + ")")));
  }

  private static DumpManifest readManifest(String dir) {
    String url = DumpPaths.resolve(dir, DumpPaths.MANIFEST);
    byte[] json;
    try (InputStream in =
        Channels.newInputStream(FileSystems.open(FileSystems.matchNewResource(url, false)))) {
      json = in.readAllBytes();
    } catch (IOException e) {
      if (isMissing(e)) {
        throw new DumpRefused(
            dir
                + " has no "
                + DumpPaths.MANIFEST
                + ": it is not a dump, or one that did not finish (the manifest is written last);"
                + " point source.url at a complete dump, or at <prefix>/<name>/latest");
      }
      throw HashedOutput.failure("cannot read", url, e);
    }
    try {
      return DumpManifest.parse(json);
    } catch (IllegalArgumentException e) {
      throw new DumpRefused(url + ": " + e.getMessage());
    }
  }

  /**
   * Whether {@code e} says the file is not there: a local file's own exceptions, or S3's NoSuchKey
   * / 404 anywhere in the causes Beam wraps it in.
   */
  static boolean isMissing(IOException e) {
    for (Throwable c = e; c != null; c = c.getCause()) {
      String m = String.valueOf(c.getMessage()).toLowerCase(Locale.ROOT);
      if (c instanceof FileNotFoundException
          || c instanceof NoSuchFileException
          || c.getClass().getSimpleName().equals("NoSuchKeyException")
          || m.contains("status code: 404")
          || m.contains("nosuchkey")) {
        return true;
      }
    }
    return false;
  }

  /** Whether it lies in an object store (and is downloaded before a restore). */
  public boolean remote() {
    return dir.contains("://");
  }

  /** {@code dir/relative}. */
  public String resolve(String relative) {
    return DumpPaths.resolve(dir, relative);
  }

  /** The same dump, read from {@code newDir} (a local copy of it). */
  public DumpDirectory at(String newDir) {
    return new DumpDirectory(newDir, manifest);
  }

  /** The reader of {@code table} (as planned, casts applied) from its shards. */
  public DumpShardReader reader(Table table) {
    DumpManifest.ManifestTable dumped =
        manifest
            .table(table.name())
            .orElseThrow(
                () -> new IllegalArgumentException("the dump has no table " + table.name()));
    return new DumpShardReader(table, dir, dumped.files(), compression());
  }

  public DumpCompression compression() {
    return DumpCompression.valueOf(manifest.compression().toUpperCase(Locale.ROOT));
  }
}

package dev.ferry.transforms.dump;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.apache.beam.sdk.io.FileSystems;

/**
 * Checks a dump before anything of it is loaded: every file the manifest lists is there, has its
 * size and SHA-256, and every data shard holds its number of rows (lines, decompressed). Files are
 * checked in parallel. A dump in an object store can be downloaded while it is checked, so a
 * restore reads each byte from the store once and loads from the checked local copy.
 *
 * <pre>{@code
 * DumpDirectory checked = DumpCheck.of(dump).stagingIn(Path.of("/var/tmp/ferry")).run();
 * }</pre>
 */
public final class DumpCheck {

  private static final int THREADS = 4;
  private static final int SHOWN = 5;

  private final DumpDirectory dump;
  private final Path staging;

  private DumpCheck(DumpDirectory dump, Path staging) {
    this.dump = dump;
    this.staging = staging;
  }

  public static DumpCheck of(DumpDirectory dump) {
    return new DumpCheck(dump, null);
  }

  /** Downloads the files into {@code dir} while checking them; the result reads from there. */
  public DumpCheck stagingIn(Path dir) {
    return new DumpCheck(dump, dir);
  }

  /**
   * Checks every file.
   *
   * @return the dump, at its staging copy when there is one
   * @throws DumpRefused naming the files that are missing, cut short or altered
   */
  public DumpDirectory run() {
    List<String> problems = problems();
    if (!problems.isEmpty()) {
      List<String> shown = problems.stream().sorted().limit(SHOWN).toList();
      throw new DumpRefused(
          "restore refused, nothing was loaded: "
              + dump.dir()
              + ": "
              + String.join("; ", shown)
              + (problems.size() > SHOWN ? "; and " + (problems.size() - SHOWN) + " more" : ""));
    }
    return staging == null ? dump : dump.at(staging.toAbsolutePath().toString());
  }

  /**
   * Checks every file and says what is wrong, without refusing: {@code ferry verify} reports a
   * damaged dump as a difference.
   *
   * @return one line per file that is missing, cut short or altered, each starting with the file's
   *     path in the dump; empty when the dump is as its manifest says
   */
  public List<String> problems() {
    List<DumpFile> files = dump.manifest().files();
    ExecutorService pool =
        Executors.newFixedThreadPool(Math.min(THREADS, Math.max(1, files.size())));
    List<String> problems = new ArrayList<>();
    // The shards a restore reads are the tables' lists: each must be one of the files checked.
    java.util.Set<String> listed = new java.util.HashSet<>();
    files.forEach(f -> listed.add(f.path()));
    for (DumpManifest.ManifestTable t : dump.manifest().tables()) {
      for (String shard : t.files()) {
        if (!listed.contains(shard)) {
          problems.add(shard + " of table " + t.name() + " is not among the manifest's files");
        }
      }
    }
    try {
      List<Future<String>> checks = new ArrayList<>();
      for (DumpFile f : files) {
        checks.add(pool.submit(() -> check(f)));
      }
      for (Future<String> c : checks) {
        String problem = c.get();
        if (problem != null) {
          problems.add(problem);
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new DumpRefused("the check of " + dump.dir() + " was interrupted");
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      throw cause instanceof RuntimeException r ? r : new IllegalStateException(cause);
    } finally {
      pool.shutdownNow();
    }
    return problems;
  }

  /** The problem with {@code f}, or null when it is as the manifest says. */
  private String check(DumpFile f) throws IOException {
    if (!insideTheDump(f.path())) {
      // read from outside the dump, or staged outside the staging directory: never
      return f.path() + " is not a path inside the dump";
    }
    MessageDigest digest = HashedOutput.sha256();
    long[] bytes = {0};
    long lines;
    Path local = staging == null ? null : staging.resolve(f.path());
    try (InputStream raw =
            Channels.newInputStream(
                FileSystems.open(FileSystems.matchNewResource(dump.resolve(f.path()), false)));
        InputStream counted = new CountingInput(new DigestInputStream(raw, digest), bytes)) {
      InputStream in = counted;
      OutputStream copy = null;
      if (local != null) {
        Files.createDirectories(local.getParent());
        copy = Files.newOutputStream(local);
        in = new TeeInput(counted, copy);
      }
      try (OutputStream closing = copy) {
        lines = hasRows(f) ? countLines(in) : -1;
        drain(in); // whatever follows the compressed stream still counts and is hashed
      }
    } catch (IOException e) {
      if (DumpDirectory.isMissing(e)) {
        return f.path() + " is missing";
      }
      if (e instanceof java.util.zip.ZipException || e instanceof java.io.EOFException) {
        return f.path() + " does not decompress (" + e.getMessage() + "): cut short or altered";
      }
      throw HashedOutput.failure("cannot read", dump.resolve(f.path()), e);
    }
    if (bytes[0] != f.bytes()) {
      return f.path() + " has " + bytes[0] + " bytes, the manifest says " + f.bytes();
    }
    String sha = HexFormat.of().formatHex(digest.digest());
    if (!sha.equals(f.sha256())) {
      return f.path() + " has SHA-256 " + sha + ", the manifest says " + f.sha256() + ": altered";
    }
    if (lines >= 0 && lines != f.rows()) {
      return f.path() + " holds " + lines + " rows, the manifest says " + f.rows();
    }
    return null;
  }

  /** A relative path of plain segments: no {@code ..}, {@code .}, empty segment or backslash. */
  static boolean insideTheDump(String path) {
    if (path.isEmpty() || path.startsWith("/") || path.contains("\\") || path.contains(":")) {
      return false;
    }
    for (String segment : path.split("/", -1)) {
      if (segment.isEmpty() || segment.equals(".") || segment.equals("..")) {
        return false;
      }
    }
    return true;
  }

  private long countLines(InputStream in) throws IOException {
    long[] count = {0};
    long cut =
        new LineReader(dump.compression().decompress(in))
            .forEach((buffer, offset, length) -> count[0]++);
    return cut > 0 ? count[0] + 1 : count[0];
  }

  private static void drain(InputStream in) throws IOException {
    in.transferTo(OutputStream.nullOutputStream());
  }

  private static boolean hasRows(DumpFile f) {
    return f.isData() || f.path().startsWith(DumpPaths.REJECTED + "/");
  }

  /** Counts the bytes read through it. */
  private static final class CountingInput extends java.io.FilterInputStream {
    private final long[] count;

    CountingInput(InputStream in, long[] count) {
      super(in);
      this.count = count;
    }

    @Override
    public int read() throws IOException {
      int b = super.read();
      if (b >= 0) {
        count[0]++;
      }
      return b;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      int n = super.read(b, off, len);
      if (n > 0) {
        count[0] += n;
      }
      return n;
    }
  }

  /** Copies what is read through it into {@code copy}. */
  private static final class TeeInput extends java.io.FilterInputStream {
    private final OutputStream copy;

    TeeInput(InputStream in, OutputStream copy) {
      super(in);
      this.copy = copy;
    }

    @Override
    public int read() throws IOException {
      int b = super.read();
      if (b >= 0) {
        copy.write(b);
      }
      return b;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      int n = super.read(b, off, len);
      if (n > 0) {
        copy.write(b, off, n);
      }
      return n;
    }
  }
}

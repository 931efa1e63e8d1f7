package dev.ferry.transforms.delta;

import io.delta.standalone.DeltaLog;
import io.delta.standalone.VersionLog;
import io.delta.standalone.actions.Action;
import io.delta.standalone.actions.AddFile;
import io.delta.standalone.actions.RemoveFile;
import java.io.IOException;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocatedFileStatus;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RemoteIterator;

/**
 * Deletes data files a Delta table no longer needs: replaced partitions and files of failed or
 * skipped runs stay on disk until then. A file goes only if the current version does not reference
 * it, it was not removed within the retention (so time travel that far back still works, and a
 * writer's not-yet-committed file is not taken), and it is older than the retention. The log
 * ({@code _delta_log}) and other hidden directories are never touched.
 *
 * <pre>{@code
 * List<String> deleted = DeltaVacuum.of("lake/silver/orders").retention(Duration.ofDays(7)).run();
 * }</pre>
 */
public final class DeltaVacuum {

  /** Delta's default: a week of time travel, and longer than any write should take. */
  public static final Duration DEFAULT_RETENTION = Duration.ofDays(7);

  private final String path;
  private final Duration retention;
  private final Clock clock;

  private DeltaVacuum(String path, Duration retention, Clock clock) {
    this.path = path;
    this.retention = retention;
    this.clock = clock;
  }

  public static DeltaVacuum of(String path) {
    return new DeltaVacuum(
        DeltaTableSpec.of(path, "vacuum", List.of()).path(), DEFAULT_RETENTION, Clock.systemUTC());
  }

  public DeltaVacuum retention(Duration value) {
    if (value.isNegative()) {
      throw new IllegalArgumentException("retention must not be negative, not " + value);
    }
    return new DeltaVacuum(path, value, clock);
  }

  /** Tests only: the time "now" is taken from. */
  DeltaVacuum clock(Clock value) {
    return new DeltaVacuum(path, retention, value);
  }

  /**
   * Deletes the unneeded files.
   *
   * @return their paths relative to the table root, sorted
   */
  public List<String> run() {
    try {
      return vacuum();
    } catch (IOException | RuntimeException e) {
      throw DeltaErrors.cannotWrite(path, e);
    }
  }

  private List<String> vacuum() throws IOException {
    Configuration conf = AtomicLocalLogStore.hadoopConf();
    DeltaLog log = DeltaLog.forTable(conf, path);
    if (!log.tableExists()) {
      throw new IllegalStateException("no Delta table here (no _delta_log)");
    }
    long cutoff = clock.millis() - retention.toMillis();
    Set<String> keep = new HashSet<>();
    for (AddFile f : log.update().getAllFiles()) {
      keep.add(relative(f.getPath()));
    }
    Iterator<VersionLog> versions = log.getChanges(0, false);
    while (versions.hasNext()) {
      for (Action a : versions.next().getActions()) {
        if (a instanceof RemoveFile r && r.getDeletionTimestamp().orElse(Long.MAX_VALUE) > cutoff) {
          keep.add(relative(r.getPath()));
        }
      }
    }
    Path root = new Path(path);
    FileSystem fs = root.getFileSystem(conf);
    List<String> deleted = new ArrayList<>();
    collect(fs, root, "", keep, cutoff, deleted);
    for (String file : deleted) {
      fs.delete(new Path(root, file), false);
    }
    deleted.sort(null);
    return deleted;
  }

  private static void collect(
      FileSystem fs, Path dir, String prefix, Set<String> keep, long cutoff, List<String> out)
      throws IOException {
    RemoteIterator<LocatedFileStatus> it = fs.listLocatedStatus(dir);
    while (it.hasNext()) {
      FileStatus s = it.next();
      String name = s.getPath().getName();
      if (hidden(name)) {
        continue;
      }
      String rel = prefix + name;
      if (s.isDirectory()) {
        collect(fs, s.getPath(), rel + "/", keep, cutoff, out);
      } else if (!keep.contains(rel) && s.getModificationTime() < cutoff) {
        out.add(rel);
      }
    }
  }

  /** Delta's rule: {@code _delta_log}, {@code .crc} siblings and the like; not {@code _x=1}. */
  private static boolean hidden(String name) {
    return (name.startsWith("_") || name.startsWith(".")) && !name.contains("=");
  }

  /** The log stores URI-encoded paths, relative or (rarely) absolute under the table root. */
  private String relative(String logPath) {
    URI uri = URI.create(logPath);
    String p = uri.getPath();
    if (uri.isAbsolute() || p.startsWith("/")) {
      String root = new Path(path).toUri().getPath();
      return p.startsWith(root + "/") ? p.substring(root.length() + 1) : p;
    }
    return p;
  }
}

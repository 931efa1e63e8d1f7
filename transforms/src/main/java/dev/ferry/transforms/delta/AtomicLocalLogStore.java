package dev.ferry.transforms.delta;

import io.delta.storage.HadoopFileSystemLogStore;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Paths;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Iterator;
import java.util.UUID;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;

/**
 * Writes Delta commit files on a local file system so that two writers can never both win a
 * version. delta-standalone's default for {@code file:} paths (delta-storage's {@code
 * HDFSLogStore}) checks that {@code N.json} is absent and then renames onto it; its lock only
 * applies to a bare {@code RawLocalFileSystem} and one log instance, and a local rename replaces an
 * existing file, so two racing writers both "commit" version N and the second silently overwrites
 * the first (seen here as a lost commit and a checksum error). Here the file is published with a
 * hard link, which the operating system refuses atomically when the name exists, also across
 * processes.
 */
public final class AtomicLocalLogStore extends HadoopFileSystemLogStore {

  /** The Hadoop setting that makes delta-standalone use this store for {@code file:} paths. */
  public static final String CONF_KEY = "delta.logStore.file.impl";

  public AtomicLocalLogStore(Configuration hadoopConf) {
    super(hadoopConf);
  }

  /** A Hadoop configuration for {@code DeltaLog.forTable} that uses this store. */
  public static Configuration hadoopConf() {
    Configuration conf = new Configuration();
    conf.set(CONF_KEY, AtomicLocalLogStore.class.getName());
    return conf;
  }

  @Override
  public void write(Path path, Iterator<String> actions, Boolean overwrite, Configuration conf)
      throws IOException {
    java.nio.file.Path target = Paths.get(path.toUri());
    java.nio.file.Path dir = target.getParent();
    Files.createDirectories(dir);
    java.nio.file.Path temp =
        dir.resolve("." + target.getFileName() + "." + UUID.randomUUID() + ".tmp");
    try {
      try (Writer w =
          Files.newBufferedWriter(temp, StandardCharsets.UTF_8, StandardOpenOption.CREATE_NEW)) {
        while (actions.hasNext()) {
          w.write(actions.next());
          w.write('\n');
        }
      }
      if (overwrite) {
        Files.move(
            temp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
      } else {
        try {
          Files.createLink(target, temp);
        } catch (FileAlreadyExistsException e) {
          // delta-standalone takes exactly this as "another writer won this version".
          throw new FileAlreadyExistsException(path.toString());
        }
      }
    } finally {
      Files.deleteIfExists(temp);
    }
  }

  /**
   * True, as for every local store: delta-standalone asks this before writing a checkpoint Parquet
   * file through Hadoop (not through this store), and only writes it to a temporary name and
   * renames it when partial writes are visible, which on a local disk they are.
   */
  @Override
  public Boolean isPartialWriteVisible(Path path, Configuration conf) {
    return true;
  }
}

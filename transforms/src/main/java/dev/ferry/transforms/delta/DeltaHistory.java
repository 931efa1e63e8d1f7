package dev.ferry.transforms.delta;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.delta.standalone.DeltaLog;
import io.delta.standalone.VersionLog;
import io.delta.standalone.actions.Action;
import io.delta.standalone.actions.AddFile;
import io.delta.standalone.actions.CommitInfo;
import io.delta.standalone.actions.RemoveFile;
import io.delta.standalone.actions.SetTransaction;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * What a table's commits did and recorded, read from its Delta log. A layer built from another
 * records the version it read in its commit ({@link DeltaTableSpec#withCommitInfo}); the next run
 * asks which partitions changed since, and rebuilds only those. An incremental bronze table records
 * its cursor's last value the same way.
 */
public final class DeltaHistory {

  /** How many commits back a recorded value is looked for. */
  static final int LOOK_BACK = 100;

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final TypeReference<Map<String, String>> VALUES = new TypeReference<>() {};

  private DeltaHistory() {}

  /**
   * Whether the table at {@code path} has committed {@code version} (or later) of transaction
   * {@code appId}: a repeated run id need not build that table again.
   */
  public static boolean committed(String path, String appId, long version) {
    try {
      DeltaLog log = DeltaLog.forTable(AtomicLocalLogStore.hadoopConf(), path);
      return log.tableExists() && log.startTransaction().txnVersion(appId) >= version;
    } catch (RuntimeException e) {
      throw DeltaErrors.cannotRead(path, e);
    }
  }

  /** The key an incremental table's commits record its cursor column's last value under. */
  public static String cursorKey(String column) {
    return "ferry.cursor." + column;
  }

  /**
   * The value recorded under {@code key} by the latest of the last {@value #LOOK_BACK} commits that
   * recorded one, or empty (no table, or no such commit).
   */
  public static Optional<String> recorded(String path, String key) {
    try {
      DeltaLog log = DeltaLog.forTable(AtomicLocalLogStore.hadoopConf(), path);
      if (!log.tableExists()) {
        return Optional.empty();
      }
      long latest = log.update().getVersion();
      for (long v = latest; v >= 0 && v > latest - LOOK_BACK; v--) {
        String value = values(log.getCommitInfoAt(v)).get(key);
        if (value != null) {
          return Optional.of(value);
        }
      }
      return Optional.empty();
    } catch (RuntimeException e) {
      throw DeltaErrors.cannotRead(path, e);
    }
  }

  /**
   * The application id of the newest of the last {@value #LOOK_BACK} commits that carried a
   * transaction id ({@code ferry:<job>:<run id>} for a bronze run), or empty: which run appended
   * last up to {@code version} (-1: the latest), skipping commits that only compacted or vacuumed.
   */
  public static Optional<String> latestTransaction(String path, long version) {
    try {
      DeltaLog log = DeltaLog.forTable(AtomicLocalLogStore.hadoopConf(), path);
      if (!log.tableExists()) {
        return Optional.empty();
      }
      long latest = version < 0 ? log.update().getVersion() : version;
      for (long v = latest; v >= 0 && v > latest - LOOK_BACK; v--) {
        Iterator<VersionLog> changes = log.getChanges(v, false);
        if (!changes.hasNext()) {
          continue;
        }
        VersionLog change = changes.next();
        if (change.getVersion() != v) {
          continue;
        }
        for (Action a : change.getActions()) {
          if (a instanceof SetTransaction txn) {
            return Optional.of(txn.getAppId());
          }
        }
      }
      return Optional.empty();
    } catch (RuntimeException e) {
      throw DeltaErrors.cannotRead(path, e);
    }
  }

  /**
   * The partitions (each a map of partition values) where commits after {@code version} added or
   * removed files, or empty when the log no longer holds all of those commits.
   */
  public static Optional<List<Map<String, String>>> partitionsChangedSince(
      String path, long version) {
    try {
      DeltaLog log = DeltaLog.forTable(AtomicLocalLogStore.hadoopConf(), path);
      long latest = log.update().getVersion();
      Set<Map<String, String>> partitions = new LinkedHashSet<>();
      if (version >= latest) {
        return Optional.of(List.of());
      }
      Iterator<VersionLog> changes = log.getChanges(version + 1, false);
      long expected = version + 1;
      while (changes.hasNext()) {
        VersionLog change = changes.next();
        if (change.getVersion() != expected++) {
          return Optional.empty(); // a gap: the log was cleaned up since
        }
        for (Action a : change.getActions()) {
          if (a instanceof AddFile add) {
            partitions.add(add.getPartitionValues());
          } else if (a instanceof RemoveFile remove) {
            partitions.add(remove.getPartitionValues());
          }
        }
      }
      return expected == latest + 1 ? Optional.of(new ArrayList<>(partitions)) : Optional.empty();
    } catch (RuntimeException e) {
      return Optional.empty(); // an earliest version cleaned up: the caller rebuilds everything
    }
  }

  /** What a commit recorded: its user metadata, a JSON object of text values. */
  static Map<String, String> values(CommitInfo info) {
    Optional<String> metadata = info.getUserMetadata();
    if (metadata.isEmpty()) {
      return Map.of();
    }
    try {
      return JSON.readValue(metadata.get(), VALUES);
    } catch (IOException e) {
      return Map.of(); // written by another tool
    }
  }

  /** {@code values} as a commit's user metadata. */
  static String userMetadata(Map<String, String> values) {
    try {
      return JSON.writeValueAsString(values);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }
}

package dev.ferry.transforms.delta;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ferry.schemas.SourceException;
import dev.ferry.schemas.convert.BeamSchemas;
import dev.ferry.schemas.convert.DeltaSchemas;
import dev.ferry.schemas.inventory.Column;
import io.delta.standalone.DeltaLog;
import io.delta.standalone.Snapshot;
import io.delta.standalone.actions.AddFile;
import io.delta.standalone.actions.Metadata;
import io.delta.standalone.data.CloseableIterator;
import io.delta.standalone.types.StructField;
import io.delta.standalone.types.StructType;
import java.io.IOException;
import java.io.Serializable;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import org.apache.beam.sdk.schemas.Schema;

/**
 * One version of a Delta table as a reader needs it, without the source database: the ferry columns
 * ({@link DeltaSchemas#columns}), the partition columns, the recorded primary key and the data
 * files. Immutable and serializable, so a pipeline can list it once and ship it to workers.
 *
 * <pre>{@code
 * DeltaSnapshot orders = DeltaSnapshot.load("lake/bronze/orders", 3);
 * for (DeltaFile file : orders.files(PartitionSet.of(List.of(Map.of("year", "2026"))))) {
 *   try (PartFileReader rows = orders.read(file, orders.primaryKey())) { ... }
 * }
 * }</pre>
 *
 * @param path the table root, absolute
 * @param columns the data columns in schema order, partition columns excluded; named by their
 *     source names
 * @param fileNames the data columns' names in the Delta schema and the Parquet files (lake names),
 *     in the order of {@code columns}
 * @param partitionColumns the partition columns, source names
 * @param partitionNames the partition columns' lake names: the keys of {@link
 *     DeltaFile#partitionValues()}
 * @param primaryKey the source names of the recorded primary key, empty when none is recorded
 * @param files the data files of this version
 */
public record DeltaSnapshot(
    String path,
    long version,
    List<Column> columns,
    List<String> fileNames,
    List<Column> partitionColumns,
    List<String> partitionNames,
    List<String> primaryKey,
    List<DeltaFile> files)
    implements Serializable {

  private static final ObjectMapper STATS = new ObjectMapper();

  public DeltaSnapshot {
    columns = List.copyOf(columns);
    fileNames = List.copyOf(fileNames);
    partitionColumns = List.copyOf(partitionColumns);
    partitionNames = List.copyOf(partitionNames);
    primaryKey = List.copyOf(primaryKey);
    files = List.copyOf(files);
  }

  /**
   * The latest version of the table at {@code path} (local or a Beam file system URI).
   *
   * @throws SourceException with one line naming the path when there is no readable table
   */
  public static DeltaSnapshot load(String path) {
    return load(path, -1);
  }

  /** Version {@code version} of the table at {@code path} (time travel); -1 for the latest. */
  public static DeltaSnapshot load(String path, long version) {
    String root = DeltaTableSpec.absolute(path);
    try {
      DeltaLog log = DeltaLog.forTable(AtomicLocalLogStore.hadoopConf(), root);
      if (!log.tableExists()) {
        throw new SourceException(
            "cannot read Delta table at " + root + ": there is no Delta table (no _delta_log)");
      }
      Snapshot latest = log.update();
      if (version > latest.getVersion() || version < -1) {
        throw new SourceException(
            "cannot read Delta table at "
                + root
                + ": it has no version "
                + version
                + ", the latest is "
                + latest.getVersion());
      }
      return of(root, version == -1 ? latest : log.getSnapshotForVersionAsOf(version));
    } catch (SourceException e) {
      throw e;
    } catch (Exception e) {
      // delta-standalone is Scala: Hadoop's checked IOExceptions arrive undeclared.
      throw DeltaErrors.cannotRead(root, e);
    }
  }

  /** The data files whose partition values {@code partitions} contains. */
  public List<DeltaFile> files(PartitionSet partitions) {
    return files.stream().filter(f -> partitions.contains(f.partitionValues())).toList();
  }

  /** This snapshot without its file list: what a worker reading given files needs. */
  public DeltaSnapshot withoutFiles() {
    return new DeltaSnapshot(
        path, version, columns, fileNames, partitionColumns, partitionNames, primaryKey, List.of());
  }

  /** The data columns named {@code names}, in that order. */
  public List<Column> columns(List<String> names) {
    return names.stream().map(n -> columns.get(indexOf(n))).toList();
  }

  /** Rows of {@link #read(DeltaFile, List)}, followed by the partition columns when asked. */
  public Schema rowSchema(List<String> names, boolean withPartitionColumns) {
    List<Column> all = new ArrayList<>(columns(names));
    if (withPartitionColumns) {
      all.addAll(partitionColumns);
    }
    return BeamSchemas.of(all);
  }

  /** Streams every data column of {@code file}. */
  public PartFileReader read(DeltaFile file) throws IOException {
    return read(file, columns.stream().map(Column::name).toList());
  }

  /** Streams only the data columns {@code names} of {@code file}, in that order. */
  public PartFileReader read(DeltaFile file, List<String> names) throws IOException {
    List<String> stored = names.stream().map(n -> fileNames.get(indexOf(n))).toList();
    return PartFileReader.open(file, columns(names), stored);
  }

  private int indexOf(String name) {
    for (int i = 0; i < columns.size(); i++) {
      if (columns.get(i).name().equals(name)) {
        return i;
      }
    }
    throw new IllegalArgumentException(
        "table at "
            + path
            + " has no data column "
            + name
            + "; it has "
            + columns.stream().map(Column::name).toList());
  }

  private static DeltaSnapshot of(String root, Snapshot snapshot) throws IOException {
    Metadata metadata = snapshot.getMetadata();
    StructType schema = metadata.getSchema();
    List<Column> all = DeltaSchemas.columns(schema);
    StructField[] fields = schema.getFields();
    List<Column> columns = new ArrayList<>();
    List<String> fileNames = new ArrayList<>();
    List<Column> partitionColumns = new ArrayList<>();
    List<String> partitionNames = metadata.getPartitionColumns();
    for (String partition : partitionNames) {
      for (int i = 0; i < fields.length; i++) {
        if (fields[i].getName().equals(partition)) {
          partitionColumns.add(all.get(i));
        }
      }
    }
    for (int i = 0; i < fields.length; i++) {
      if (!partitionNames.contains(fields[i].getName())) {
        columns.add(all.get(i));
        fileNames.add(fields[i].getName());
      }
    }
    List<DeltaFile> files = new ArrayList<>();
    try (CloseableIterator<AddFile> it = snapshot.scan().getFiles()) {
      while (it.hasNext()) {
        files.add(file(root, it.next()));
      }
    }
    return new DeltaSnapshot(
        root,
        snapshot.getVersion(),
        columns,
        fileNames,
        partitionColumns,
        partitionNames,
        TableProperties.primaryKey(metadata.getConfiguration(), schema),
        files);
  }

  private static DeltaFile file(String root, AddFile add) throws IOException {
    String stats = add.getStats();
    long records = -1;
    if (stats != null && !stats.isBlank()) {
      records = STATS.readTree(stats).path("numRecords").asLong(-1);
    }
    return new DeltaFile(
        add.getPath(),
        location(root, add.getPath()),
        add.getPartitionValues(),
        add.getSize(),
        add.getModificationTime(),
        records,
        stats);
  }

  /** A log path (relative and URI-encoded, or an absolute URI) as a Beam resource location. */
  private static String location(String root, String logPath) {
    try {
      URI uri = new URI(logPath);
      if (!uri.isAbsolute()) {
        return root + "/" + uri.getPath();
      }
      return "file".equals(uri.getScheme()) ? Paths.get(uri).toString() : logPath;
    } catch (URISyntaxException e) {
      throw new IllegalArgumentException("the log names a file by an invalid path: " + logPath, e);
    }
  }
}

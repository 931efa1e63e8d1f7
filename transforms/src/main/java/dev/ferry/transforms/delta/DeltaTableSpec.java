package dev.ferry.transforms.delta;

import dev.ferry.schemas.inventory.Column;
import java.io.Serializable;
import java.nio.file.Paths;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.apache.beam.sdk.transforms.display.DisplayData;

/**
 * Where and how {@link WriteDeltaTable} writes one Delta table. Immutable; {@code withX} returns a
 * changed copy.
 *
 * <pre>{@code
 * DeltaTableSpec.of("lake/bronze/orders", "orders", columns)
 *     .withPartitionColumns(List.of("year", "month", "day"))
 *     .withTransaction("shop:orders", runId);
 * }</pre>
 *
 * @param path the table root: a local path (made absolute here) or, later, an {@code s3://} URI
 * @param table the table's name in metrics, messages and the Delta metadata
 * @param columns the data columns: the first fields of every incoming row, in order
 * @param partitionColumns names of INT32 or STRING row fields after the data columns; their values
 *     go into the file path ({@code k=v/}) and the Delta partition values, not into the files
 * @param primaryKey names of the data columns that identify a row, recorded in a new table's
 *     configuration ({@link TableProperties#PRIMARY_KEY}) so readers can deduplicate; may be empty
 * @param appId the Delta transaction id of the job writing this table, or null to append on every
 *     run
 * @param txnVersion this run's number for {@code appId}; a run whose number was already committed
 *     writes nothing (a re-run never appends twice)
 * @param targetFileBytes the size at which a data file is closed and a new one started
 * @param engineInfo what the Delta log records as the writer
 * @param commit what the run's one commit does besides adding files
 */
public record DeltaTableSpec(
    String path,
    String table,
    List<Column> columns,
    List<String> partitionColumns,
    List<String> primaryKey,
    String appId,
    long txnVersion,
    long targetFileBytes,
    String engineInfo,
    CommitRules commit)
    implements Serializable {

  public static final long DEFAULT_TARGET_FILE_BYTES = 128L << 20;
  public static final String DEFAULT_ENGINE_INFO = "ferry";

  public DeltaTableSpec {
    Objects.requireNonNull(path, "path");
    Objects.requireNonNull(table, "table");
    path = absolute(path);
    columns = List.copyOf(columns);
    partitionColumns = List.copyOf(partitionColumns);
    primaryKey = List.copyOf(primaryKey);
    List<String> names = columns.stream().map(Column::name).toList();
    for (String key : primaryKey) {
      if (!names.contains(key)) {
        throw new IllegalArgumentException(
            "primary key column " + key + " is not a column of " + table + ": " + names);
      }
    }
    if (targetFileBytes <= 0) {
      throw new IllegalArgumentException(
          "targetFileBytes must be positive, not " + targetFileBytes);
    }
    commit = commit == null ? CommitRules.APPEND : commit;
    if (appId != null && (appId.isBlank() || txnVersion < 0)) {
      throw new IllegalArgumentException(
          "a Delta transaction needs a non-blank app id and a version >= 0");
    }
  }

  /** An unpartitioned table with 128 MiB files that appends on every run. */
  public static DeltaTableSpec of(String path, String table, List<Column> columns) {
    return new DeltaTableSpec(
        path,
        table,
        columns,
        List.of(),
        List.of(),
        null,
        0,
        DEFAULT_TARGET_FILE_BYTES,
        DEFAULT_ENGINE_INFO,
        CommitRules.APPEND);
  }

  public DeltaTableSpec withPartitionColumns(List<String> names) {
    return new DeltaTableSpec(
        path,
        table,
        columns,
        names,
        primaryKey,
        appId,
        txnVersion,
        targetFileBytes,
        engineInfo,
        commit);
  }

  /**
   * Records the columns that identify a row when the table is created, so readers without the
   * source database can deduplicate by them. An existing table keeps what it recorded.
   */
  public DeltaTableSpec withPrimaryKey(List<String> keyColumns) {
    return new DeltaTableSpec(
        path,
        table,
        columns,
        partitionColumns,
        keyColumns,
        appId,
        txnVersion,
        targetFileBytes,
        engineInfo,
        commit);
  }

  /** Makes the commit idempotent: once {@code version} of {@code id} is committed, re-runs skip. */
  public DeltaTableSpec withTransaction(String id, long version) {
    return new DeltaTableSpec(
        path,
        table,
        columns,
        partitionColumns,
        primaryKey,
        id,
        version,
        targetFileBytes,
        engineInfo,
        commit);
  }

  public DeltaTableSpec withTargetFileBytes(long bytes) {
    return new DeltaTableSpec(
        path,
        table,
        columns,
        partitionColumns,
        primaryKey,
        appId,
        txnVersion,
        bytes,
        engineInfo,
        commit);
  }

  public DeltaTableSpec withEngineInfo(String info) {
    return new DeltaTableSpec(
        path,
        table,
        columns,
        partitionColumns,
        primaryKey,
        appId,
        txnVersion,
        targetFileBytes,
        info,
        commit);
  }

  /**
   * Makes the commit replace {@code partitions}: their committed files are removed in the same
   * commit that adds this run's, so readers see the old rows or the new, never both or neither.
   * {@link PartitionSet#all()} rewrites the whole table, columns included.
   */
  public DeltaTableSpec replacing(PartitionSet partitions) {
    return withCommit(
        new CommitRules(partitions, commit.recorded(), commit.cursor(), commit.countedAs()));
  }

  /** Values the commit records in its commit info, for the next run ({@link DeltaHistory}). */
  public DeltaTableSpec withCommitInfo(Map<String, String> values) {
    return withCommit(
        new CommitRules(commit.replaced(), values, commit.cursor(), commit.countedAs()));
  }

  /**
   * Makes the commit record the highest value of {@code column} in the table as the incremental
   * cursor ({@link DeltaHistory#cursor}), read from the new files, or the last recorded value again
   * when they hold none.
   */
  public DeltaTableSpec withCursor(String column) {
    return withCommit(
        new CommitRules(commit.replaced(), commit.recorded(), column, commit.countedAs()));
  }

  /** Counts written rows under {@code name} rather than the table's name (a layer's line). */
  public DeltaTableSpec countedAs(String name) {
    return withCommit(new CommitRules(commit.replaced(), commit.recorded(), commit.cursor(), name));
  }

  /** The name written rows are counted under. */
  public String metricName() {
    return commit.countedAs() == null ? table : commit.countedAs();
  }

  private DeltaTableSpec withCommit(CommitRules rules) {
    return new DeltaTableSpec(
        path,
        table,
        columns,
        partitionColumns,
        primaryKey,
        appId,
        txnVersion,
        targetFileBytes,
        engineInfo,
        rules);
  }

  /**
   * What a commit does besides adding the run's files.
   *
   * @param replaced the partitions whose files it removes, or null to append
   * @param recorded values recorded in the commit info
   * @param cursor the column whose highest value is recorded as the cursor, or null
   * @param countedAs the metric name of written rows, or null for the table's name
   */
  public record CommitRules(
      PartitionSet replaced, Map<String, String> recorded, String cursor, String countedAs)
      implements Serializable {
    static final CommitRules APPEND = new CommitRules(null, Map.of(), null, null);

    public CommitRules {
      recorded = Map.copyOf(recorded);
    }
  }

  void populateDisplayData(DisplayData.Builder builder) {
    builder
        .add(DisplayData.item("path", path).withLabel("Delta table path"))
        .add(DisplayData.item("table", table).withLabel("Table"))
        .add(DisplayData.item("partitionColumns", String.join(", ", partitionColumns)))
        .add(DisplayData.item("primaryKey", String.join(", ", primaryKey)))
        .add(DisplayData.item("targetFileBytes", targetFileBytes))
        .addIfNotNull(DisplayData.item("appId", appId).withLabel("Delta transaction id"))
        .add(
            DisplayData.item(
                    "commit", commit.replaced() == null ? "append" : "replace " + commit.replaced())
                .withLabel("Commit"));
  }

  // Workers may run in another directory than the launcher: resolve local paths once, here.
  static String absolute(String path) {
    if (path.matches("[A-Za-z][A-Za-z0-9+.-]*://.*")) {
      return path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
    }
    return Paths.get(path).toAbsolutePath().normalize().toString();
  }
}

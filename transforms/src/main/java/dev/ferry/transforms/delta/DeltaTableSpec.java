package dev.ferry.transforms.delta;

import dev.ferry.schemas.inventory.Column;
import java.io.Serializable;
import java.nio.file.Paths;
import java.util.List;
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
    String engineInfo)
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
        DEFAULT_ENGINE_INFO);
  }

  public DeltaTableSpec withPartitionColumns(List<String> names) {
    return new DeltaTableSpec(
        path, table, columns, names, primaryKey, appId, txnVersion, targetFileBytes, engineInfo);
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
        engineInfo);
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
        engineInfo);
  }

  public DeltaTableSpec withTargetFileBytes(long bytes) {
    return new DeltaTableSpec(
        path, table, columns, partitionColumns, primaryKey, appId, txnVersion, bytes, engineInfo);
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
        info);
  }

  void populateDisplayData(DisplayData.Builder builder) {
    builder
        .add(DisplayData.item("path", path).withLabel("Delta table path"))
        .add(DisplayData.item("table", table).withLabel("Table"))
        .add(DisplayData.item("partitionColumns", String.join(", ", partitionColumns)))
        .add(DisplayData.item("primaryKey", String.join(", ", primaryKey)))
        .add(DisplayData.item("targetFileBytes", targetFileBytes))
        .addIfNotNull(DisplayData.item("appId", appId).withLabel("Delta transaction id"));
  }

  // Workers may run in another directory than the launcher: resolve local paths once, here.
  static String absolute(String path) {
    if (path.matches("[A-Za-z][A-Za-z0-9+.-]*://.*")) {
      return path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
    }
    return Paths.get(path).toAbsolutePath().normalize().toString();
  }
}

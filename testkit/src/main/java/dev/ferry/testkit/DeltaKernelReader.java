package dev.ferry.testkit;

import io.delta.kernel.Scan;
import io.delta.kernel.Snapshot;
import io.delta.kernel.SnapshotBuilder;
import io.delta.kernel.TableManager;
import io.delta.kernel.data.FilteredColumnarBatch;
import io.delta.kernel.data.Row;
import io.delta.kernel.defaults.engine.DefaultEngine;
import io.delta.kernel.engine.Engine;
import io.delta.kernel.engine.FileReadResult;
import io.delta.kernel.internal.InternalScanFileUtils;
import io.delta.kernel.internal.data.ScanStateRow;
import io.delta.kernel.types.BinaryType;
import io.delta.kernel.types.BooleanType;
import io.delta.kernel.types.ByteType;
import io.delta.kernel.types.DataType;
import io.delta.kernel.types.DateType;
import io.delta.kernel.types.DecimalType;
import io.delta.kernel.types.DoubleType;
import io.delta.kernel.types.FloatType;
import io.delta.kernel.types.IntegerType;
import io.delta.kernel.types.LongType;
import io.delta.kernel.types.ShortType;
import io.delta.kernel.types.StringType;
import io.delta.kernel.types.StructField;
import io.delta.kernel.types.StructType;
import io.delta.kernel.types.TimestampNTZType;
import io.delta.kernel.types.TimestampType;
import io.delta.kernel.utils.CloseableIterator;
import io.delta.kernel.utils.FileStatus;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Paths;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Optional;
import org.apache.hadoop.conf.Configuration;

/**
 * Reads a Delta table with Delta Kernel, the reference reader, independently of how ferry wrote it
 * (delta-standalone's own reader cannot read timestamp-micros columns). Values come back normalized
 * for comparison: Long for any integer, Double for float/double, BigDecimal, String, byte[],
 * LocalDate, Instant for timestamps, Boolean; partition columns included.
 *
 * <pre>{@code
 * DeltaKernelReader table = DeltaKernelReader.latest("/tmp/lake/orders");
 * assertEquals(3, table.rows().size());
 * }</pre>
 *
 * <p>It uses two Kernel-internal helpers (the physical read schema and the scan file's status), as
 * Kernel's own examples do; a Kernel upgrade may move them.
 */
public final class DeltaKernelReader {

  private final Engine engine;
  private final Snapshot snapshot;

  private DeltaKernelReader(String path, Optional<Long> version) {
    this.engine = DefaultEngine.create(new Configuration());
    SnapshotBuilder builder = TableManager.loadSnapshot(absolute(path));
    this.snapshot = version.map(builder::atVersion).orElse(builder).build(engine);
  }

  /** The table's latest version. */
  public static DeltaKernelReader latest(String path) {
    return new DeltaKernelReader(path, Optional.empty());
  }

  /** The table as of {@code version}. */
  public static DeltaKernelReader atVersion(String path, long version) {
    return new DeltaKernelReader(path, Optional.of(version));
  }

  public long version() {
    return snapshot.getVersion();
  }

  /** The table schema as Kernel reads it (names, types, field metadata). */
  public StructType schema() {
    return snapshot.getSchema();
  }

  public List<String> partitionColumns() {
    return snapshot.getPartitionColumnNames();
  }

  /** Paths of the data files in this version: local paths for local tables, URIs otherwise. */
  public List<String> files() {
    List<String> files = new ArrayList<>();
    forEachScanFile((scanState, scanFile) -> files.add(localPath(fileStatus(scanFile).getPath())));
    return files;
  }

  /** All rows, each column name → normalized value, in schema order. */
  public List<Map<String, Object>> rows() {
    List<Map<String, Object>> rows = new ArrayList<>();
    forEachScanFile((scanState, scanFile) -> readFile(scanState, scanFile, rows));
    return rows;
  }

  private interface ScanFileVisitor {
    void visit(Row scanState, Row scanFile) throws IOException;
  }

  private void forEachScanFile(ScanFileVisitor visitor) {
    Scan scan = snapshot.getScanBuilder().build();
    Row scanState = scan.getScanState(engine);
    try (CloseableIterator<FilteredColumnarBatch> batches = scan.getScanFiles(engine)) {
      while (batches.hasNext()) {
        try (CloseableIterator<Row> scanFiles = batches.next().getRows()) {
          while (scanFiles.hasNext()) {
            visitor.visit(scanState, scanFiles.next());
          }
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read Delta table " + snapshot.getPath(), e);
    }
  }

  private void readFile(Row scanState, Row scanFile, List<Map<String, Object>> rows)
      throws IOException {
    StructType physical = ScanStateRow.getPhysicalDataReadSchema(scanState);
    CloseableIterator<FileStatus> file = singleton(fileStatus(scanFile));
    try (CloseableIterator<FilteredColumnarBatch> data =
        Scan.transformPhysicalData(
            engine,
            scanState,
            scanFile,
            engine
                .getParquetHandler()
                .readParquetFiles(file, physical, Optional.empty())
                .map(FileReadResult::getData))) {
      while (data.hasNext()) {
        try (CloseableIterator<Row> batchRows = data.next().getRows()) {
          while (batchRows.hasNext()) {
            rows.add(toMap(batchRows.next()));
          }
        }
      }
    }
  }

  private static Map<String, Object> toMap(Row row) {
    Map<String, Object> values = new LinkedHashMap<>();
    List<StructField> fields = row.getSchema().fields();
    for (int i = 0; i < fields.size(); i++) {
      values.put(fields.get(i).getName(), row.isNullAt(i) ? null : value(row, i, fields.get(i)));
    }
    return values;
  }

  private static Object value(Row row, int i, StructField field) {
    DataType type = field.getDataType();
    if (type instanceof BooleanType) {
      return row.getBoolean(i);
    } else if (type instanceof ByteType) {
      return (long) row.getByte(i);
    } else if (type instanceof ShortType) {
      return (long) row.getShort(i);
    } else if (type instanceof IntegerType) {
      return (long) row.getInt(i);
    } else if (type instanceof LongType) {
      return row.getLong(i);
    } else if (type instanceof FloatType) {
      return (double) row.getFloat(i);
    } else if (type instanceof DoubleType) {
      return row.getDouble(i);
    } else if (type instanceof DecimalType) {
      return row.getDecimal(i);
    } else if (type instanceof StringType) {
      return row.getString(i);
    } else if (type instanceof BinaryType) {
      return row.getBinary(i);
    } else if (type instanceof DateType) {
      return LocalDate.ofEpochDay(row.getInt(i));
    } else if (type instanceof TimestampType || type instanceof TimestampNTZType) {
      long micros = row.getLong(i);
      return Instant.ofEpochSecond(
          Math.floorDiv(micros, 1_000_000L), Math.floorMod(micros, 1_000_000L) * 1000);
    }
    throw new IllegalArgumentException(
        "column " + field.getName() + " has type " + type + ", which this reader does not handle");
  }

  private static FileStatus fileStatus(Row scanFile) {
    return InternalScanFileUtils.getAddFileStatus(scanFile);
  }

  private static CloseableIterator<FileStatus> singleton(FileStatus status) {
    return new CloseableIterator<>() {
      private boolean done;

      @Override
      public boolean hasNext() {
        return !done;
      }

      @Override
      public FileStatus next() {
        if (done) {
          throw new NoSuchElementException();
        }
        done = true;
        return status;
      }

      @Override
      public void close() {}
    };
  }

  private static String absolute(String path) {
    return path.contains("://") ? path : Paths.get(path).toAbsolutePath().normalize().toString();
  }

  // Kernel hands out decoded paths ("file:/t/city=New York/…"), which are not valid URIs.
  private static String localPath(String path) {
    return path.startsWith("file:") ? Paths.get(path.substring("file:".length())).toString() : path;
  }
}

package dev.ferry.transforms.delta;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ferry.schemas.SourceException;
import dev.ferry.schemas.convert.DeltaSchemas;
import dev.ferry.schemas.convert.LakeNames;
import dev.ferry.schemas.inventory.Column;
import io.delta.standalone.CommitResult;
import io.delta.standalone.DeltaLog;
import io.delta.standalone.Operation;
import io.delta.standalone.OptimisticTransaction;
import io.delta.standalone.actions.Action;
import io.delta.standalone.actions.AddFile;
import io.delta.standalone.actions.Metadata;
import io.delta.standalone.actions.RemoveFile;
import io.delta.standalone.actions.SetTransaction;
import io.delta.standalone.data.CloseableIterator;
import io.delta.standalone.expressions.Literal;
import io.delta.standalone.types.StructField;
import io.delta.standalone.types.StructType;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.ConcurrentModificationException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Commits written data files to a Delta table in one transaction: an append, or a {@link #replace}
 * of whole partitions (a backfill). Both evolve the schema by new nullable columns ({@link
 * SchemaEvolution}) and, with the spec's transaction id, skip a run version already committed, so a
 * re-run is a no-op.
 *
 * <p>Concurrent writers: delta-standalone retries a commit by itself when the winning commits do
 * not conflict with what this transaction read (blind appends). When they do (both created the
 * table, both replaced the same files, one committed the same transaction id, the schema changed),
 * it throws a {@link ConcurrentModificationException}; this class then starts over on the new
 * snapshot: the transaction id, the schema and the files to remove are all checked again, so the
 * result is the same as if the two commits had run one after the other. After {@code maxAttempts}
 * lost races it fails with one line naming the table. On local paths the log is written through
 * {@link AtomicLocalLogStore}, without which two racing writers could both write one version.
 */
public final class DeltaCommitter {

  static final int DEFAULT_MAX_ATTEMPTS = 10;

  private static final ObjectMapper JSON = new ObjectMapper();

  private final DeltaTableSpec spec;
  private final List<Column> partitionColumns;
  private final int maxAttempts;
  private final Runnable beforeCommit;

  private DeltaCommitter(
      DeltaTableSpec spec, List<Column> partitionColumns, int maxAttempts, Runnable beforeCommit) {
    this.spec = spec;
    this.partitionColumns = List.copyOf(partitionColumns);
    this.maxAttempts = maxAttempts;
    this.beforeCommit = beforeCommit;
  }

  /** Commits the files {@code writer} wrote, to its table. */
  public static DeltaCommitter of(DeltaTableWriter writer) {
    return of(writer.spec(), writer.partitionColumns());
  }

  /**
   * Commits files written for {@code spec}, partitioned by {@code partitionColumns} as {@link
   * DeltaTableWriter#partitionColumns()} declares them.
   */
  public static DeltaCommitter of(DeltaTableSpec spec, List<Column> partitionColumns) {
    return new DeltaCommitter(spec, partitionColumns, DEFAULT_MAX_ATTEMPTS, () -> {});
  }

  /** How many lost races to start over after before giving up; at least 1. */
  public DeltaCommitter withMaxAttempts(int attempts) {
    if (attempts < 1) {
      throw new IllegalArgumentException("maxAttempts must be at least 1, not " + attempts);
    }
    return new DeltaCommitter(spec, partitionColumns, attempts, beforeCommit);
  }

  /** Tests only: runs between reading the snapshot and committing, to force a race. */
  DeltaCommitter withBeforeCommit(Runnable hook) {
    return new DeltaCommitter(spec, partitionColumns, maxAttempts, hook);
  }

  /** Commits {@code files} as the spec says: an append, or a replace of its partitions. */
  public DeltaCommit commit(List<DeltaFile> files) {
    PartitionSet replaced = spec.commit().replaced();
    return replaced == null ? append(files) : replace(replaced, files);
  }

  /** Adds {@code files} to the table, creating it on first write. */
  public DeltaCommit append(List<DeltaFile> files) {
    return commit(null, files);
  }

  /**
   * Atomically removes every committed file in {@code partitions} and adds {@code files}; other
   * partitions are untouched, and readers of older versions still see the removed files.
   *
   * @throws SourceException if a file lies outside {@code partitions} (nothing is committed)
   */
  public DeltaCommit replace(PartitionSet partitions, List<DeltaFile> files) {
    for (DeltaFile f : files) {
      if (!partitions.contains(f.partitionValues())) {
        CommitFn.delete(files);
        throw new SourceException(
            "cannot write Delta table at "
                + spec.path()
                + ": file "
                + f.path()
                + " is in partition "
                + f.partitionValues()
                + ", outside the replaced "
                + partitions
                + "; replace a set that covers all the rows");
      }
    }
    return commit(partitions, files);
  }

  private DeltaCommit commit(PartitionSet replaced, List<DeltaFile> files) {
    for (int attempt = 1; ; attempt++) {
      try {
        return attempt(replaced, files);
      } catch (ConcurrentModificationException e) {
        if (attempt >= maxAttempts) {
          throw new SourceException(
              "cannot write Delta table at "
                  + spec.path()
                  + ": gave up after "
                  + attempt
                  + (attempt == 1 ? " attempt" : " attempts")
                  + ", other writers kept committing conflicting changes (last: "
                  + e.getClass().getSimpleName()
                  + "); run this job again when they are done, or give each writer its own"
                  + " partitions",
              e);
        }
      } catch (SourceException e) {
        throw e;
      } catch (Exception e) {
        // delta-standalone is Scala: Hadoop's checked IOExceptions arrive undeclared.
        throw DeltaErrors.cannotWrite(spec.path(), e);
      }
    }
  }

  private DeltaCommit attempt(PartitionSet replaced, List<DeltaFile> files)
      throws JsonProcessingException {
    long rows = files.stream().mapToLong(DeltaFile::numRecords).sum();
    long bytes = files.stream().mapToLong(DeltaFile::size).sum();
    DeltaLog log = DeltaLog.forTable(AtomicLocalLogStore.hadoopConf(), spec.path());
    OptimisticTransaction txn = log.startTransaction();
    if (spec.appId() != null && txn.txnVersion(spec.appId()) >= spec.txnVersion()) {
      CommitFn.delete(files);
      return new DeltaCommit(
          spec.table(), spec.path(), txn.readVersion(), files.size(), rows, bytes, true);
    }
    List<String> partitionNames = DeltaSchemas.partitionNames(spec.columns(), partitionColumns);
    StructType schema = jobSchema();
    if (log.tableExists() && replaced != null && replaced.isAll()) {
      // A whole-table rewrite may change the columns, as Spark's overwriteSchema does.
      txn.updateMetadata(
          txn.metadata()
              .copyBuilder()
              .schema(nullable(schema))
              .partitionColumns(partitionNames)
              .build());
    } else if (log.tableExists()) {
      Metadata existing = txn.metadata();
      if (!existing.getPartitionColumns().equals(partitionNames)) {
        CommitFn.delete(files);
        throw new SourceException(
            "cannot write Delta table at "
                + spec.path()
                + ": it is partitioned by "
                + existing.getPartitionColumns()
                + " but this job partitions by "
                + partitionNames
                + "; write to a new path or align the job's partitions");
      }
      StructType evolved;
      try {
        evolved = SchemaEvolution.evolve(spec.path(), existing.getSchema(), schema);
      } catch (SourceException e) {
        CommitFn.delete(files);
        throw e;
      }
      if (evolved != null) {
        txn.updateMetadata(existing.copyBuilder().schema(evolved).build());
      }
    } else {
      txn.updateMetadata(
          Metadata.builder()
              .name(spec.table())
              .schema(nullable(schema))
              .partitionColumns(partitionNames)
              .configuration(TableProperties.of(spec, partitionColumns))
              .build());
    }
    long now = System.currentTimeMillis();
    List<Action> actions = new ArrayList<>();
    if (replaced != null) {
      actions.addAll(removals(txn, replaced, now));
    }
    for (DeltaFile f : files) {
      actions.add(
          new AddFile(
              f.path(),
              f.partitionValues(),
              f.size(),
              f.modificationTime(),
              true,
              JSON.writeValueAsString(f.stats()),
              null));
    }
    if (spec.appId() != null) {
      actions.add(new SetTransaction(spec.appId(), spec.txnVersion(), Optional.of(now)));
    }
    beforeCommit.run();
    CommitResult result =
        txn.commit(
            actions, operation(replaced, partitionNames, recorded(files)), spec.engineInfo());
    return new DeltaCommit(
        spec.table(), spec.path(), result.getVersion(), files.size(), rows, bytes, false);
  }

  /**
   * Removes of every file in the replaced partitions. Reading the whole table makes any concurrent
   * commit that adds or removes files a conflict, so the replace is redone on the new snapshot
   * rather than leaving a concurrently added file inside a partition this run owns.
   */
  private static List<Action> removals(OptimisticTransaction txn, PartitionSet replaced, long now) {
    List<Action> removes = new ArrayList<>();
    try (CloseableIterator<AddFile> it = txn.markFilesAsRead(Literal.True).getFiles()) {
      while (it.hasNext()) {
        AddFile f = it.next();
        if (replaced.contains(f.getPartitionValues())) {
          removes.add(
              new RemoveFile(
                  f.getPath(),
                  Optional.of(now),
                  true,
                  true,
                  f.getPartitionValues(),
                  Optional.of(f.getSize()),
                  f.getTags() == null ? Map.of() : f.getTags()));
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return removes;
  }

  /** The job's schema with each data column's real nullability (the table's is all nullable). */
  private StructType jobSchema() {
    StructField[] fields = DeltaSchemas.of(spec.columns(), partitionColumns).getFields();
    for (int i = 0; i < spec.columns().size(); i++) {
      StructField f = fields[i];
      fields[i] =
          new StructField(
              f.getName(), f.getDataType(), spec.columns().get(i).nullable(), f.getMetadata());
    }
    return new StructType(fields);
  }

  /**
   * A new table is created all nullable, as {@link CommitFn} does, so later jobs may drop columns.
   */
  private static StructType nullable(StructType schema) {
    StructField[] fields = schema.getFields();
    for (int i = 0; i < fields.length; i++) {
      fields[i] =
          new StructField(
              fields[i].getName(), fields[i].getDataType(), true, fields[i].getMetadata());
    }
    return new StructType(fields);
  }

  /**
   * What the commit records for the next run: the spec's values, and an incremental table's cursor
   * (the highest value in the new files, else the last one recorded, so it is never lost).
   */
  private Map<String, String> recorded(List<DeltaFile> files) {
    Map<String, String> values = new LinkedHashMap<>(spec.commit().recorded());
    String cursor = spec.commit().cursor();
    if (cursor != null) {
      Column column =
          spec.columns().stream().filter(c -> c.name().equals(cursor)).findFirst().orElseThrow();
      Optional<String> highest = CursorValues.highest(files, column, lakeName(cursor));
      Optional<String> value =
          highest.isPresent()
              ? highest
              : DeltaHistory.recorded(spec.path(), DeltaHistory.cursorKey(cursor));
      value.ifPresent(v -> values.put(DeltaHistory.cursorKey(cursor), v));
    }
    return values;
  }

  private String lakeName(String column) {
    List<String> names = spec.columns().stream().map(Column::name).toList();
    return LakeNames.of(names).get(names.indexOf(column));
  }

  private static Operation operation(
      PartitionSet replaced, List<String> partitionNames, Map<String, String> recorded)
      throws JsonProcessingException {
    // delta-standalone wants each value JSON-encoded and reads it back as a string, so a list is
    // encoded twice, as Delta Spark records partitionBy: "[\"year\"]".
    Map<String, String> parameters = new LinkedHashMap<>();
    parameters.put("mode", JSON.writeValueAsString(replaced == null ? "Append" : "Overwrite"));
    parameters.put("partitionBy", JSON.writeValueAsString(JSON.writeValueAsString(partitionNames)));
    if (replaced != null) {
      parameters.put("replaceWhere", JSON.writeValueAsString(replaced.toString()));
    }
    return new Operation(
        Operation.Name.WRITE,
        parameters,
        Map.of(),
        recorded.isEmpty() ? Optional.empty() : Optional.of(DeltaHistory.userMetadata(recorded)));
  }
}

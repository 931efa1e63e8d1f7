package dev.ferry.transforms.delta;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ferry.schemas.SourceException;
import dev.ferry.schemas.convert.DeltaSchemas;
import dev.ferry.schemas.inventory.Column;
import dev.ferry.transforms.metrics.TableMetrics;
import io.delta.standalone.CommitResult;
import io.delta.standalone.DeltaLog;
import io.delta.standalone.Operation;
import io.delta.standalone.OptimisticTransaction;
import io.delta.standalone.actions.Action;
import io.delta.standalone.actions.AddFile;
import io.delta.standalone.actions.Metadata;
import io.delta.standalone.actions.SetTransaction;
import io.delta.standalone.types.StructField;
import io.delta.standalone.types.StructType;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.beam.sdk.io.FileSystems;
import org.apache.beam.sdk.io.fs.MoveOptions.StandardMoveOptions;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.display.DisplayData;

/**
 * Commits all data files of a run to the Delta log in one transaction, creating the table on first
 * write. With a transaction id, a version already committed is not committed again: this run's
 * files are deleted and the commit is reported as skipped.
 */
final class CommitFn extends DoFn<List<DeltaFile>, DeltaCommit> {

  /**
   * delta-standalone copies {@code AddFile.stats} into the log verbatim, but the protocol (and
   * every reader, standalone included) wants a JSON string there: pass the stats quoted.
   */
  private static final ObjectMapper STATS = new ObjectMapper();

  private final DeltaTableSpec spec;
  private final List<Column> partitionColumns;

  CommitFn(DeltaTableSpec spec, List<Column> partitionColumns) {
    this.spec = spec;
    this.partitionColumns = List.copyOf(partitionColumns);
  }

  @ProcessElement
  public void processElement(@Element List<DeltaFile> files, OutputReceiver<DeltaCommit> out) {
    long rows = files.stream().mapToLong(DeltaFile::numRecords).sum();
    long bytes = files.stream().mapToLong(DeltaFile::size).sum();
    DeltaCommit commit;
    try {
      commit = commit(files, rows, bytes);
    } catch (SourceException e) {
      throw e;
    } catch (Exception e) {
      // delta-standalone is Scala: Hadoop's checked IOExceptions arrive undeclared.
      throw DeltaErrors.cannotWrite(spec.path(), e);
    }
    // A skipped run's rows are in the table from the identical earlier commit: count them too.
    TableMetrics.written(spec.table()).inc(commit.rows());
    TableMetrics.bytes(spec.table()).inc(commit.bytes());
    TableMetrics.activeMillis(spec.table()).update(System.currentTimeMillis());
    if (commit.skipped()) {
      TableMetrics.alreadyCommitted(spec.table()).inc();
    }
    out.output(commit);
  }

  private DeltaCommit commit(List<DeltaFile> files, long rows, long bytes)
      throws JsonProcessingException {
    // Every writer of a local table must publish commits atomically, or a racing one may overwrite.
    DeltaLog log = DeltaLog.forTable(AtomicLocalLogStore.hadoopConf(), spec.path());
    OptimisticTransaction txn = log.startTransaction();
    if (spec.appId() != null && txn.txnVersion(spec.appId()) >= spec.txnVersion()) {
      delete(files);
      return new DeltaCommit(
          spec.table(), spec.path(), txn.readVersion(), files.size(), rows, bytes, true);
    }
    StructType schema = DeltaSchemas.of(spec.columns(), partitionColumns);
    List<String> partitionNames = DeltaSchemas.partitionNames(spec.columns(), partitionColumns);
    if (log.tableExists()) {
      checkSameTable(txn.metadata(), schema, partitionNames, files);
    } else {
      txn.updateMetadata(
          Metadata.builder()
              .name(spec.table())
              .schema(schema)
              .partitionColumns(partitionNames)
              .configuration(TableProperties.of(spec, partitionColumns))
              .build());
    }
    List<Action> actions = new ArrayList<>(files.size() + 1);
    for (DeltaFile f : files) {
      actions.add(
          new AddFile(
              f.path(),
              f.partitionValues(),
              f.size(),
              f.modificationTime(),
              true,
              STATS.writeValueAsString(f.stats()),
              null));
    }
    if (spec.appId() != null) {
      actions.add(
          new SetTransaction(
              spec.appId(), spec.txnVersion(), Optional.of(System.currentTimeMillis())));
    }
    CommitResult result =
        txn.commit(actions, new Operation(Operation.Name.WRITE), spec.engineInfo());
    return new DeltaCommit(
        spec.table(), spec.path(), result.getVersion(), files.size(), rows, bytes, false);
  }

  private void checkSameTable(
      Metadata existing, StructType schema, List<String> partitionNames, List<DeltaFile> files) {
    String difference = firstDifference(existing.getSchema(), schema);
    if (difference == null && !existing.getPartitionColumns().equals(partitionNames)) {
      difference =
          "it is partitioned by "
              + existing.getPartitionColumns()
              + " but this job partitions by "
              + partitionNames;
    }
    if (difference != null) {
      delete(files);
      throw new SourceException(
          "cannot write Delta table at "
              + spec.path()
              + ": its schema differs from this job's, "
              + difference
              + "; write to a new path or align the job's columns");
    }
  }

  /** The first column where the table and the job disagree, in words, or null. */
  static String firstDifference(StructType table, StructType job) {
    StructField[] have = table.getFields();
    StructField[] want = job.getFields();
    for (int i = 0; i < Math.max(have.length, want.length); i++) {
      String a = i < have.length ? describe(have[i]) : null;
      String b = i < want.length ? describe(want[i]) : null;
      if (a == null || b == null || !a.equals(b)) {
        return "column "
            + (i + 1)
            + " is "
            + (a == null ? "missing" : a)
            + " in the table but "
            + (b == null ? "missing" : b)
            + " in the job";
      }
    }
    return null;
  }

  private static String describe(StructField f) {
    return "`" + f.getName() + " " + DeltaSchemas.typeName(f.getDataType()) + "`";
  }

  /** Deletes files this run wrote but will not commit; any left behind are invisible anyway. */
  static void delete(List<DeltaFile> files) {
    try {
      FileSystems.delete(
          files.stream().map(f -> FileSystems.matchNewResource(f.location(), false)).toList(),
          StandardMoveOptions.IGNORE_MISSING_FILES);
    } catch (IOException | RuntimeException e) {
      // Delta readers only see committed files, so an orphan costs space, not correctness.
    }
  }

  @Override
  public void populateDisplayData(DisplayData.Builder builder) {
    super.populateDisplayData(builder);
    spec.populateDisplayData(builder);
  }
}

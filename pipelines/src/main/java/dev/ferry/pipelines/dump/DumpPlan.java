package dev.ferry.pipelines.dump;

import dev.ferry.pipelines.job.TargetSpec;
import dev.ferry.pipelines.plan.JobPlan;
import dev.ferry.schemas.SourceException;
import dev.ferry.schemas.inventory.Table;
import dev.ferry.schemas.postgres.EnumStyle;
import dev.ferry.schemas.postgres.PostgresDdl;
import dev.ferry.schemas.sql.Identifiers;
import dev.ferry.transforms.dump.DatedDirectory;
import dev.ferry.transforms.dump.DumpCompression;
import dev.ferry.transforms.dump.HashedOutput;
import dev.ferry.transforms.dump.RestoreScript;
import dev.ferry.transforms.postgres.NulBytes;
import java.io.IOException;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * A job into a {@code dump} target, resolved: where its dumps go, the PostgreSQL DDL of {@code
 * schema.sql} (the same type mapping a migration uses), and the script that restores it.
 *
 * @param root the dump prefix: an {@code s3://} URL, or a local directory made absolute
 */
public record DumpPlan(
    JobPlan job,
    String root,
    PostgresDdl ddl,
    RestoreScript script,
    DumpCompression compression,
    NulBytes nulBytes,
    long shardRows,
    int compressionLevel) {

  public static DumpPlan of(JobPlan plan) {
    TargetSpec spec = plan.job().target();
    String path = spec.path();
    String root =
        path.startsWith("s3://")
            ? path.replaceAll("/+$", "")
            : Path.of(path).toAbsolutePath().normalize().toString();
    EnumStyle enums = spec.enums() == TargetSpec.Enums.TYPE ? EnumStyle.TYPE : EnumStyle.CHECK;
    PostgresDdl ddl = PostgresDdl.of(spec.schema(), plan.inventory(), plan.selected(), enums);
    DumpCompression compression = DumpCompression.valueOf(spec.dumpCompression().name());
    Map<String, String> targets = new LinkedHashMap<>();
    Map<String, String> columns = new LinkedHashMap<>();
    for (Table t : plan.selected()) {
      targets.put(t.name(), ddl.table(t.name()));
      columns.put(
          t.name(),
          ddl.columns(t.name()).stream().map(Identifiers::quote).collect(Collectors.joining(", ")));
    }
    RestoreScript script =
        new RestoreScript(
            targets, columns, ddl.plan().beforeLoad(), ddl.plan().afterLoad(), compression);
    return new DumpPlan(
        plan,
        root,
        ddl,
        script,
        compression,
        NulBytes.valueOf(spec.nulBytes().name()),
        spec.dumpShardRows(),
        spec.dumpCompressionLevel());
  }

  /**
   * The directory a dump started on {@code date} would get, relative to the root. Lists the root
   * and writes nothing, so {@code ferry plan} can show it.
   *
   * @throws SourceException when the root cannot be listed
   */
  public String nextDirectory(LocalDate date) {
    try {
      return DatedDirectory.next(root, job.job().name(), date);
    } catch (IOException e) {
      throw new SourceException("cannot list " + root + ": " + HashedOutput.describe(root, e), e);
    }
  }

  /**
   * The dumps of {@code date} without {@code manifest.json} (failed or killed runs), relative to
   * the root: nothing restores them, and a person may delete them.
   */
  public List<String> unfinishedDirectories(LocalDate date) {
    try {
      return DatedDirectory.unfinished(root, job.job().name(), date);
    } catch (IOException e) {
      throw new SourceException("cannot list " + root + ": " + HashedOutput.describe(root, e), e);
    }
  }

  /** The dumped tables' names, in order. */
  public List<String> tableNames() {
    return job.tableNames();
  }
}

package dev.ferry.pipelines.dump;

import dev.ferry.pipelines.run.RunContext;
import dev.ferry.schemas.SourceException;
import dev.ferry.schemas.inventory.Table;
import dev.ferry.transforms.dump.DumpDirectory;
import dev.ferry.transforms.dump.DumpFile;
import dev.ferry.transforms.dump.DumpManifest;
import dev.ferry.transforms.dump.DumpManifest.ManifestTable;
import dev.ferry.transforms.dump.DumpPaths;
import dev.ferry.transforms.dump.DumpSpec;
import dev.ferry.transforms.dump.HashedOutput;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.beam.sdk.io.FileSystems;
import org.apache.beam.sdk.io.fs.EmptyMatchTreatment;
import org.apache.beam.sdk.io.fs.MatchResult;

/**
 * One dump being made: its dated directory, chosen and claimed by writing {@code schema.sql} into
 * it before any row moves, and what {@link DumpPipeline} needs to fill and complete it. After the
 * pipeline, {@link #confirm()} reads the manifest back and checks every file it lists is in the
 * store with its size.
 *
 * <pre>{@code
 * DumpRun dump = DumpRun.start(DumpPlan.of(plan), run, "1.0");
 * DumpPipeline.build(dump, options).run().waitUntilFinish();
 * DumpManifest manifest = dump.confirm();
 * }</pre>
 *
 * @param directory relative to the plan's root: {@code shop/2026/11/21/shop-20261121-2}
 * @param dir the whole location: root and directory
 */
public record DumpRun(DumpPlan plan, String directory, String dir, DumpSpec spec) {

  /**
   * Chooses the first free directory of the run's day (UTC), writes {@code schema.sql} there and
   * drafts the manifest.
   */
  public static DumpRun start(DumpPlan plan, RunContext run, String ferryVersion) {
    LocalDate day = LocalDate.ofInstant(run.startedAt(), ZoneOffset.UTC);
    String directory = plan.nextDirectory(day);
    String dir = DumpPaths.resolve(plan.root(), directory);
    DumpFile schema =
        HashedOutput.write(
            dir,
            DumpPaths.SCHEMA,
            schemaSql(plan, directory).getBytes(StandardCharsets.UTF_8),
            "application/sql");
    List<ManifestTable> tables = new ArrayList<>();
    for (Table t : plan.job().selected()) {
      tables.add(ManifestTable.of(t, plan.ddl().targetTable(t.name()), 0, 0, List.of()));
    }
    var inventory = plan.job().inventory();
    DumpManifest draft =
        new DumpManifest(
            DumpManifest.FORMAT,
            plan.job().job().name(),
            directory,
            ferryVersion,
            run.runId(),
            new DumpManifest.Source(
                plan.job().job().source().kind().name().toLowerCase(Locale.ROOT),
                inventory.source(),
                inventory.dialect()),
            run.startedAt().toString(),
            null,
            DumpManifest.COPY_TEXT,
            plan.compression().name().toLowerCase(Locale.ROOT),
            plan.ddl().targetSchema(),
            tables,
            inventory.types(),
            null,
            List.of(schema));
    return new DumpRun(plan, directory, dir, new DumpSpec(dir, draft, plan.script()));
  }

  private static String schemaSql(DumpPlan plan, String directory) {
    return "-- ferry dump "
        + directory
        + ": the PostgreSQL schema of the dumped tables (restore.sql runs it in phases)\n\n"
        + plan.ddl().plan().script();
  }

  /**
   * Reads the manifest the pipeline wrote and checks that every file it lists is in the store with
   * the size it lists: what a person would check before deleting the source's copy.
   *
   * @throws SourceException naming the first file that is missing or of another size
   */
  public DumpManifest confirm() {
    DumpManifest manifest = DumpDirectory.open(dir).manifest();
    Map<String, Long> stored;
    try {
      MatchResult all =
          FileSystems.match(List.of(DumpPaths.resolve(dir, "**")), EmptyMatchTreatment.ALLOW)
              .get(0);
      String prefix = DumpPaths.resolve(dir, "");
      stored =
          all.metadata().stream()
              .filter(m -> m.resourceId().toString().startsWith(prefix))
              .collect(
                  Collectors.toMap(
                      m -> m.resourceId().toString().substring(prefix.length()),
                      MatchResult.Metadata::sizeBytes,
                      (a, b) -> a));
    } catch (IOException e) {
      throw new SourceException("cannot list " + dir + ": " + HashedOutput.describe(dir, e), e);
    }
    for (DumpFile f : manifest.files()) {
      Long size = stored.get(f.path());
      if (size == null || size != f.bytes()) {
        throw new SourceException(
            "the dump at "
                + dir
                + " is not as its manifest says: "
                + f.path()
                + (size == null ? " is missing" : " has " + size + " bytes, not " + f.bytes()));
      }
    }
    return manifest;
  }
}

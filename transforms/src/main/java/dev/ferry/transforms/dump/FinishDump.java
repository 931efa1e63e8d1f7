package dev.ferry.transforms.dump;

import dev.ferry.transforms.dump.DumpManifest.ManifestTable;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.apache.beam.sdk.coders.ListCoder;
import org.apache.beam.sdk.coders.SerializableCoder;
import org.apache.beam.sdk.transforms.Combine;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.values.PCollection;

/**
 * Completes a dump once every shard and rejected-rows file is written: {@code restore.sql}, then
 * {@code SHA256SUMS}, then {@code manifest.json} — last, so a dump with a manifest is a whole dump.
 * Runs once per dump, on one worker, with the list of files (not their rows).
 *
 * <pre>{@code
 * PCollectionList.of(shards).and(rejectedFiles).apply(Flatten.pCollections())
 *     .apply(FinishDump.with(DumpSpec.of(dir, draftManifest, script)));
 * }</pre>
 */
public final class FinishDump extends PTransform<PCollection<DumpFile>, PCollection<DumpManifest>> {
  private static final long serialVersionUID = 1L;

  private final DumpSpec spec;

  private FinishDump(DumpSpec spec) {
    this.spec = spec;
  }

  public static FinishDump with(DumpSpec spec) {
    return new FinishDump(spec);
  }

  @Override
  public PCollection<DumpManifest> expand(PCollection<DumpFile> files) {
    // Combine.globally yields an empty list when no file was written (every table empty), so an
    // empty dump still gets its manifest.
    return files
        .apply("All files", Combine.globally(new FileList()))
        .setCoder(ListCoder.of(DumpShardSink.CODER))
        .apply("Write manifest", ParDo.of(new WriteManifestFn(spec)))
        .setCoder(SerializableCoder.of(DumpManifest.class));
  }

  /** Gathers the dump's files into one list. */
  static final class FileList extends Combine.CombineFn<DumpFile, List<DumpFile>, List<DumpFile>> {
    private static final long serialVersionUID = 1L;

    @Override
    public List<DumpFile> createAccumulator() {
      return new ArrayList<>();
    }

    @Override
    public List<DumpFile> addInput(List<DumpFile> acc, DumpFile file) {
      acc.add(file);
      return acc;
    }

    @Override
    public List<DumpFile> mergeAccumulators(Iterable<List<DumpFile>> accs) {
      List<DumpFile> all = new ArrayList<>();
      accs.forEach(all::addAll);
      return all;
    }

    @Override
    public List<DumpFile> extractOutput(List<DumpFile> acc) {
      return acc;
    }

    @Override
    public org.apache.beam.sdk.coders.Coder<List<DumpFile>> getAccumulatorCoder(
        org.apache.beam.sdk.coders.CoderRegistry registry,
        org.apache.beam.sdk.coders.Coder<DumpFile> input) {
      return ListCoder.of(input);
    }
  }

  /** Writes restore.sql, SHA256SUMS and the manifest from the list of written files. */
  static final class WriteManifestFn extends DoFn<List<DumpFile>, DumpManifest> {
    private static final long serialVersionUID = 1L;
    private final DumpSpec spec;

    WriteManifestFn(DumpSpec spec) {
      this.spec = spec;
    }

    @ProcessElement
    public void process(@Element List<DumpFile> written, OutputReceiver<DumpManifest> out)
        throws IOException {
      List<DumpFile> data =
          written.stream()
              .filter(DumpFile::isData)
              .sorted(Comparator.comparing(DumpFile::path))
              .toList();
      List<DumpFile> rejected =
          written.stream()
              .filter(f -> !f.isData())
              .sorted(Comparator.comparing(DumpFile::path))
              .toList();
      DumpManifest draft = spec.draft();
      List<ManifestTable> tables = new ArrayList<>();
      for (ManifestTable t : draft.tables()) {
        List<DumpFile> shards = data.stream().filter(f -> f.table().equals(t.name())).toList();
        tables.add(
            new ManifestTable(
                t.name(),
                t.target(),
                shards.stream().mapToLong(DumpFile::rows).sum(),
                shards.stream().mapToLong(DumpFile::bytes).sum(),
                t.columns(),
                t.primaryKey(),
                t.foreignKeys(),
                t.indexes(),
                t.checks(),
                shards.stream().map(DumpFile::path).toList()));
      }
      List<DumpFile> files = new ArrayList<>(draft.files());
      files.add(write(DumpPaths.RESTORE, spec.script().text(draft.directory(), tables)));
      files.addAll(data);
      files.addAll(rejected);
      StringBuilder sums = new StringBuilder();
      files.forEach(f -> sums.append(f.sha256()).append("  ").append(f.path()).append('\n'));
      files.add(2, write(DumpPaths.CHECKSUMS, sums.toString()));
      DumpManifest manifest =
          new DumpManifest(
              draft.format(),
              draft.name(),
              draft.directory(),
              draft.ferryVersion(),
              draft.runId(),
              draft.source(),
              draft.started(),
              Instant.now().toString(),
              draft.dataFormat(),
              draft.compression(),
              draft.schema(),
              tables,
              draft.types(),
              new DumpManifest.Rejected(
                  rejected.stream().mapToLong(DumpFile::rows).sum(),
                  rejected.stream().map(DumpFile::path).toList()),
              files);
      HashedOutput.write(spec.dir(), DumpPaths.MANIFEST, manifest.toJson(), "application/json");
      out.output(manifest);
    }

    private DumpFile write(String path, String text) {
      return HashedOutput.write(
          spec.dir(), path, text.getBytes(StandardCharsets.UTF_8), "text/plain");
    }
  }
}

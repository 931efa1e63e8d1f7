package dev.ferry.transforms.delta;

import dev.ferry.schemas.inventory.Column;
import java.util.ArrayList;
import java.util.List;
import org.apache.beam.sdk.coders.KvCoder;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.metrics.Counter;
import org.apache.beam.sdk.metrics.Metrics;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.GroupByKey;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.Reshuffle;
import org.apache.beam.sdk.transforms.WithKeys;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionTuple;
import org.apache.beam.sdk.values.TupleTag;
import org.apache.beam.sdk.values.TupleTagList;
import org.apache.beam.sdk.values.TypeDescriptors;

/**
 * Merges a run's small, not yet committed data files ({@link FileCompaction}) in parallel: files
 * are grouped by partition, packed into bins, and the bins spread over workers, each merged by one
 * (its files' row groups copied into a new file). {@link #FILES} are the files to commit instead of
 * the input; {@link #MERGED} are the inputs whose rows were merged into one of them. The inputs
 * stay in place until the commit step deletes them ({@link CommitDeltaFiles}), so a retried bin
 * still finds them.
 *
 * <pre>{@code
 * PCollectionTuple compacted = files.apply("Compact", CompactDeltaFiles.of(spec, partitionColumns));
 * }</pre>
 */
public final class CompactDeltaFiles extends PTransform<PCollection<DeltaFile>, PCollectionTuple> {
  private static final long serialVersionUID = 1L;

  /** The files to commit: merged files and the files left as they were. */
  public static final TupleTag<DeltaFile> FILES = new TupleTag<>() {};

  /** The input files that were merged into another: the commit step deletes them. */
  public static final TupleTag<DeltaFile> MERGED = new TupleTag<>() {};

  /** How many input files were merged into others. */
  static final String FILES_MERGED = "delta_files_merged";

  private final FileCompaction compaction;

  private CompactDeltaFiles(FileCompaction compaction) {
    this.compaction = compaction;
  }

  public static CompactDeltaFiles of(DeltaTableSpec spec, List<Column> partitionColumns) {
    return new CompactDeltaFiles(FileCompaction.of(spec, partitionColumns));
  }

  @Override
  public PCollectionTuple expand(PCollection<DeltaFile> files) {
    PCollectionTuple merged =
        files
            .apply(
                "ByPartition",
                WithKeys.of((DeltaFile f) -> FileCompaction.partitionOf(f))
                    .withKeyType(TypeDescriptors.strings()))
            .setCoder(KvCoder.of(StringUtf8Coder.of(), DeltaFile.CODER))
            .apply("GroupByPartition", GroupByKey.create())
            .apply("PackBins", ParDo.of(new PackBinsFn(compaction)))
            .setCoder(CollectFiles.LIST_CODER)
            .apply("SpreadBins", Reshuffle.viaRandomKey())
            .apply(
                "MergeBins",
                ParDo.of(new MergeBinFn(compaction))
                    .withOutputTags(FILES, TupleTagList.of(MERGED)));
    merged.get(FILES).setCoder(DeltaFile.CODER);
    merged.get(MERGED).setCoder(DeltaFile.CODER);
    return merged;
  }

  /** Packs one partition's files into bins. */
  private static final class PackBinsFn
      extends DoFn<KV<String, Iterable<DeltaFile>>, List<DeltaFile>> {
    private final FileCompaction compaction;

    PackBinsFn(FileCompaction compaction) {
      this.compaction = compaction;
    }

    @ProcessElement
    public void processElement(
        @Element KV<String, Iterable<DeltaFile>> partition, OutputReceiver<List<DeltaFile>> out) {
      List<DeltaFile> files = new ArrayList<>();
      partition.getValue().forEach(files::add);
      compaction.bins(files).forEach(out::output);
    }
  }

  /** Merges a bin of two or more files into one; passes a bin of one file through. */
  private static final class MergeBinFn extends DoFn<List<DeltaFile>, DeltaFile> {
    private final FileCompaction compaction;
    private final Counter filesMerged = Metrics.counter(CompactDeltaFiles.class, FILES_MERGED);

    MergeBinFn(FileCompaction compaction) {
      this.compaction = compaction;
    }

    @ProcessElement
    public void processElement(@Element List<DeltaFile> bin, MultiOutputReceiver out) {
      if (bin.size() == 1) {
        out.get(FILES).output(bin.get(0));
        return;
      }
      out.get(FILES).output(compaction.merge(bin));
      bin.forEach(out.get(MERGED)::output);
      filesMerged.inc(bin.size());
    }
  }
}

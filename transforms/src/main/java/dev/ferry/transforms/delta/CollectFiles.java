package dev.ferry.transforms.delta;

import java.util.ArrayList;
import java.util.List;
import org.apache.beam.sdk.coders.Coder;
import org.apache.beam.sdk.coders.CoderRegistry;
import org.apache.beam.sdk.coders.ListCoder;
import org.apache.beam.sdk.transforms.Combine.CombineFn;

/**
 * Gathers every data file of a run into one list, so the run commits once. An empty run yields an
 * empty list, which still commits: an empty source table becomes an empty Delta table.
 */
final class CollectFiles extends CombineFn<DeltaFile, List<DeltaFile>, List<DeltaFile>> {

  static final Coder<List<DeltaFile>> LIST_CODER = ListCoder.of(DeltaFile.CODER);

  @Override
  public List<DeltaFile> createAccumulator() {
    return new ArrayList<>();
  }

  @Override
  public List<DeltaFile> addInput(List<DeltaFile> files, DeltaFile file) {
    files.add(file);
    return files;
  }

  @Override
  public List<DeltaFile> mergeAccumulators(Iterable<List<DeltaFile>> lists) {
    List<DeltaFile> merged = new ArrayList<>();
    lists.forEach(merged::addAll);
    return merged;
  }

  @Override
  public List<DeltaFile> extractOutput(List<DeltaFile> files) {
    return files;
  }

  @Override
  public Coder<List<DeltaFile>> getAccumulatorCoder(
      CoderRegistry registry, Coder<DeltaFile> inputCoder) {
    return LIST_CODER;
  }

  @Override
  public Coder<List<DeltaFile>> getDefaultOutputCoder(
      CoderRegistry registry, Coder<DeltaFile> inputCoder) {
    return LIST_CODER;
  }
}

package dev.ferry.pipelines.verify;

import dev.ferry.transforms.deadletter.FailedRow;
import dev.ferry.transforms.read.KeyRange;
import dev.ferry.transforms.read.ReadTable;
import dev.ferry.transforms.steps.ApplyRowSteps;
import dev.ferry.transforms.validate.KeepUnique;
import dev.ferry.transforms.verify.ChunkDigest;
import dev.ferry.transforms.verify.DigestRows;
import java.util.ArrayList;
import java.util.List;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.coders.KvCoder;
import org.apache.beam.sdk.transforms.Flatten;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionList;
import org.apache.beam.sdk.values.PCollectionTuple;
import org.apache.beam.sdk.values.Row;

/**
 * The source side of a table with {@code unique} rules: which of two rows sharing a value the load
 * kept depends on the whole table, so the rows are read, stepped and deduplicated exactly as the
 * load's step-by-step path does ({@link KeepUnique}, first by primary key), then digested into the
 * pair's chunks. The duplicates it rejects count as rejected, like every dead letter.
 *
 * @param rows the rows the load writes, for the drill-down
 * @param digests one digest per chunk, rejected rows counted in the first
 */
record UniqueSource(PCollection<Row> rows, PCollection<KV<KeyRange, ChunkDigest>> digests) {

  static UniqueSource of(Pipeline pipeline, TablePair pair) {
    String name = pair.name();
    List<PCollection<FailedRow>> failures = new ArrayList<>();
    PCollectionTuple read = pipeline.apply("Read " + name, ReadTable.from(pair.source()));
    failures.add(read.get(ReadTable.FAILED));
    PCollectionTuple stepped =
        read.get(ReadTable.ROWS).apply("Steps " + name, ApplyRowSteps.of(name, pair.steps()));
    failures.add(stepped.get(ApplyRowSteps.FAILED));
    PCollection<Row> rows = stepped.get(ApplyRowSteps.VALID);
    PCollectionTuple kept =
        rows.apply("Unique " + name, KeepUnique.of(name, pair.unique(), pair.table().primaryKey()));
    failures.add(kept.get(KeepUnique.FAILED));
    rows = kept.get(KeepUnique.VALID);
    KvCoder<KeyRange, ChunkDigest> coder = KvCoder.of(KeyRange.CODER, ChunkDigest.CODER);
    PCollection<KV<KeyRange, ChunkDigest>> rejected =
        PCollectionList.of(failures)
            .apply("Rejected " + name, Flatten.pCollections())
            .apply("Count rejected " + name, CountRejected.in(pair.chunks().all().get(0)));
    PCollection<KV<KeyRange, ChunkDigest>> digests =
        PCollectionList.of(
                rows.apply(
                    "Digest " + name, DigestRows.into(pair.table().columns(), pair.chunks())))
            .and(rejected)
            .apply("Digests " + name, Flatten.pCollections())
            .setCoder(coder);
    return new UniqueSource(rows, digests);
  }
}

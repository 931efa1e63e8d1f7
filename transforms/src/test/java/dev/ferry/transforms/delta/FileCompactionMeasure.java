package dev.ferry.transforms.delta;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.ferry.schemas.convert.BeamSchemas;
import dev.ferry.schemas.inventory.Column;
import dev.ferry.schemas.types.ColumnType;
import dev.ferry.schemas.types.ColumnType.Kind;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.apache.beam.sdk.values.Row;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;

/**
 * How long merging a run's small files takes: 40 files of about 2 MiB each, one partition. Not a
 * timed assertion; it prints the figures. Run with {@code -Dtest=FileCompactionMeasure
 * -Dferry.measure=true}.
 */
@EnabledIfSystemProperty(named = "ferry.measure", matches = "true")
class FileCompactionMeasure {

  private static final int FILES = 40;
  private static final long FILE_BYTES = 2L << 20;
  private static final List<Column> COLUMNS =
      List.of(
          EveryKindTable.col("id", ColumnType.of(Kind.INT64), false),
          EveryKindTable.col("qty", ColumnType.of(Kind.INT32), true),
          EveryKindTable.col("score", ColumnType.of(Kind.FLOAT64), true),
          EveryKindTable.col("amount", ColumnType.decimal(18, 2), true),
          EveryKindTable.col("name", ColumnType.string(0), true),
          EveryKindTable.col("created", ColumnType.of(Kind.TIMESTAMP), true));

  @TempDir Path tmp;

  @Test
  void fortyFilesOfTwoMebibytes() {
    DeltaTableSpec spec = DeltaTableSpec.of(tmp.toString(), "measure", COLUMNS);
    DeltaTableWriter writer = DeltaTableWriter.of(spec, BeamSchemas.of(COLUMNS));
    Random random = new Random(1);
    List<DeltaFile> files = new ArrayList<>();
    long id = 0;
    long writeStart = System.nanoTime();
    for (int f = 0; f < FILES; f++) {
      DeltaTableWriter.Session session = writer.start();
      // Rows are about 33 bytes compressed; a size check every 1,000 rows stops near 2 MiB.
      long first = id;
      while (true) {
        session.write(row(id++, random));
        if ((id - first) % 1000 == 0 && (id - first) * 33 >= FILE_BYTES) {
          break;
        }
      }
      files.addAll(session.finish());
    }
    double writeSeconds = (System.nanoTime() - writeStart) / 1e9;
    long bytes = files.stream().mapToLong(DeltaFile::size).sum();

    long start = System.nanoTime();
    List<DeltaFile> merged = FileCompaction.of(writer).compact(files);
    double mergeSeconds = (System.nanoTime() - start) / 1e9;

    assertEquals(1, merged.size());
    assertEquals(id, merged.get(0).numRecords());
    System.out.printf(
        "MEASURE: wrote %d files, %d rows, %.1f MiB in %.1f s; merged into %d file of %.1f MiB"
            + " in %.2f s%n",
        files.size(),
        id,
        bytes / 1048576.0,
        writeSeconds,
        merged.size(),
        merged.get(0).size() / 1048576.0,
        mergeSeconds);
  }

  private static Row row(long id, Random random) {
    return Row.withSchema(BeamSchemas.of(COLUMNS))
        .addValues(
            id,
            random.nextInt(1000),
            random.nextDouble(),
            BigDecimal.valueOf(random.nextInt(10_000_000), 2),
            "customer-" + random.nextInt(100_000),
            Instant.ofEpochSecond(
                1_700_000_000L + random.nextInt(86_400 * 30), random.nextInt(1_000_000) * 1000))
        .build();
  }
}

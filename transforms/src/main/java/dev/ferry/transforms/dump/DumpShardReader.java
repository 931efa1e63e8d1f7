package dev.ferry.transforms.dump;

import dev.ferry.schemas.SourceException;
import dev.ferry.schemas.convert.BeamSchemas;
import dev.ferry.schemas.inventory.Table;
import dev.ferry.schemas.types.ValueRejected;
import dev.ferry.transforms.deadletter.FailedRow;
import dev.ferry.transforms.postgres.CopyTextParser;
import dev.ferry.transforms.read.KeyRange;
import dev.ferry.transforms.read.RangeReader;
import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.Channels;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.apache.beam.sdk.io.FileSystems;
import org.apache.beam.sdk.schemas.Schema;
import org.apache.beam.sdk.values.Row;

/**
 * Reads a dumped table back, one shard per range, so a restore loads shards in parallel through the
 * same fused load as any other source. A line that does not parse for its column types becomes a
 * dead letter naming the shard and line; it cannot happen to a dump that passed its checksums
 * unless the dump was written by something else.
 *
 * @param table the table as the manifest describes it
 * @param dir the dump directory (local path or {@code s3://} URL) the shards are read from
 * @param files the table's shards, relative to {@code dir}
 */
public record DumpShardReader(
    Table table, String dir, List<String> files, DumpCompression compression)
    implements RangeReader {

  public DumpShardReader {
    files = List.copyOf(files);
  }

  @Override
  public List<KeyRange> ranges(long rowsPerSplit) {
    List<KeyRange> ranges = new ArrayList<>();
    for (int i = 0; i < files.size(); i++) {
      ranges.add(new KeyRange(i, i, false));
    }
    return ranges;
  }

  @Override
  public void read(KeyRange range, Consumer<Row> rows, Consumer<FailedRow> failures) {
    String path = files.get((int) range.from());
    String url = DumpPaths.resolve(dir, path);
    Schema schema = BeamSchemas.of(table.columns());
    CopyTextParser parser = new CopyTextParser(table.columns());
    long[] lineNumber = {0};
    try (InputStream in =
        compression.decompress(
            Channels.newInputStream(FileSystems.open(FileSystems.matchNewResource(url, false))))) {
      long cut =
          new LineReader(in)
              .forEach(
                  (buffer, offset, length) -> {
                    lineNumber[0]++;
                    try {
                      rows.accept(
                          Row.withSchema(schema)
                              .attachValues(parser.parse(buffer, offset, length)));
                    } catch (ValueRejected e) {
                      failures.accept(
                          FailedRow.of(
                              table.name(),
                              FailedRow.READ,
                              path + " line " + lineNumber[0] + ": " + e.getMessage(),
                              Map.of(
                                  "line",
                                  new String(buffer, offset, length, StandardCharsets.UTF_8))));
                    }
                  });
      if (cut > 0) {
        throw new SourceException(
            url
                + " ends in the middle of a line after "
                + lineNumber[0]
                + " rows: it is cut short");
      }
    } catch (IOException e) {
      throw HashedOutput.failure("cannot read", url, e);
    }
  }

  @Override
  public String describe() {
    return "dump "
        + DumpPaths.resolve(dir, DumpPaths.tableDirectory(table.name()))
        + "/ ("
        + files.size()
        + " shards)";
  }
}

package dev.ferry.transforms.dump;

import com.fasterxml.jackson.annotation.JsonIgnore;
import java.io.Serializable;
import java.util.Objects;

/**
 * One file of a dump, as the manifest lists it.
 *
 * @param path where it lies, relative to the dump directory ({@code
 *     data/orders/0_99999-000.copy.gz})
 * @param table the table whose rows it holds, or "" for the dump's other files
 * @param rows the rows (lines) it holds: a data shard's rows, a rejected file's rows; 0 otherwise
 * @param bytes its size as stored (compressed)
 * @param sha256 the SHA-256 of its stored bytes, lower-case hex
 */
public record DumpFile(String path, String table, long rows, long bytes, String sha256)
    implements Serializable {

  public DumpFile {
    Objects.requireNonNull(path, "path");
    Objects.requireNonNull(sha256, "sha256");
    table = table == null ? "" : table;
  }

  /** Whether it holds rows of a table (rather than being schema.sql, restore.sql…). */
  @JsonIgnore
  public boolean isData() {
    return !table.isEmpty();
  }
}

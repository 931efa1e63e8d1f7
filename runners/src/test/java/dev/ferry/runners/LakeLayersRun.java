package dev.ferry.runners;

import static dev.ferry.runners.LakeRows.assertSameRows;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ferry.testkit.DeltaKernelReader;
import dev.ferry.testkit.DuckDbReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * One {@code ferry run} of a lakehouse job through the real command, with its JSON report, and the
 * ways the layer tests read a lake back: rows with both Delta Kernel and DuckDB, data files of a
 * version, and the actions of one commit straight from the {@code _delta_log} JSON.
 */
record LakeLayersRun(Cli.Result result, String runId, JsonNode report) {

  private static final ObjectMapper JSON = new ObjectMapper();

  /** {@code ferry run JOB ARGS… --report FILE}; the report is null if the run wrote none. */
  static LakeLayersRun of(Path job, String... args) {
    Path report = job.resolveSibling("report-" + UUID.randomUUID() + ".json");
    List<String> all = new ArrayList<>(List.of("run", job.toString()));
    all.addAll(Arrays.asList(args));
    all.addAll(List.of("--report", report.toString()));
    Cli.Result result = Cli.ferry(all.toArray(String[]::new));
    System.out.println("$ ferry " + String.join(" ", all) + "\n" + result.out() + result.err());
    Matcher m = Pattern.compile("ferry: run (\\S+) of job").matcher(result.out());
    try {
      JsonNode json = Files.exists(report) ? JSON.readTree(report.toFile()) : null;
      return new LakeLayersRun(result, m.find() ? m.group(1) : null, json);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  LakeLayersRun ok() {
    result.exits(ExitCode.OK);
    return this;
  }

  /** The report's read, written, rejected and superseded counts of {@code table}. */
  long[] counts(String table) {
    assertNotNull(report, "no report: " + result.out() + result.err());
    for (JsonNode t : report.path("tables")) {
      if (t.path("table").asText().equals(table)) {
        return new long[] {
          t.path("read").asLong(),
          t.path("written").asLong(),
          t.path("rejected").asLong(),
          t.path("superseded").asLong()
        };
      }
    }
    throw new AssertionError("no table '" + table + "' in the report: " + report);
  }

  /** Asserts read = written + rejected + superseded, and returns the counts. */
  long[] reconciled(String table) {
    long[] c = counts(table);
    assertEquals(c[0], c[1] + c[2] + c[3], table + ": read = written + rejected + superseded");
    return c;
  }

  /**
   * Reads the table at {@code path} with Delta Kernel and DuckDB and asserts both hold exactly
   * {@code expected} over {@code columns}; returns the Kernel rows.
   */
  static List<Map<String, Object>> assertHolds(
      String what,
      Path path,
      List<Map<String, Object>> expected,
      List<String> columns,
      List<String> key) {
    DeltaKernelReader kernel = DeltaKernelReader.latest(path.toString());
    List<Map<String, Object>> rows = kernel.rows();
    assertSameRows(what + " via Delta Kernel", expected, rows, columns, key);
    assertSameRows(what + " via DuckDB", expected, DuckDbReader.read(kernel), columns, key);
    return rows;
  }

  /** Source columns only: the comparable part of a row. */
  static List<Map<String, Object>> project(List<Map<String, Object>> rows, List<String> columns) {
    return rows.stream()
        .map(
            r -> {
              Map<String, Object> out = new java.util.LinkedHashMap<>();
              columns.forEach(c -> out.put(c, r.get(c)));
              return out;
            })
        .toList();
  }

  static long version(Path table) {
    return DeltaKernelReader.latest(table.toString()).version();
  }

  /** The data files of the table's latest version, sorted. */
  static Set<String> files(Path table) {
    return new TreeSet<>(DeltaKernelReader.latest(table.toString()).files());
  }

  /** The actions of commit {@code version}, one JSON object each, as written in the log. */
  static List<JsonNode> commit(Path table, long version) {
    Path file = table.resolve("_delta_log").resolve(String.format("%020d.json", version));
    try {
      List<JsonNode> actions = new ArrayList<>();
      for (String line : Files.readAllLines(file)) {
        if (!line.isBlank()) {
          actions.add(JSON.readTree(line));
        }
      }
      return actions;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The paths a commit adds ({@code "add"}) or removes ({@code "remove"}). */
  static List<String> paths(List<JsonNode> commit, String action) {
    return commit.stream()
        .filter(a -> a.has(action))
        .map(a -> a.path(action).path("path").asText())
        .toList();
  }

  /** The rows a commit adds, from its files' statistics. */
  static long addedRecords(List<JsonNode> commit) {
    long n = 0;
    for (JsonNode a : commit) {
      if (a.has("add")) {
        String stats = a.path("add").path("stats").asText(null);
        assertNotNull(stats, "add without stats: " + a);
        try {
          n += JSON.readTree(stats).path("numRecords").asLong(-1);
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      }
    }
    return n;
  }

  /** The partition day a file path names ({@code year=2026/month=3/day=4}). */
  static LocalDate dayOf(String file) {
    Matcher m = Pattern.compile("year=(\\d+)/month=(\\d+)/day=(\\d+)/").matcher(file);
    assertTrue(m.find(), "a year=/month=/day= path: " + file);
    return LocalDate.of(
        Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)), Integer.parseInt(m.group(3)));
  }

  /** The files of {@code files} whose partition day is outside [from, to]. */
  static Set<String> outside(Set<String> files, LocalDate from, LocalDate to) {
    return files.stream()
        .filter(f -> dayOf(f).isBefore(from) || dayOf(f).isAfter(to))
        .collect(Collectors.toCollection(TreeSet::new));
  }

  static LocalDate partitionDay(Map<String, Object> row) {
    return LocalDate.of(
        ((Number) row.get("year")).intValue(),
        ((Number) row.get("month")).intValue(),
        ((Number) row.get("day")).intValue());
  }
}

package dev.ferry.transforms.dump;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.beam.sdk.io.FileSystems;
import org.apache.beam.sdk.io.fs.EmptyMatchTreatment;
import org.apache.beam.sdk.io.fs.MatchResult;

/**
 * The directory a dump of one day goes to: {@code <prefix>/<name>/YYYY/MM/DD/<name>-YYYYMMDD/}, or
 * {@code …-2/}, {@code …-3/}… when that day already has one, so nothing is ever overwritten. A
 * directory exists when any object lies under it.
 *
 * <p>Two runs that choose at the same moment could pick the same directory (S3 has no atomic create
 * through Beam's filesystem); runs of one job are expected one after the other.
 */
public final class DatedDirectory {

  private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("yyyy/MM/dd");
  private static final DateTimeFormatter COMPACT = DateTimeFormatter.BASIC_ISO_DATE;

  private DatedDirectory() {}

  /** {@code <name>/YYYY/MM/DD}, relative to the prefix. */
  public static String dayPath(String name, LocalDate date) {
    return name + "/" + DAY.format(date);
  }

  /**
   * The first free directory of {@code date} for {@code name} under {@code root} (an {@code s3://}
   * URL or a local directory), relative to the root and without a trailing slash: {@code
   * db/2026/11/21/db-20261121-2}.
   */
  public static String next(String root, String name, LocalDate date) throws IOException {
    String day = dayPath(name, date);
    Set<String> taken = existing(DumpPaths.resolve(root, day) + "/");
    String base = name + "-" + COMPACT.format(date);
    String candidate = base;
    for (int n = 2; taken.contains(candidate); n++) {
      candidate = base + "-" + n;
    }
    return day + "/" + candidate;
  }

  /**
   * The directories of {@code date} for {@code name} under {@code root} that hold no {@code
   * manifest.json}: dumps that failed or were killed, which nothing restores. Relative to the root,
   * like {@link #next}.
   */
  public static List<String> unfinished(String root, String name, LocalDate date)
      throws IOException {
    String day = dayPath(name, date);
    Set<String> complete = new HashSet<>(complete(root, name));
    return existing(DumpPaths.resolve(root, day) + "/").stream()
        .map(d -> day + "/" + d)
        .filter(d -> !complete.contains(d))
        .sorted()
        .toList();
  }

  /** The names of the directories directly under {@code dayUrl} (which ends with a slash). */
  private static Set<String> existing(String dayUrl) throws IOException {
    List<MatchResult> results =
        FileSystems.match(List.of(dayUrl + "**"), EmptyMatchTreatment.ALLOW);
    Set<String> names = new HashSet<>();
    MatchResult result = results.get(0);
    if (result.status() == MatchResult.Status.NOT_FOUND) {
      return names;
    }
    List<MatchResult.Metadata> found;
    try {
      found = result.metadata();
    } catch (FileNotFoundException none) {
      return names;
    }
    for (MatchResult.Metadata m : found) {
      String path = m.resourceId().toString();
      if (path.startsWith(dayUrl)) {
        String rest = path.substring(dayUrl.length());
        int slash = rest.indexOf('/');
        if (slash > 0) {
          names.add(rest.substring(0, slash));
        }
      }
    }
    return names;
  }

  /**
   * The dump directories of {@code name} under {@code root} that hold a {@code manifest.json}
   * (complete dumps), newest last: by day, then by {@code -N}.
   */
  public static List<String> complete(String root, String name) throws IOException {
    String base = DumpPaths.resolve(root, name) + "/";
    Pattern layout =
        Pattern.compile(
            Pattern.quote(name)
                + "/(\\d{4})/(\\d{2})/(\\d{2})/"
                + Pattern.quote(name)
                + "-(\\d{8})(?:-(\\d+))?/"
                + Pattern.quote(DumpPaths.MANIFEST));
    List<MatchResult> results =
        FileSystems.match(
            List.of(base + "*/*/*/*/" + DumpPaths.MANIFEST), EmptyMatchTreatment.ALLOW);
    List<String[]> found = new ArrayList<>();
    MatchResult result = results.get(0);
    if (result.status() == MatchResult.Status.OK) {
      List<MatchResult.Metadata> all;
      try {
        all = result.metadata();
      } catch (FileNotFoundException none) {
        all = List.of();
      }
      String rootPrefix = DumpPaths.resolve(root, "");
      for (MatchResult.Metadata m : all) {
        String path = m.resourceId().toString();
        if (!path.startsWith(rootPrefix)) {
          continue;
        }
        Matcher match = layout.matcher(path.substring(rootPrefix.length()));
        if (match.matches()) {
          String directory =
              path.substring(rootPrefix.length(), path.length() - DumpPaths.MANIFEST.length() - 1);
          found.add(
              new String[] {
                match.group(4), match.group(5) == null ? "1" : match.group(5), directory
              });
        }
      }
    }
    found.sort(
        Comparator.<String[], String>comparing(f -> f[0])
            .thenComparing(f -> new java.math.BigInteger(f[1]))); // \d+ may exceed an int
    return found.stream().map(f -> f[2]).toList();
  }

  /** The newest complete dump of {@code name} under {@code root}, relative to the root. */
  public static Optional<String> latest(String root, String name) throws IOException {
    List<String> all = complete(root, name);
    return all.isEmpty() ? Optional.empty() : Optional.of(all.get(all.size() - 1));
  }
}

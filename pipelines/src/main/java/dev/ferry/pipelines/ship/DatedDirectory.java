package dev.ferry.pipelines.ship;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
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
   * The first free directory of {@code date} for {@code name} under {@code location}, relative to
   * the location's prefix and without a trailing slash: {@code db/2026/11/21/db-20261121-2}.
   */
  public static String next(S3Location location, String name, LocalDate date) throws IOException {
    String day = dayPath(name, date);
    Set<String> taken = existing(location.resolve(day + "/"));
    String base = name + "-" + COMPACT.format(date);
    String candidate = base;
    for (int n = 2; taken.contains(candidate); n++) {
      candidate = base + "-" + n;
    }
    return day + "/" + candidate;
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
}

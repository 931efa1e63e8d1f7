package dev.ferry.pipelines.run;

import java.security.SecureRandom;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.HexFormat;

/**
 * One run of a job: its id (stamped on every row and used as the Delta transaction id, so a re-run
 * with the same id changes nothing) and its start instant (the ingest time of every row).
 */
public record RunContext(String runId, Instant startedAt) {

  /** Rows carry microseconds; a finer clock reading would not encode. */
  public RunContext {
    startedAt = startedAt.truncatedTo(ChronoUnit.MICROS);
  }

  private static final DateTimeFormatter ID_TIME =
      DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);

  /** A new run now, with an id like {@code 20261121T140307Z-3f9a1c}. */
  public static RunContext startNow() {
    Instant now = Instant.now();
    byte[] random = new byte[3];
    new SecureRandom().nextBytes(random);
    return new RunContext(ID_TIME.format(now) + "-" + HexFormat.of().formatHex(random), now);
  }

  /** A run that repeats {@code runId}, e.g. to finish a run that died. */
  public static RunContext resume(String runId) {
    return new RunContext(runId, Instant.now());
  }
}

package dev.ferry.schemas.sql;

import dev.ferry.schemas.types.Utf8;
import java.io.Serializable;
import java.time.ZoneId;

/**
 * How a source's values are read.
 *
 * @param zoneId the zone of date-times the source stores without one, when the target wants an
 *     instant (job key {@code source.timezone}, default UTC)
 * @param invalidUtf8 whether text that is not valid UTF-8 rejects the row or is repaired
 */
public record ReadOptions(String zoneId, Utf8.Policy invalidUtf8) implements Serializable {

  public static final ReadOptions DEFAULT = new ReadOptions("UTC", Utf8.Policy.REJECT);

  public ZoneId zone() {
    return ZoneId.of(zoneId);
  }
}

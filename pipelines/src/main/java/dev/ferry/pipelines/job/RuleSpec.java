package dev.ferry.pipelines.job;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/**
 * Validation rules for one column ({@code table.column}); a row breaking any of them goes to the
 * dead letters with every broken rule in its reason.
 *
 * @param type the logical type the value must convert to, e.g. {@code date} or {@code
 *     decimal(10,2)}
 * @param regex the whole value must match it
 * @param in the allowed values, compared as text
 * @param unique rows after the first (by primary key) with the same value go to dead letters
 */
public record RuleSpec(
    @JsonProperty(required = true) String column,
    @JsonProperty("not_null") Boolean notNull,
    String type,
    RangeSpec range,
    String regex,
    List<String> in,
    Boolean unique) {

  public RuleSpec {
    notNull = notNull != null && notNull;
    unique = unique != null && unique;
  }

  /** Inclusive bounds, compared in the column's own type; either may be left out. */
  public record RangeSpec(String min, String max) {}
}

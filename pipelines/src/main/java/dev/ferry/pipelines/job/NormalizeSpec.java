package dev.ferry.pipelines.job;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/**
 * Normalization steps for the text columns matching {@code column} ({@code table.column} globs).
 *
 * @param steps any of {@code trim}, {@code nfc}, {@code empty_to_null}; applied in that order
 */
public record NormalizeSpec(
    @JsonProperty(required = true) String column,
    @JsonProperty(required = true) List<String> steps) {

  public NormalizeSpec {
    steps = List.copyOf(steps);
  }
}

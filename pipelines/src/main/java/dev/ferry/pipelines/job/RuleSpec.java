package dev.ferry.pipelines.job;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Validation rules for one column ({@code table.column}); a row breaking any of them goes to the
 * dead letters with every broken rule in its reason.
 *
 * @param type the logical type the value must convert to, e.g. {@code date} or {@code
 *     decimal(10,2)}
 * @param regex the whole value must match it
 * @param in the allowed values, compared as text
 * @param unique rows after the first (by primary key) with the same value go to dead letters
 * @param checkDigits {@code cpf}, {@code cnpj} or {@code luhn}: the value's digits ({@code .},
 *     {@code -}, {@code /} and spaces ignored) must carry valid check digits of that scheme
 * @param when column → value: the rule's other checks apply only to rows where each of these
 *     columns of the same table holds that value (compared as {@code in} compares); a NULL there
 *     means the rule does not apply
 * @param ascending the values must strictly increase from row to row, NULLs skipped. It compares
 *     the rows of one parent in array order, so it is for the child tables a document's arrays
 *     flatten into; tables read from relational sources have no such order
 */
public record RuleSpec(
    @JsonProperty(required = true) String column,
    @JsonProperty("not_null") Boolean notNull,
    String type,
    RangeSpec range,
    String regex,
    List<String> in,
    Boolean unique,
    @JsonProperty("check_digits") String checkDigits,
    Map<String, String> when,
    Boolean ascending) {

  public RuleSpec {
    notNull = notNull != null && notNull;
    unique = unique != null && unique;
    ascending = ascending != null && ascending;
    // A LinkedHashMap that may hold a null value (when: {kind: }) for JobChecks to name.
    when = when == null ? null : Collections.unmodifiableMap(new LinkedHashMap<>(when));
  }

  /** Inclusive bounds, compared in the column's own type; either may be left out. */
  public record RangeSpec(String min, String max) {}
}

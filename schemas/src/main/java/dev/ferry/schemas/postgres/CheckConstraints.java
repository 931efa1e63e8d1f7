package dev.ferry.schemas.postgres;

import dev.ferry.schemas.inventory.Check;
import dev.ferry.schemas.inventory.Table;
import dev.ferry.schemas.sql.Identifiers;
import dev.ferry.schemas.types.ValueRejected;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * {@code ALTER TABLE … ADD CONSTRAINT … CHECK (…)} for a table's source checks, one statement per
 * check, to run after the load: a check that loaded rows break fails alone and the rows stay.
 *
 * <ul>
 *   <li>From PostgreSQL the condition is kept as written, with casts to the source's own types
 *       qualified by the target schema; if columns were renamed to fit 63 bytes and the condition
 *       names them, a note says it may not run.
 *   <li>From MySQL and SQLite it is translated by {@link PostgresChecks}; what cannot be translated
 *       is left out with a note naming the check and why.
 * </ul>
 */
final class CheckConstraints {

  private final TargetNames names;
  private final String dialect;
  private final Function<String, Optional<String>> userType;
  private final List<String> notes;

  CheckConstraints(
      TargetNames names,
      String dialect,
      Function<String, Optional<String>> userType,
      List<String> notes) {
    this.names = names;
    this.dialect = dialect;
    this.userType = userType;
    this.notes = notes;
  }

  /** The statements for the checks of {@code t}, in its order. */
  List<String> statements(Table t) {
    List<String> statements = new ArrayList<>();
    for (int i = 0; i < t.checks().size(); i++) {
      Optional<String> clause = clause(t, t.checks().get(i));
      if (clause.isPresent()) {
        statements.add(
            "ALTER TABLE "
                + names.table(t.name())
                + " ADD CONSTRAINT "
                + names.check(t.name(), i)
                + " "
                + clause.get());
      }
    }
    return statements;
  }

  private Optional<String> clause(Table t, Check check) {
    String what = what(t, check);
    if (check.expression() == null || check.expression().isBlank()) {
      notes.add("skipped " + what + ": the source gave no condition");
      return Optional.empty();
    }
    if (dialect.equals("postgres")) {
      String clause =
          PostgresChecks.checkClause(UserTypes.qualifyCasts(check.expression(), userType));
      names.columnRenames(t.name()).stream()
          .filter(r -> check.expression().contains(r.from()))
          .forEach(
              r ->
                  notes.add(
                      what
                          + " may name column "
                          + Identifiers.quote(r.from())
                          + ", renamed to "
                          + Identifiers.quote(r.to())
                          + ": it is copied as written"));
      return Optional.of(clause);
    }
    Optional<String> redundant = PostgresChecks.redundant(check.expression(), dialect, t);
    if (redundant.isPresent()) {
      notes.add("left out " + what + ": " + redundant.get());
      return Optional.empty();
    }
    try {
      String condition =
          PostgresChecks.translate(
              check.expression(), dialect, t, column -> names.column(t.name(), column));
      return Optional.of("CHECK (" + condition + ")");
    } catch (ValueRejected e) {
      notes.add("skipped " + what + " (" + check.expression() + "): " + e.getMessage());
      return Optional.empty();
    }
  }

  private static String what(Table t, Check check) {
    boolean named = check.name() != null && !check.name().isBlank();
    return (named ? "check " + Identifiers.quote(check.name()) : "an unnamed check")
        + " of table "
        + Identifiers.quote(t.name());
  }
}

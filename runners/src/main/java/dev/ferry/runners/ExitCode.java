package dev.ferry.runners;

/** The exit codes of the {@code ferry} command, as the user-facing contract states them. */
public final class ExitCode {
  /** Done; for verify: source and target are equal. */
  public static final int OK = 0;

  /** Done, but rows were rejected beyond the job's limit; for verify: differences found. */
  public static final int REJECTED = 1;

  /** Bad job file or arguments. */
  public static final int USAGE = 2;

  /** A source, target or runner failure. */
  public static final int FAILURE = 3;

  private ExitCode() {}
}

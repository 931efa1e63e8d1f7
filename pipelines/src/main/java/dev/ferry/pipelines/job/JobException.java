package dev.ferry.pipelines.job;

/**
 * The job file or the command's arguments are wrong. The message is one line naming the file, the
 * key (and line where known) and what to do; it never contains a secret.
 */
public class JobException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public JobException(String message) {
    super(message);
  }
}

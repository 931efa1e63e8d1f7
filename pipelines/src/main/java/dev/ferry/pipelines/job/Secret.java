package dev.ferry.pipelines.job;

import java.io.Serializable;

/**
 * A password or key from the job file. It prints as {@code ******} everywhere (logs, reports,
 * exceptions, display data); only {@link #reveal()} gives the value, at the point of use.
 */
public final class Secret implements Serializable {
  private static final long serialVersionUID = 1L;

  private final String value;

  public Secret(String value) {
    this.value = value;
  }

  public String reveal() {
    return value;
  }

  @Override
  public String toString() {
    return "******";
  }
}

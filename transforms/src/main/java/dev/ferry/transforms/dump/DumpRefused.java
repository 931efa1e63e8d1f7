package dev.ferry.transforms.dump;

import dev.ferry.schemas.SourceException;

/**
 * A dump that must not be restored: no manifest, or a file missing, cut short or altered. Nothing
 * has been loaded when it is thrown; {@code ferry run} exits 1 with its message, which names the
 * file.
 */
public class DumpRefused extends SourceException {
  private static final long serialVersionUID = 1L;

  public DumpRefused(String message) {
    super(message);
  }
}

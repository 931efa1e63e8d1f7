package dev.ferry.pipelines.plan;

/** Joins lakehouse paths the same way for local paths and {@code s3://} URLs. */
public final class LakePaths {

  private LakePaths() {}

  public static String join(String root, String... parts) {
    StringBuilder out =
        new StringBuilder(root.endsWith("/") ? root.substring(0, root.length() - 1) : root);
    for (String p : parts) {
      out.append('/').append(p);
    }
    return out.toString();
  }
}

package dev.ferry.runners;

import picocli.CommandLine;

/** The version printed by {@code ferry --version}, from the jar's manifest. */
public final class Version implements CommandLine.IVersionProvider {

  public static String current() {
    String v = Version.class.getPackage().getImplementationVersion();
    return v == null ? "dev" : v;
  }

  @Override
  public String[] getVersion() {
    return new String[] {"ferry " + current(), "Apache Beam 2.70.0, Java " + Runtime.version()};
  }
}

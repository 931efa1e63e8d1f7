package dev.ferry.bench;

import dev.ferry.testkit.FlinkCluster;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * The standalone Flink 1.19 session cluster of {@code bench/flink.sh}: the testkit's {@link
 * FlinkCluster} (one JobManager, one TaskManager with 2 slots, each a child JVM, REST on a free
 * loopback port), the same cluster {@code FlinkClusterIT} submits to, kept up until this process is
 * stopped.
 *
 * <pre>{@code
 * java -cp "$(cat bench/target/classpath.txt):bench/target/ferry-bench.jar" \
 *     dev.ferry.bench.FlinkSessionCluster
 * }</pre>
 *
 * <p>Prints one line once the TaskManager's slots are free: {@code flink ready
 * master=127.0.0.1:PORT pids=JM,TM seconds=S} (the pids let the bench read the cluster's CPU time
 * from {@code /proc}); stop it with SIGTERM, whose shutdown hook stops both processes and deletes
 * the cluster's directory.
 */
public final class FlinkSessionCluster {

  private FlinkSessionCluster() {}

  public static void main(String[] args) throws InterruptedException {
    if (args.length != 0) {
      System.err.println("usage: FlinkSessionCluster (no arguments; stop it with SIGTERM)");
      System.exit(2);
    }
    long start = System.nanoTime();
    FlinkCluster flink = FlinkCluster.shared();
    System.out.printf(
        Locale.ROOT,
        "flink ready master=%s pids=%s seconds=%.1f%n",
        flink.masterAddress(),
        flink.pids().stream().map(String::valueOf).collect(Collectors.joining(",")),
        (System.nanoTime() - start) / 1e9);
    System.out.flush();
    // The cluster runs in child processes: this JVM only waits to stop them when it is stopped.
    Thread.currentThread().join();
  }
}

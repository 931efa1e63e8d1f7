package dev.ferry.testkit;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A real standalone Flink 1.19 session cluster for tests: one JobManager ({@code
 * StandaloneSessionClusterEntrypoint}) and one TaskManager ({@code TaskManagerRunner}) with 2 task
 * slots, each in its own child JVM, with the REST API on a free loopback port. One shared cluster
 * per JVM, started on first use, or one of its own with extra settings ({@link #start}); {@link
 * #stop()} or a shutdown hook stops both processes and deletes the cluster's directory.
 *
 * <pre>{@code
 * FlinkCluster flink = FlinkCluster.shared();
 * // Beam: --runner=FlinkRunner --flinkMaster=<flink.masterAddress()> --filesToStage=<shaded jar>
 * URI rest = flink.restUrl(); // http://127.0.0.1:PORT, e.g. GET rest + "/jobs/overview"
 * }</pre>
 *
 * <p>The processes run from the classpath the {@code ferry-testkit-flink} module records (Flink
 * {@value #FLINK_VERSION_PREFIX}x from Maven jars, log4j2), never from the test's own, as {@code
 * bin/jobmanager.sh} and {@code bin/taskmanager.sh} would run them: the JVM memory arguments come
 * from Flink's {@code BashJavaUtils} for the generated {@code conf/config.yaml}, the {@code
 * --add-opens} flags are those of Flink's default {@code env.java.opts.all} for Java 17. Logs go to
 * {@code log/jobmanager.log} and {@code log/taskmanager.log} (stdout and stderr to {@code .out}) in
 * {@link #logDir()}. A cluster that fails to start is stopped, and its directory kept for the logs.
 */
public final class FlinkCluster {

  static final String FLINK_VERSION_PREFIX = "1.19.";

  private static final String CLASSPATH_RESOURCE = "/dev/ferry/testkit/flink/classpath.txt";
  private static final long START_TIMEOUT_MILLIS = 90_000;
  private static final int SLOTS = 2;
  private static final String JOB_MANAGER_MEMORY = "1024m";
  private static final String TASK_MANAGER_MEMORY = "2304m";
  private static final String BASH_JAVA_UTILS_PREFIX = "BASH_JAVA_UTILS_EXEC_RESULT:";
  private static final int LOG_TAIL_LINES = 15;

  /** Flink 1.19's {@code env.java.opts.all} in its default {@code config.yaml}, for Java 17. */
  private static final List<String> JAVA_17_OPTS =
      List.of(
          "--add-exports=java.base/sun.net.util=ALL-UNNAMED",
          "--add-exports=java.rmi/sun.rmi.registry=ALL-UNNAMED",
          "--add-exports=jdk.compiler/com.sun.tools.javac.api=ALL-UNNAMED",
          "--add-exports=jdk.compiler/com.sun.tools.javac.file=ALL-UNNAMED",
          "--add-exports=jdk.compiler/com.sun.tools.javac.parser=ALL-UNNAMED",
          "--add-exports=jdk.compiler/com.sun.tools.javac.tree=ALL-UNNAMED",
          "--add-exports=jdk.compiler/com.sun.tools.javac.util=ALL-UNNAMED",
          "--add-exports=java.security.jgss/sun.security.krb5=ALL-UNNAMED",
          "--add-opens=java.base/java.lang=ALL-UNNAMED",
          "--add-opens=java.base/java.net=ALL-UNNAMED",
          "--add-opens=java.base/java.io=ALL-UNNAMED",
          "--add-opens=java.base/java.nio=ALL-UNNAMED",
          "--add-opens=java.base/sun.nio.ch=ALL-UNNAMED",
          "--add-opens=java.base/java.lang.reflect=ALL-UNNAMED",
          "--add-opens=java.base/java.text=ALL-UNNAMED",
          "--add-opens=java.base/java.time=ALL-UNNAMED",
          "--add-opens=java.base/java.util=ALL-UNNAMED",
          "--add-opens=java.base/java.util.concurrent=ALL-UNNAMED",
          "--add-opens=java.base/java.util.concurrent.atomic=ALL-UNNAMED",
          "--add-opens=java.base/java.util.concurrent.locks=ALL-UNNAMED");

  private static FlinkCluster shared;

  private final Map<String, String> settings;
  private final Path root;
  private final Path confDir;
  private final Path logDir;
  private final int restPort;
  private final String classpath;
  private final List<Process> processes = new ArrayList<>();
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
  private Thread shutdownHook;
  private boolean stopped;

  /** What {@code GET /overview} reports. */
  public record Overview(
      int taskManagers, int slotsTotal, int slotsAvailable, int jobsRunning, String flinkVersion) {}

  private FlinkCluster(Map<String, String> settings) {
    this.settings = Map.copyOf(settings);
    root = LocalServers.createTempDirectory("ferry-flink-");
    confDir = root.resolve("conf");
    logDir = root.resolve("log");
    restPort = LocalServers.freePort();
    try {
      classpath = flinkClasspath();
      Files.createDirectories(confDir);
      Files.createDirectories(logDir);
      Files.createDirectories(root.resolve("tmp"));
      writeConfig(LocalServers.freePort());
      writeLog4jConfig();
      // Both in parallel: each is a JVM start of about a second on a small machine.
      Process jmParams = bashJavaUtils("GET_JM_RESOURCE_PARAMS", "jm-resource-params");
      Process tmParams = bashJavaUtils("GET_TM_RESOURCE_PARAMS", "tm-resource-params");
      List<String> jm = resourceParams(jmParams, "jm-resource-params");
      List<String> tm = resourceParams(tmParams, "tm-resource-params");
      processes.add(
          startProcess(
              "jobmanager",
              jm,
              "org.apache.flink.runtime.entrypoint.StandaloneSessionClusterEntrypoint",
              "--executionMode",
              "cluster"));
      processes.add(
          startProcess(
              "taskmanager", tm, "org.apache.flink.runtime.taskexecutor.TaskManagerRunner"));
    } catch (IOException | RuntimeException e) {
      killProcesses();
      throw new IllegalStateException(
          "could not start the Flink cluster in " + root + ": " + e.getMessage() + logTails(), e);
    }
    awaitReady();
  }

  /** This JVM's cluster, started the first time it is asked for (or after {@link #stop()}). */
  public static synchronized FlinkCluster shared() {
    if (shared == null || shared.stopped) {
      shared = start(Map.of());
    }
    return shared;
  }

  /**
   * A cluster of its own (not {@link #shared()}), with {@code settings} put into its {@code
   * config.yaml} over the testkit's, e.g. {@code Map.of("restart-strategy.type", "fixed-delay")};
   * the caller stops it (or the JVM's exit does).
   */
  public static FlinkCluster start(Map<String, String> settings) {
    long started = System.nanoTime();
    FlinkCluster c = new FlinkCluster(settings);
    c.shutdownHook = new Thread(c::shutDown, "ferry-flink-shutdown");
    Runtime.getRuntime().addShutdownHook(c.shutdownHook);
    System.err.printf(
        "ferry testkit: Flink 1.19 session cluster started on port %d in %d ms%n",
        c.restPort, LocalServers.millisSince(started));
    return c;
  }

  /** {@code http://127.0.0.1:PORT}, the REST API and web UI. */
  public URI restUrl() {
    return URI.create("http://127.0.0.1:" + restPort);
  }

  /** {@code 127.0.0.1:PORT}: Beam's {@code --flinkMaster}. */
  public String masterAddress() {
    return "127.0.0.1:" + restPort;
  }

  public int restPort() {
    return restPort;
  }

  /** Where {@code jobmanager.log}, {@code taskmanager.log} and their {@code .out} files are. */
  public Path logDir() {
    return logDir;
  }

  /**
   * The cluster's {@code conf/} directory ({@code config.yaml} with the REST address): a Flink
   * client run with {@code FLINK_CONF_DIR} set to it submits to this cluster.
   */
  public Path confDir() {
    return confDir;
  }

  /** The class path the cluster's processes run from, which also holds Flink's client. */
  public String classpath() {
    return classpath;
  }

  /** The process ids of the JobManager and the TaskManager, in that order. */
  public List<Long> pids() {
    return processes.stream().map(Process::pid).toList();
  }

  /** {@code GET /overview}, parsed. */
  public Overview overview() {
    String json = get("/overview");
    return new Overview(
        intField(json, "taskmanagers"),
        intField(json, "slots-total"),
        intField(json, "slots-available"),
        intField(json, "jobs-running"),
        stringField(json, "flink-version"));
  }

  /**
   * The body of {@code GET path} on the REST API ({@code path} starts with {@code /}); throws on
   * anything but 200.
   */
  public String get(String path) {
    HttpRequest request =
        HttpRequest.newBuilder(restUrl().resolve(path)).timeout(Duration.ofSeconds(10)).build();
    try {
      HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
      if (response.statusCode() != 200) {
        throw new IllegalStateException(
            "GET " + path + " answered " + response.statusCode() + ": " + response.body());
      }
      return response.body();
    } catch (IOException e) {
      throw new UncheckedIOException("GET " + request.uri() + " failed", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted during GET " + request.uri(), e);
    }
  }

  /**
   * Stops the TaskManager and the JobManager and deletes the cluster's directory; the next {@link
   * #shared()} starts a new cluster.
   */
  public void stop() {
    synchronized (FlinkCluster.class) {
      shutDown();
      if (shutdownHook != null) {
        try {
          Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException shuttingDown) {
          // already in the hook
        }
      }
    }
  }

  private synchronized void shutDown() {
    if (stopped) {
      return;
    }
    stopped = true;
    killProcesses();
    LocalServers.deleteTree(root);
  }

  /** TaskManager first, so that the JobManager does not log it as lost; SIGTERM, then SIGKILL. */
  private void killProcesses() {
    for (int i = processes.size() - 1; i >= 0; i--) {
      Process p = processes.get(i);
      p.destroy();
      try {
        if (!p.waitFor(15, TimeUnit.SECONDS)) {
          p.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
        }
      } catch (InterruptedException e) {
        p.destroyForcibly();
        Thread.currentThread().interrupt();
      }
    }
  }

  private void writeConfig(int rpcPort) throws IOException {
    String tmp = root.resolve("tmp").toString();
    List<String> lines =
        List.of(
            "# ferry testkit FlinkCluster: one JobManager, one TaskManager, loopback only",
            "jobmanager.rpc.address: 127.0.0.1",
            "jobmanager.rpc.port: " + rpcPort,
            "jobmanager.bind-host: 127.0.0.1",
            "jobmanager.memory.process.size: " + JOB_MANAGER_MEMORY,
            "jobmanager.execution.failover-strategy: region",
            "taskmanager.host: 127.0.0.1",
            "taskmanager.bind-host: 127.0.0.1",
            "taskmanager.numberOfTaskSlots: " + SLOTS,
            "taskmanager.memory.process.size: " + TASK_MANAGER_MEMORY,
            // ferry's lakehouse jobs (a shuffle per table and step) need more network buffers than
            // the default 10% (the quickstart's bronze failed with "Insufficient number of network
            // buffers"); Beam's batch steps use little managed memory, so it gives way.
            "taskmanager.memory.network.fraction: 0.25",
            "taskmanager.memory.managed.fraction: 0.2",
            // Each blocking result partition of a batch job holds this many 32 KiB buffers while
            // its producer runs (Flink's default 512 = 16 MiB): a dump of a dozen tables at
            // parallelism 2 failed with "Insufficient number of network buffers: required 512".
            "taskmanager.network.sort-shuffle.min-buffers: 128",
            // Each job loads ferry's jar in a class loader of its own (Beam, Calcite for gold):
            // at the default 256m the TaskManager shut down after a few jobs.
            "taskmanager.memory.jvm-metaspace.size: 768m",
            "rest.address: 127.0.0.1",
            "rest.bind-address: 127.0.0.1",
            "rest.port: " + restPort,
            "parallelism.default: 1",
            "io.tmp.dirs: " + yamlString(tmp),
            "web.tmpdir: " + yamlString(root.resolve("web").toString()),
            "env.log.dir: " + yamlString(logDir.toString()));
    // A key given twice would make the YAML invalid: a setting replaces the testkit's line.
    List<String> config = new ArrayList<>();
    for (String line : lines) {
      int colon = line.indexOf(": ");
      if (line.startsWith("#") || colon < 0 || !settings.containsKey(line.substring(0, colon))) {
        config.add(line);
      }
    }
    new TreeMap<>(settings).forEach((k, v) -> config.add(k + ": " + yamlString(v)));
    Files.write(confDir.resolve("config.yaml"), config, StandardCharsets.UTF_8);
  }

  private void writeLog4jConfig() throws IOException {
    List<String> lines =
        List.of(
            "rootLogger.level = INFO",
            "rootLogger.appenderRef.file.ref = MainAppender",
            "appender.main.name = MainAppender",
            "appender.main.type = File",
            "appender.main.append = false",
            "appender.main.fileName = ${sys:log.file}",
            "appender.main.layout.type = PatternLayout",
            "appender.main.layout.pattern = %d{HH:mm:ss,SSS} %-5p %c{1} - %m%n",
            "logger.netty.name = org.jboss.netty.channel.DefaultChannelPipeline",
            "logger.netty.level = OFF");
    Files.write(confDir.resolve("log4j.properties"), lines, StandardCharsets.UTF_8);
  }

  private static String yamlString(String s) {
    return "'" + s.replace("'", "''") + "'";
  }

  private Process bashJavaUtils(String command, String name) throws IOException {
    return new ProcessBuilder(
            javaExecutable(),
            "-Xmx128m",
            "-cp",
            classpath,
            "org.apache.flink.runtime.util.bash.BashJavaUtils",
            command,
            "--configDir",
            confDir.toString())
        .directory(root.toFile())
        .redirectErrorStream(true)
        .redirectOutput(logDir.resolve(name + ".out").toFile())
        .start();
  }

  /**
   * The JVM arguments and then the {@code -D key=value} dynamic properties that {@code
   * BashJavaUtils} printed on its two {@code BASH_JAVA_UTILS_EXEC_RESULT:} lines.
   */
  private List<String> resourceParams(Process process, String name) throws IOException {
    int code;
    try {
      if (!process.waitFor(60, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        throw new IllegalStateException("BashJavaUtils took more than 60 s");
      }
      code = process.exitValue();
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while BashJavaUtils ran", e);
    }
    Path out = logDir.resolve(name + ".out");
    List<String> results =
        Files.readAllLines(out, StandardCharsets.UTF_8).stream()
            .filter(l -> l.startsWith(BASH_JAVA_UTILS_PREFIX))
            .map(l -> l.substring(BASH_JAVA_UTILS_PREFIX.length()).strip())
            .toList();
    if (code != 0 || results.size() < 2) {
      throw new IllegalStateException(
          "BashJavaUtils exited with code " + code + " and no resource parameters; see " + out);
    }
    List<String> params = new ArrayList<>();
    for (String line : results.subList(results.size() - 2, results.size())) {
      Arrays.stream(line.split("\\s+")).filter(s -> !s.isEmpty()).forEach(params::add);
    }
    return params;
  }

  private Process startProcess(
      String name, List<String> resourceParams, String mainClass, String... extraArgs)
      throws IOException {
    List<String> jvmArgs = new ArrayList<>();
    List<String> dynamicProperties = new ArrayList<>();
    for (int i = 0; i < resourceParams.size(); i++) {
      String p = resourceParams.get(i);
      if (p.equals("-D") && i + 1 < resourceParams.size()) {
        dynamicProperties.add("-D");
        dynamicProperties.add(resourceParams.get(++i));
      } else {
        jvmArgs.add(p);
      }
    }
    List<String> command = new ArrayList<>();
    command.add(javaExecutable());
    command.addAll(jvmArgs);
    command.addAll(JAVA_17_OPTS);
    command.add("-Dlog.file=" + logDir.resolve(name + ".log"));
    command.add("-Dlog4j.configurationFile=" + confDir.resolve("log4j.properties").toUri());
    command.add("-cp");
    command.add(classpath);
    command.add(mainClass);
    command.add("--configDir");
    command.add(confDir.toString());
    command.addAll(List.of(extraArgs));
    command.addAll(dynamicProperties);
    return new ProcessBuilder(command)
        .directory(root.toFile())
        .redirectErrorStream(true)
        .redirectOutput(logDir.resolve(name + ".out").toFile())
        .start();
  }

  private void awaitReady() {
    long deadline = System.currentTimeMillis() + START_TIMEOUT_MILLIS;
    String last = "the REST API did not answer";
    while (System.currentTimeMillis() < deadline) {
      for (int i = 0; i < processes.size(); i++) {
        Process p = processes.get(i);
        if (!p.isAlive()) {
          fail(
              (i == 0 ? "the JobManager" : "the TaskManager")
                  + " exited with code "
                  + p.exitValue());
        }
      }
      try {
        Overview o = overview();
        if (o.taskManagers() == 1 && o.slotsAvailable() == SLOTS) {
          return;
        }
        last = "GET /overview reported " + o;
      } catch (RuntimeException notYet) {
        // not listening yet
      }
      try {
        Thread.sleep(200);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        fail("interrupted while it was starting");
      }
    }
    fail(
        "no TaskManager with "
            + SLOTS
            + " free slots within "
            + START_TIMEOUT_MILLIS / 1000
            + " s ("
            + last
            + ")");
  }

  private void fail(String reason) {
    killProcesses();
    stopped = true;
    throw new IllegalStateException(
        "Flink cluster on port "
            + restPort
            + " did not start: "
            + reason
            + "; logs kept in "
            + logDir
            + logTails());
  }

  private String logTails() {
    StringBuilder s = new StringBuilder();
    for (String name :
        List.of("jobmanager.log", "jobmanager.out", "taskmanager.log", "taskmanager.out")) {
      Path file = logDir.resolve(name);
      try {
        if (!Files.isRegularFile(file) || Files.size(file) == 0) {
          continue;
        }
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        s.append(System.lineSeparator()).append("--- last lines of ").append(name).append(" ---");
        for (String l : lines.subList(Math.max(0, lines.size() - LOG_TAIL_LINES), lines.size())) {
          s.append(System.lineSeparator()).append(l);
        }
      } catch (IOException | UncheckedIOException e) {
        s.append(System.lineSeparator()).append("(could not read ").append(file).append(')');
      }
    }
    return s.toString();
  }

  private static int intField(String json, String name) {
    Matcher m = Pattern.compile("\"" + Pattern.quote(name) + "\"\\s*:\\s*(-?\\d+)").matcher(json);
    if (!m.find()) {
      throw new IllegalStateException("no \"" + name + "\" in " + json);
    }
    return Integer.parseInt(m.group(1));
  }

  private static String stringField(String json, String name) {
    Matcher m =
        Pattern.compile("\"" + Pattern.quote(name) + "\"\\s*:\\s*\"([^\"]*)\"").matcher(json);
    if (!m.find()) {
      throw new IllegalStateException("no \"" + name + "\" in " + json);
    }
    return m.group(1);
  }

  private static String javaExecutable() {
    return Path.of(System.getProperty("java.home"), "bin", "java").toString();
  }

  private static String flinkClasspath() throws IOException {
    try (InputStream in = FlinkCluster.class.getResourceAsStream(CLASSPATH_RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException(
            CLASSPATH_RESOURCE
                + " is missing: build with the ferry-testkit-flink module (mvn -pl testkit -am)");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8).strip();
    }
  }

  /** True if nothing listens on the loopback {@code port}. */
  static boolean portIsFree(int port) {
    try (ServerSocket socket = new ServerSocket()) {
      socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
      return true;
    } catch (IOException e) {
      return false;
    }
  }
}

package dev.ferry.runners;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.function.Supplier;

/**
 * The progress line of a job on Flink, which reports Beam's counters only when the job has ended:
 * on a session cluster, the job's state and tasks from the REST API ({@code GET /jobs/overview});
 * on an embedded Flink, only that it runs.
 */
final class FlinkStatus implements Supplier<String> {

  private static final ObjectMapper JSON = new ObjectMapper();

  /** Flink's globally terminal job states: an earlier run of the same job is not this one. */
  private static final java.util.Set<String> TERMINAL =
      java.util.Set.of("FINISHED", "FAILED", "CANCELED");

  private final String master;
  private final String jobName;
  private final HttpClient http;

  private FlinkStatus(String master, String jobName) {
    this.master = master;
    this.jobName = jobName;
    this.http =
        master == null
            ? null
            : HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
  }

  /** For the job named {@code jobName} on {@code master} (HOST:PORT), or embedded when null. */
  static FlinkStatus of(String master, String jobName) {
    return new FlinkStatus(master, jobName);
  }

  @Override
  public String get() {
    if (master == null) {
      return "running on Flink (counts when it ends)";
    }
    try {
      HttpRequest request =
          HttpRequest.newBuilder(URI.create("http://" + master + "/jobs/overview"))
              .timeout(Duration.ofSeconds(2))
              .build();
      JsonNode jobs =
          JSON.readTree(http.send(request, HttpResponse.BodyHandlers.ofString()).body())
              .path("jobs");
      JsonNode newest = null;
      for (JsonNode job : jobs) {
        if (jobName.equals(job.path("name").asText())
            && !TERMINAL.contains(job.path("state").asText())
            && (newest == null
                || job.path("start-time").asLong() > newest.path("start-time").asLong())) {
          newest = job;
        }
      }
      if (newest == null) {
        return "submitting to Flink at " + master;
      }
      JsonNode tasks = newest.path("tasks");
      return String.format(
          java.util.Locale.ROOT,
          "Flink job %s %s: %d of %d tasks finished, %d running (counts when it ends)",
          newest.path("jid").asText(),
          newest.path("state").asText(),
          tasks.path("finished").asInt(),
          tasks.path("total").asInt(),
          tasks.path("running").asInt());
    } catch (java.io.IOException e) {
      return "running on Flink at " + master + " (its REST API did not answer: " + e + ")";
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return "running on Flink at " + master;
    }
  }
}

package dev.ferry.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class FlinkClusterTest {

  @Test
  void startsOneTaskManagerWithTwoSlotsAndStopsFreeingThePort() throws Exception {
    FlinkCluster flink = FlinkCluster.shared();
    assertSame(flink, FlinkCluster.shared());

    FlinkCluster.Overview overview = flink.overview();
    assertEquals(1, overview.taskManagers());
    assertEquals(2, overview.slotsTotal());
    assertEquals(2, overview.slotsAvailable());
    assertEquals(0, overview.jobsRunning());
    assertTrue(
        overview.flinkVersion().startsWith(FlinkCluster.FLINK_VERSION_PREFIX),
        overview.flinkVersion());
    assertEquals("127.0.0.1:" + flink.restPort(), flink.masterAddress());
    assertEquals("http://127.0.0.1:" + flink.restPort(), flink.restUrl().toString());
    assertTrue(flink.get("/taskmanagers").contains("\"slotsNumber\":2"));
    Path logDir = flink.logDir();
    assertTrue(Files.size(logDir.resolve("jobmanager.log")) > 0);
    assertTrue(Files.size(logDir.resolve("taskmanager.log")) > 0);
    assertFalse(FlinkCluster.portIsFree(flink.restPort()));

    flink.stop();

    assertTrue(FlinkCluster.portIsFree(flink.restPort()), "REST port still taken after stop()");
    assertFalse(Files.exists(logDir), "cluster directory left behind");
    for (long pid : flink.pids()) {
      assertFalse(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false), "pid " + pid);
    }
  }
}

package dev.ferry.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.junit.jupiter.api.Test;

/**
 * {@link TcpProxy} forwards bytes both ways, {@link TcpProxy#cut()} ends open connections, {@link
 * TcpProxy#refuse()} ends new ones until {@link TcpProxy#accept()}; and a real PostgreSQL session
 * through it breaks on a cut while a new one works.
 */
class TcpProxyTest {

  @Test
  void forwardsCutsRefusesAndAcceptsAgain() throws Exception {
    try (ServerSocket echo = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        TcpProxy proxy = TcpProxy.to(echo.getLocalPort())) {
      Thread server = echoing(echo);
      try (Socket a = connect(proxy)) {
        assertEquals("hello", roundTrip(a, "hello"));
        long deadline = System.nanoTime() + 5_000_000_000L;
        while (proxy.bytesToClients() < 5 && System.nanoTime() < deadline) {
          Thread.sleep(10);
        }
        assertEquals(5, proxy.bytesToClients());
        proxy.cut();
        assertTrue(ended(a), "a cut connection ends");
      }
      proxy.refuse();
      try (Socket b = connect(proxy)) {
        assertTrue(ended(b), "a refused connection ends at once");
      }
      proxy.accept();
      try (Socket c = connect(proxy)) {
        assertEquals("again", roundTrip(c, "again"));
      }
      assertEquals(2, proxy.connections(), "forwarded connections");
      server.interrupt();
    }
  }

  @Test
  void aPostgresSessionBreaksOnACutAndANewOneWorks() throws Exception {
    PostgresServer pg = PostgresServer.shared();
    try (TcpProxy proxy = TcpProxy.to(pg.port())) {
      String url = "jdbc:postgresql://127.0.0.1:" + proxy.port() + "/postgres";
      try (Connection c = DriverManager.getConnection(url, pg.user(), pg.password())) {
        assertEquals(1, one(c));
        proxy.cut();
        assertThrows(SQLException.class, () -> one(c));
      }
      try (Connection c = DriverManager.getConnection(url, pg.user(), pg.password())) {
        assertEquals(1, one(c));
      }
    }
  }

  private static int one(Connection c) throws SQLException {
    try (Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT 1")) {
      rs.next();
      return rs.getInt(1);
    }
  }

  /** The peer closed or reset the connection (not: nothing came before the timeout). */
  private static boolean ended(Socket s) throws IOException {
    try {
      return s.getInputStream().read() == -1;
    } catch (java.net.SocketTimeoutException e) {
      return false;
    } catch (IOException e) {
      return true;
    }
  }

  private static Socket connect(TcpProxy proxy) throws IOException {
    Socket s = new Socket(InetAddress.getLoopbackAddress(), proxy.port());
    s.setSoTimeout(5_000);
    return s;
  }

  private static String roundTrip(Socket s, String text) throws IOException {
    OutputStream out = s.getOutputStream();
    out.write(text.getBytes(java.nio.charset.StandardCharsets.US_ASCII));
    out.flush();
    InputStream in = s.getInputStream();
    byte[] buffer = new byte[text.length()];
    int read = 0;
    while (read < buffer.length) {
      int n = in.read(buffer, read, buffer.length - read);
      assertTrue(n > 0, "echoed");
      read += n;
    }
    return new String(buffer, java.nio.charset.StandardCharsets.US_ASCII);
  }

  /** Echoes every connection's bytes back, one thread per connection. */
  private static Thread echoing(ServerSocket echo) {
    Thread t =
        new Thread(
            () -> {
              while (!echo.isClosed()) {
                try {
                  Socket s = echo.accept();
                  Thread each =
                      new Thread(
                          () -> {
                            try (s) {
                              s.getInputStream().transferTo(s.getOutputStream());
                            } catch (IOException ignored) {
                              // The proxy closed it.
                            }
                          });
                  each.setDaemon(true);
                  each.start();
                } catch (IOException e) {
                  return;
                }
              }
            });
    t.setDaemon(true);
    t.start();
    return t;
  }
}

package dev.ferry.testkit;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A TCP proxy on a free loopback port that forwards every connection to a server on loopback, and
 * can take the network away on cue: {@link #cut()} closes every open connection both ways (what a
 * client sees when a server restarts or a firewall drops it), {@link #refuse()} closes new
 * connections as soon as they arrive, {@link #accept()} lets them through again. Tests point a
 * client at {@link #port()} instead of the server's port, so one client's connections can fail
 * while the server and everyone else go on.
 *
 * <pre>{@code
 * try (TcpProxy proxy = TcpProxy.to(pg.port())) {
 *   String url = "jdbc:postgresql://127.0.0.1:" + proxy.port() + "/source";
 *   // … once the client is reading:
 *   proxy.cut();
 * }
 * }</pre>
 */
public final class TcpProxy implements AutoCloseable {

  private final int target;
  private final ServerSocket server;
  private final Set<Socket> open = ConcurrentHashMap.newKeySet();
  private final AtomicLong bytesToClient = new AtomicLong();
  private final AtomicLong connections = new AtomicLong();
  private volatile boolean refusing;

  private TcpProxy(int target) throws IOException {
    this.target = target;
    this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    Thread acceptor = new Thread(this::acceptLoop, "tcp-proxy-" + server.getLocalPort());
    acceptor.setDaemon(true);
    acceptor.start();
  }

  /** A proxy to {@code port} on loopback, accepting connections. */
  public static TcpProxy to(int port) {
    try {
      return new TcpProxy(port);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot open a loopback port for the proxy", e);
    }
  }

  /** The port clients connect to. */
  public int port() {
    return server.getLocalPort();
  }

  /** Bytes sent from the server to clients so far: how far a read has got. */
  public long bytesToClients() {
    return bytesToClient.get();
  }

  /** Connections accepted (and forwarded) so far. */
  public long connections() {
    return connections.get();
  }

  /** Connections open now, through the proxy: those a client has not closed yet. */
  public int openConnections() {
    return open.size() / 2;
  }

  /** Closes every open connection, both the client's and the server's side. */
  public void cut() {
    for (Socket s : open) {
      closeQuietly(s);
    }
    open.clear();
  }

  /** New connections are closed at once, as a port nobody listens on would refuse them. */
  public void refuse() {
    refusing = true;
  }

  /** New connections are forwarded again. */
  public void accept() {
    refusing = false;
  }

  @Override
  public void close() {
    closeQuietly(server);
    cut();
  }

  private void acceptLoop() {
    while (!server.isClosed()) {
      Socket client;
      try {
        client = server.accept();
      } catch (IOException e) {
        return;
      }
      if (refusing) {
        closeQuietly(client);
        continue;
      }
      Socket upstream = new Socket();
      try {
        upstream.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), target), 5_000);
      } catch (IOException e) {
        closeQuietly(client);
        closeQuietly(upstream);
        continue;
      }
      connections.incrementAndGet();
      open.add(client);
      open.add(upstream);
      pipe(client, upstream, null);
      pipe(upstream, client, bytesToClient);
    }
  }

  private void pipe(Socket from, Socket to, AtomicLong counter) {
    Thread t =
        new Thread(
            () -> {
              byte[] buffer = new byte[16 * 1024];
              try (InputStream in = from.getInputStream();
                  OutputStream out = to.getOutputStream()) {
                int n;
                while ((n = in.read(buffer)) >= 0) {
                  out.write(buffer, 0, n);
                  if (counter != null) {
                    counter.addAndGet(n);
                  }
                }
              } catch (IOException e) {
                // The other side went away, or cut() closed it: end both.
              } finally {
                closeQuietly(from);
                closeQuietly(to);
                open.remove(from);
                open.remove(to);
              }
            },
            "tcp-proxy-pipe");
    t.setDaemon(true);
    t.start();
  }

  private static void closeQuietly(java.io.Closeable c) {
    try {
      c.close();
    } catch (IOException ignored) {
      // Closing is all that is asked.
    }
  }
}

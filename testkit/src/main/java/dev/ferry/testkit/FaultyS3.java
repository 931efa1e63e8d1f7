package dev.ferry.testkit;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;

/**
 * An HTTP fault injector in front of an S3 server ({@link S3Server}): a client pointed at {@link
 * #endpoint()} reaches the server through it, one request per connection, until a rule says a
 * request fails. A failed request never reaches the server: it gets {@code 503 SlowDown} or {@code
 * 500 InternalError} as S3 sends them, or its connection is reset. So a test can make S3 flaky
 * (every Nth request fails) or make it go away (every request fails from some request on) and come
 * back.
 *
 * <pre>{@code
 * try (FaultyS3 s3 = FaultyS3.inFrontOf(S3Server.shared().endpoint())) {
 *   s3.failEvery(4, FaultyS3.Fault.SLOW_DOWN);         // flaky
 *   s3.downFrom(r -> r.contains("/data/"), FaultyS3.Fault.SLOW_DOWN); // gone mid-dump
 *   s3.up();                                            // back
 * }
 * }</pre>
 *
 * <p>It is an HTTP proxy, not a TCP one: it reads each request's head to decide, and rewrites
 * {@code Connection} to {@code close} on the way to the server (a header the AWS signature leaves
 * out), so every request opens its own connection and is seen. The {@code Host} header is passed on
 * unchanged, which keeps the client's signature valid.
 */
public final class FaultyS3 implements AutoCloseable {

  /** What a failed request gets. */
  public enum Fault {
    /** {@code 503 SlowDown}: S3's answer when it throttles. */
    SLOW_DOWN(503, "Slow Down", "SlowDown", "Please reduce your request rate."),
    /** {@code 500 InternalError}: S3's "we encountered an internal error. Please try again." */
    INTERNAL_ERROR(
        500, "Internal Server Error", "InternalError", "We encountered an internal error."),
    /** The connection is reset (TCP RST) before anything is answered. */
    RESET(0, null, null, null);

    private final int status;
    private final String reason;
    private final String code;
    private final String message;

    Fault(int status, String reason, String code, String message) {
      this.status = status;
      this.reason = reason;
      this.code = code;
      this.message = message;
    }
  }

  private static final int MAX_HEAD = 64 << 10;

  private final URI upstream;
  private final ServerSocket server;
  private final ExecutorService connections =
      Executors.newCachedThreadPool(
          r -> {
            Thread t = new Thread(r, "ferry-faulty-s3");
            t.setDaemon(true);
            return t;
          });
  private final AtomicInteger requests = new AtomicInteger();
  private final AtomicInteger faults = new AtomicInteger();
  private final List<String> failed = new ArrayList<>();

  private int every;
  private List<Fault> everyFaults = List.of();
  private Predicate<String> downFrom;
  private Fault downFault;
  private boolean down;

  private FaultyS3(URI upstream) {
    this.upstream = upstream;
    try {
      server = new ServerSocket();
      server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
    } catch (IOException e) {
      throw new UncheckedIOException("could not listen on loopback", e);
    }
    Thread accept = new Thread(this::accept, "ferry-faulty-s3-accept");
    accept.setDaemon(true);
    accept.start();
  }

  /** A fault injector that passes every request on to {@code upstream} until told otherwise. */
  public static FaultyS3 inFrontOf(URI upstream) {
    return new FaultyS3(upstream);
  }

  /** {@code http://127.0.0.1:PORT}: give it to the client instead of the server's endpoint. */
  public URI endpoint() {
    return URI.create("http://127.0.0.1:" + server.getLocalPort());
  }

  /**
   * Fails every {@code n}th request (the {@code n}th, {@code 2n}th…), cycling through {@code
   * kinds}: {@code failEvery(3, SLOW_DOWN, RESET)} fails the 3rd with 503, the 6th with a reset…
   */
  public synchronized void failEvery(int n, Fault... kinds) {
    if (n < 1 || kinds.length == 0) {
      throw new IllegalArgumentException("failEvery needs n >= 1 and at least one fault");
    }
    every = n;
    everyFaults = List.of(kinds);
  }

  /**
   * Fails every request from the first whose request line ({@code PUT /bucket/key?partNumber=1
   * HTTP/1.1}) matches {@code first} on, with {@code fault}, until {@link #up()}.
   */
  public synchronized void downFrom(Predicate<String> first, Fault fault) {
    downFrom = first;
    downFault = fault;
  }

  /** Fails every request from now on with {@code fault}, until {@link #up()}. */
  public synchronized void down(Fault fault) {
    down = true;
    downFault = fault;
  }

  /** Passes every request on again: no rule is left. */
  public synchronized void up() {
    down = false;
    downFrom = null;
    downFault = null;
    every = 0;
    everyFaults = List.of();
  }

  /** Requests seen so far, failed ones included. */
  public int requests() {
    return requests.get();
  }

  /** Requests failed so far. */
  public int faults() {
    return faults.get();
  }

  /** The request lines of the failed requests, in order. */
  public synchronized List<String> failedRequests() {
    return List.copyOf(failed);
  }

  @Override
  public void close() {
    try {
      server.close();
    } catch (IOException ignored) {
      // closing is best effort
    }
    connections.shutdownNow();
    try {
      connections.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private void accept() {
    while (!server.isClosed()) {
      try {
        Socket client = server.accept();
        connections.execute(() -> serve(client));
      } catch (IOException | java.util.concurrent.RejectedExecutionException closed) {
        return;
      }
    }
  }

  /** Which fault the request with this line gets, or null; counts it. */
  private synchronized Fault decide(String requestLine) {
    int n = requests.incrementAndGet();
    Fault fault = null;
    if (!down && downFrom != null && downFrom.test(requestLine)) {
      down = true;
    }
    if (down) {
      fault = downFault;
    } else if (every > 0 && n % every == 0) {
      fault = everyFaults.get((n / every - 1) % everyFaults.size());
    }
    if (fault != null) {
      faults.incrementAndGet();
      failed.add(requestLine);
    }
    return fault;
  }

  private void serve(Socket client) {
    try (client) {
      InputStream in = client.getInputStream();
      byte[] head = readHead(in);
      if (head == null) {
        return;
      }
      String text = new String(head, StandardCharsets.ISO_8859_1);
      String requestLine = text.substring(0, text.indexOf("\r\n"));
      Fault fault = decide(requestLine);
      if (fault == Fault.RESET) {
        client.setSoLinger(true, 0); // close() now sends RST
        return;
      }
      if (fault != null) {
        answer(client, requestLine, fault);
        return;
      }
      forward(client, in, text);
    } catch (IOException ignored) {
      // the client or the server went away: so does this connection
    }
  }

  /** The request head up to and including the blank line, or null at end of stream. */
  private static byte[] readHead(InputStream in) throws IOException {
    ByteArrayOutputStream head = new ByteArrayOutputStream();
    int last4 = 0;
    int b;
    while ((b = in.read()) >= 0) {
      head.write(b);
      last4 = (last4 << 8) | b;
      if (last4 == 0x0d0a0d0a) {
        return head.toByteArray();
      }
      if (head.size() > MAX_HEAD) {
        throw new IOException("request head over " + MAX_HEAD + " bytes");
      }
    }
    return null;
  }

  private static void answer(Socket client, String requestLine, Fault fault) throws IOException {
    String body =
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Error><Code>"
            + fault.code
            + "</Code><Message>"
            + fault.message
            + "</Message><RequestId>ferry-faulty-s3</RequestId></Error>";
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    boolean head = requestLine.startsWith("HEAD ");
    String response =
        "HTTP/1.1 "
            + fault.status
            + " "
            + fault.reason
            + "\r\nContent-Type: application/xml\r\nContent-Length: "
            + (head ? 0 : bytes.length)
            + "\r\nConnection: close\r\n\r\n";
    OutputStream out = client.getOutputStream();
    out.write(response.getBytes(StandardCharsets.ISO_8859_1));
    if (!head) {
      out.write(bytes);
    }
    out.flush();
    client.shutdownOutput();
    // Let the client finish sending the body it may be sending (without 100-continue), so it reads
    // the answer instead of a reset.
    client.setSoTimeout(2_000);
    try {
      client.getInputStream().transferTo(OutputStream.nullOutputStream());
    } catch (IOException ignored) {
      // it stopped sending, or never will
    }
  }

  /** Passes the request on with {@code Connection: close} and the answer back, byte for byte. */
  private void forward(Socket client, InputStream in, String head) throws IOException {
    StringBuilder rewritten = new StringBuilder();
    for (String line : head.split("\r\n")) {
      if (!line.isEmpty()
          && !line.toLowerCase(Locale.ROOT).startsWith("connection:")
          && !line.toLowerCase(Locale.ROOT).startsWith("keep-alive:")) {
        rewritten.append(line).append("\r\n");
      }
    }
    rewritten.append("Connection: close\r\n\r\n");
    try (Socket server = new Socket(upstream.getHost(), upstream.getPort())) {
      OutputStream toServer = server.getOutputStream();
      toServer.write(rewritten.toString().getBytes(StandardCharsets.ISO_8859_1));
      toServer.flush();
      Thread body =
          new Thread(
              () -> {
                try {
                  in.transferTo(toServer);
                } catch (IOException ignored) {
                  // one side closed: the answer below ends too
                }
              },
              "ferry-faulty-s3-body");
      body.setDaemon(true);
      body.start();
      server.getInputStream().transferTo(client.getOutputStream());
      client.getOutputStream().flush();
    }
  }
}

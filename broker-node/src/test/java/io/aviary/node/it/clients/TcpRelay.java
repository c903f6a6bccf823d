package io.aviary.node.it.clients;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A loopback TCP relay in front of a broker listener. Java client libraries have no way to close
 * their socket without sending DISCONNECT; a client connected through a relay can be cut off with
 * {@link #cut()}, which closes both sides at once, exactly as a crashed client or a broken network
 * would. Bytes pass through untouched, so TLS and WebSocket work end to end.
 */
public final class TcpRelay implements AutoCloseable {
  private final ServerSocket server;
  private final InetSocketAddress target;
  private final Set<Socket> sockets = ConcurrentHashMap.newKeySet();
  private volatile boolean cut;

  public TcpRelay(String host, int port) throws IOException {
    this.target = new InetSocketAddress(host, port);
    this.server = new ServerSocket(0, 16, InetAddress.getByName(host));
    Thread.ofVirtual().name("tcp-relay-accept-" + server.getLocalPort()).start(this::accept);
  }

  public int port() {
    return server.getLocalPort();
  }

  private void accept() {
    while (!server.isClosed()) {
      Socket client;
      try {
        client = server.accept();
      } catch (IOException e) {
        return; // closed
      }
      Thread.ofVirtual().name("tcp-relay-" + client.getPort()).start(() -> bridge(client));
    }
  }

  private void bridge(Socket client) {
    Socket upstream = new Socket();
    sockets.add(client);
    sockets.add(upstream);
    try {
      if (cut) {
        throw new IOException("relay already cut");
      }
      client.setTcpNoDelay(true);
      upstream.setTcpNoDelay(true);
      upstream.connect(target, (int) ClientDriver.TIMEOUT.toMillis());
      Thread back = Thread.ofVirtual().start(() -> pump(upstream, client));
      pump(client, upstream);
      back.join();
    } catch (IOException e) {
      // the finally block closes both sides
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      closeQuietly(client);
      closeQuietly(upstream);
      sockets.remove(client);
      sockets.remove(upstream);
    }
  }

  /** Copies until end of stream, then half-closes, so a clean close passes through as one. */
  private static void pump(Socket from, Socket to) {
    try {
      InputStream in = from.getInputStream();
      OutputStream out = to.getOutputStream();
      byte[] buffer = new byte[16 * 1024];
      int n;
      while ((n = in.read(buffer)) >= 0) {
        out.write(buffer, 0, n);
        out.flush();
      }
      to.shutdownOutput();
    } catch (IOException e) {
      closeQuietly(from);
      closeQuietly(to);
    }
  }

  /** Closes every relayed connection, both sides, without any MQTT packet. */
  public void cut() {
    cut = true;
    for (Socket s : sockets) {
      closeQuietly(s);
    }
  }

  @Override
  public void close() {
    cut();
    try {
      server.close();
    } catch (IOException e) {
      // nothing left to release
    }
  }

  private static void closeQuietly(Socket s) {
    try {
      s.close();
    } catch (IOException e) {
      // already closed
    }
  }
}

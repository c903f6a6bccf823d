package io.aviary.cli;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A real HTTP server on 127.0.0.1 and a free port that answers with canned replies per method and
 * path and records every request. Unrouted requests get a 404 problem document.
 */
final class FakeServer implements AutoCloseable {
  private final HttpServer server;
  private final Map<String, Deque<Reply>> routes = new HashMap<>();
  private final List<Request> requests = new CopyOnWriteArrayList<>();

  /** A recorded request; header names are lower case. */
  record Request(
      String method, String path, String query, Map<String, List<String>> headers, String body) {
    String header(String name) {
      List<String> values = headers.get(name.toLowerCase(java.util.Locale.ROOT));
      return values == null || values.isEmpty() ? null : values.get(0);
    }
  }

  /** A canned reply. */
  record Reply(int status, Map<String, String> headers, String body) {
    static Reply json(int status, String body) {
      return new Reply(status, Map.of("Content-Type", "application/json"), body);
    }

    static Reply problem(int status, String body) {
      return new Reply(status, Map.of("Content-Type", "application/problem+json"), body);
    }

    Reply withHeader(String name, String value) {
      Map<String, String> all = new HashMap<>(headers);
      all.put(name, value);
      return new Reply(status, all, body);
    }
  }

  FakeServer() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/", this::handle);
    server.start();
  }

  String url() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  /** Answers {@code method path} with {@code replies} in turn, the last one from then on. */
  FakeServer on(String method, String path, Reply... replies) {
    routes.put(method + " " + path, new ArrayDeque<>(List.of(replies)));
    return this;
  }

  List<Request> requests() {
    return new ArrayList<>(requests);
  }

  Optional<Request> request(String method, String path) {
    return requests.stream()
        .filter(r -> r.method().equals(method) && r.path().equals(path))
        .findFirst();
  }

  private void handle(HttpExchange exchange) throws IOException {
    String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
    Map<String, List<String>> headers = new HashMap<>();
    exchange
        .getRequestHeaders()
        .forEach((k, v) -> headers.put(k.toLowerCase(java.util.Locale.ROOT), List.copyOf(v)));
    String method = exchange.getRequestMethod();
    String path = exchange.getRequestURI().getRawPath();
    requests.add(new Request(method, path, exchange.getRequestURI().getRawQuery(), headers, body));
    Reply reply;
    synchronized (routes) {
      Deque<Reply> queue = routes.get(method + " " + path);
      if (queue == null) {
        reply =
            Reply.problem(
                404,
                "{\"type\":\"urn:aviary:problem:not_found\",\"title\":\"Not Found\","
                    + "\"status\":404,\"detail\":\"no route in the fake server\"}");
      } else {
        reply = queue.size() > 1 ? queue.poll() : queue.peek();
      }
    }
    byte[] bytes = reply.body().getBytes(StandardCharsets.UTF_8);
    reply.headers().forEach((k, v) -> exchange.getResponseHeaders().add(k, v));
    exchange.sendResponseHeaders(reply.status(), bytes.length == 0 ? -1 : bytes.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(bytes);
    }
  }

  @Override
  public void close() {
    server.stop(0);
  }
}

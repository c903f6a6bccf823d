package io.aviary.identity;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * A scripted {@link Fetcher}: serves whatever each URI is set to, completes synchronously, and
 * records every request so tests can assert how often (and where) the cache went out.
 */
final class FakeIdp implements Fetcher {
  private final Map<URI, Supplier<CompletableFuture<Response>>> routes = new ConcurrentHashMap<>();
  private final List<URI> requests = new CopyOnWriteArrayList<>();

  /** Serves {@code body} with status 200 and the given Cache-Control (may be null). */
  FakeIdp serve(String uri, String body, String cacheControl) {
    routes.put(
        URI.create(uri),
        () ->
            CompletableFuture.completedFuture(
                new Response(200, body.getBytes(StandardCharsets.UTF_8), cacheControl)));
    return this;
  }

  FakeIdp serve(String uri, String body) {
    return serve(uri, body, null);
  }

  FakeIdp status(String uri, int status) {
    routes.put(
        URI.create(uri),
        () -> CompletableFuture.completedFuture(new Response(status, new byte[0], null)));
    return this;
  }

  /** Makes {@code uri} fail as if the connection were refused. */
  FakeIdp down(String uri) {
    routes.put(
        URI.create(uri),
        () -> CompletableFuture.failedFuture(new java.net.ConnectException("connection refused")));
    return this;
  }

  /** Serves a discovery document for {@code issuer} pointing at {@code jwksUri}. */
  FakeIdp discovery(String discoveryUri, String issuer, String jwksUri) {
    return serve(
        discoveryUri,
        "{\"issuer\":\""
            + issuer
            + "\",\"jwks_uri\":\""
            + jwksUri
            + "\",\"id_token_signing_alg_values_supported\":[\"RS256\",\"ES256\"]}");
  }

  @Override
  public CompletableFuture<Response> fetch(URI uri) {
    requests.add(uri);
    Supplier<CompletableFuture<Response>> route = routes.get(uri);
    if (route == null) {
      return CompletableFuture.completedFuture(new Response(404, new byte[0], null));
    }
    return route.get();
  }

  List<URI> requests() {
    return List.copyOf(requests);
  }

  int count(String uri) {
    AtomicInteger n = new AtomicInteger();
    requests.forEach(
        r -> {
          if (r.toString().equals(uri)) {
            n.incrementAndGet();
          }
        });
    return n.get();
  }

  boolean requestedHost(String host) {
    return requests.stream().anyMatch(r -> host.equals(r.getHost()));
  }
}

package io.aviary.identity;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Fetches one connection's keys: discovery (whose {@code issuer} must be a configured one) then the
 * JWK Set, only from allowed URLs, refusing non-200 answers and bodies over the cap, and reading
 * the freshness lifetime from {@code Cache-Control}. Holds no state besides counters.
 */
final class KeySource {
  private final Fetcher fetcher;
  private final boolean allowInsecureHttp;
  private final int maxResponseBytes;
  private final Duration defaultTtl;
  private final Duration minTtl;
  private final Duration maxTtl;
  private final AtomicLong requests = new AtomicLong();

  /**
   * What one fetch found.
   *
   * @param keys the usable keys
   * @param ttl how long they are fresh
   * @param jwksUri where they came from
   */
  record Fetched(List<SigningKey> keys, Duration ttl, URI jwksUri) {}

  KeySource(
      Fetcher fetcher,
      boolean allowInsecureHttp,
      int maxResponseBytes,
      Duration defaultTtl,
      Duration minTtl,
      Duration maxTtl) {
    this.fetcher = fetcher;
    this.allowInsecureHttp = allowInsecureHttp;
    this.maxResponseBytes = maxResponseBytes;
    this.defaultTtl = defaultTtl;
    this.minTtl = minTtl;
    this.maxTtl = maxTtl;
  }

  Fetcher fetcher() {
    return fetcher;
  }

  boolean allowInsecureHttp() {
    return allowInsecureHttp;
  }

  int maxResponseBytes() {
    return maxResponseBytes;
  }

  /** Requests made so far. */
  long requests() {
    return requests.get();
  }

  /**
   * Fetches the keys of {@code connection}: from its JWKS URL, else from {@code knownJwksUri}
   * unless {@code rediscover}, else through discovery. Each request also counts in {@code counter}.
   */
  CompletableFuture<Fetched> fetch(
      IdpConnection connection, URI knownJwksUri, boolean rediscover, AtomicLong counter) {
    if (connection.jwksUrl() != null) {
      return jwks(connection.jwksUrl(), counter);
    }
    if (!rediscover && knownJwksUri != null) {
      return jwks(knownJwksUri, counter);
    }
    URI discovery = connection.discoveryUrl();
    if (discovery == null) {
      return CompletableFuture.failedFuture(
          new IdpUnreachableException(
              "connection " + connection.id() + " has neither a discovery URL nor a JWKS URL"));
    }
    return get(discovery, "discovery document", counter)
        .thenCompose(
            response -> {
              OidcMetadata metadata = OidcMetadata.parse(response.body());
              if (!connection.issuers().contains(metadata.issuer())) {
                throw new IdpUnreachableException(
                    "the discovery document declares issuer "
                        + Details.quote(metadata.issuer())
                        + ", which is not one of the connection's issuers "
                        + connection.issuers());
              }
              return jwks(metadata.jwksUri(), counter);
            });
  }

  private CompletableFuture<Fetched> jwks(URI uri, AtomicLong counter) {
    return get(uri, "JWK Set", counter)
        .thenApply(
            response -> {
              JwkSetParser.Parsed parsed = JwkSetParser.parse(response.body());
              Duration ttl =
                  CacheControl.maxAge(response.cacheControl())
                      .map(this::clampTtl)
                      .orElse(defaultTtl);
              return new Fetched(parsed.keys(), ttl, uri);
            });
  }

  /** One GET of an allowed URL; fails unless the answer is a 200 within the size cap. */
  CompletableFuture<Fetcher.Response> get(URI uri, String what, AtomicLong counter) {
    String problem = urlProblem(uri, allowInsecureHttp);
    if (problem != null) {
      return CompletableFuture.failedFuture(
          new IdpUnreachableException("the " + what + " URL " + problem));
    }
    requests.incrementAndGet();
    counter.incrementAndGet();
    return fetcher
        .fetch(uri)
        .exceptionally(
            error -> {
              throw new IdpUnreachableException(
                  "the " + what + " at " + uri + " could not be fetched: " + describe(error));
            })
        .thenApply(
            response -> {
              if (response.status() != 200) {
                throw new IdpUnreachableException(
                    "the " + what + " at " + uri + " answered HTTP " + response.status());
              }
              if (response.body().length > maxResponseBytes) {
                throw new IdpUnreachableException(
                    "the "
                        + what
                        + " at "
                        + uri
                        + " is larger than "
                        + maxResponseBytes
                        + " bytes");
              }
              return response;
            });
  }

  /** Why {@code uri} may not be fetched, or null when it may. */
  static String urlProblem(URI uri, boolean allowInsecureHttp) {
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
    if (uri.getHost() == null || uri.getHost().isEmpty()) {
      return uri + " has no host";
    }
    if (scheme.equals("https") || (allowInsecureHttp && scheme.equals("http"))) {
      return null;
    }
    return uri + " is not an https URL";
  }

  /** A failure as a short sentence fragment, safe to log. */
  static String describe(Throwable error) {
    Throwable cause = error;
    while ((cause instanceof CompletionException || cause instanceof ExecutionException)
        && cause.getCause() != null) {
      cause = cause.getCause();
    }
    if (cause instanceof IdpUnreachableException || cause instanceof IllegalArgumentException) {
      return cause.getMessage();
    }
    if (cause instanceof java.net.http.HttpTimeoutException
        || cause instanceof java.util.concurrent.TimeoutException) {
      return "no answer in time";
    }
    if (cause instanceof java.net.ConnectException) {
      return "connection refused or unreachable";
    }
    String message = cause.getMessage();
    return cause.getClass().getSimpleName() + (message == null ? "" : ": " + message);
  }

  private Duration clampTtl(Duration ttl) {
    if (ttl.compareTo(minTtl) < 0) {
      return minTtl;
    }
    return ttl.compareTo(maxTtl) > 0 ? maxTtl : ttl;
  }
}

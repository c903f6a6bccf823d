package io.aviary.identity;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;

/**
 * "Test connection": fetches an IdP connection's discovery document and JWK Set and reports what it
 * found and what is wrong, in sentences, without touching any cache. Nothing here throws for a
 * broken IdP; problems are part of the report.
 */
public final class ConnectionProbe {
  private final KeySource source;
  private final AtomicLong ignored = new AtomicLong();

  /**
   * A probe with its own fetcher.
   *
   * @param allowInsecureHttp also fetch plain http URLs (dev and tests only)
   * @param maxResponseBytes largest discovery document or JWK Set read
   */
  public ConnectionProbe(Fetcher fetcher, boolean allowInsecureHttp, int maxResponseBytes) {
    // TTLs are irrelevant here: the probe reads and reports, it never caches
    this.source =
        new KeySource(
            fetcher,
            allowInsecureHttp,
            maxResponseBytes,
            Duration.ZERO,
            Duration.ZERO,
            Duration.ZERO);
  }

  /**
   * A probe fetching the way {@code cache} does (same fetcher, http policy and size cap); its
   * requests do not count in the cache's {@link KeySetCache#fetchCount()}.
   */
  public static ConnectionProbe like(KeySetCache cache) {
    KeySource shared = cache.source();
    return new ConnectionProbe(
        shared.fetcher(), shared.allowInsecureHttp(), shared.maxResponseBytes());
  }

  /**
   * Checks {@code connection}'s configuration, then fetches its discovery document (if it has one)
   * and JWK Set, and reports what it found. Never fails; problems are in the report.
   */
  public CompletableFuture<ProbeReport> probe(IdpConnection connection) {
    List<String> problems = new ArrayList<>(connection.validate());
    boolean asymmetric =
        connection.algorithms().stream()
            .anyMatch(alg -> JwsAlgorithms.SUPPORTED.contains(alg) && !JwsAlgorithms.isHmac(alg));
    if (!asymmetric) {
      return CompletableFuture.completedFuture(
          new ProbeReport(problems.isEmpty(), null, null, List.of(), List.of(), problems));
    }
    if (connection.discoveryUrl() == null && connection.jwksUrl() == null) {
      return CompletableFuture.completedFuture(
          new ProbeReport(false, null, null, List.of(), List.of(), problems));
    }
    if (connection.discoveryUrl() == null) {
      return jwks(connection.jwksUrl(), null, List.of(), problems, connection);
    }
    return get(connection.discoveryUrl(), "discovery document")
        .thenCompose(
            body -> {
              OidcMetadata metadata;
              try {
                metadata = OidcMetadata.parse(body);
              } catch (IllegalArgumentException e) {
                problems.add(capitalize(e.getMessage()) + ".");
                return CompletableFuture.completedFuture(
                    new ProbeReport(false, null, null, List.of(), List.of(), problems));
              }
              if (!connection.issuers().contains(metadata.issuer())) {
                problems.add(
                    "The discovery document declares issuer "
                        + Details.quote(metadata.issuer())
                        + ", which is not one of the connection's issuers "
                        + connection.issuers()
                        + "; tokens would be refused.");
              }
              for (String alg : connection.algorithms()) {
                if (!metadata.signingAlgorithms().isEmpty()
                    && !JwsAlgorithms.isHmac(alg)
                    && !metadata.signingAlgorithms().contains(alg)) {
                  problems.add(
                      "The connection accepts "
                          + alg
                          + " but the IdP advertises only "
                          + metadata.signingAlgorithms()
                          + ".");
                }
              }
              URI jwksUri =
                  connection.jwksUrl() != null ? connection.jwksUrl() : metadata.jwksUri();
              return jwks(
                  jwksUri, metadata.issuer(), metadata.signingAlgorithms(), problems, connection);
            })
        .exceptionally(
            error -> {
              problems.add(capitalize(cause(error)) + ".");
              return new ProbeReport(false, null, null, List.of(), List.of(), problems);
            });
  }

  private CompletableFuture<ProbeReport> jwks(
      URI uri,
      String issuer,
      List<String> supported,
      List<String> problems,
      IdpConnection connection) {
    return get(uri, "JWK Set")
        .thenApply(
            body -> {
              JwkSetParser.Parsed parsed;
              try {
                parsed = JwkSetParser.parse(body);
              } catch (IllegalArgumentException e) {
                problems.add(capitalize(e.getMessage()) + ".");
                return new ProbeReport(false, issuer, uri, List.of(), supported, problems);
              }
              problems.addAll(parsed.problems());
              boolean anyFits =
                  parsed.keys().stream()
                      .anyMatch(
                          key ->
                              connection.algorithms().stream()
                                  .filter(JwsAlgorithms.SUPPORTED::contains)
                                  .filter(alg -> !JwsAlgorithms.isHmac(alg))
                                  .anyMatch(alg -> key.mismatch(alg) == null));
              if (!anyFits) {
                problems.add(
                    "The JWK Set holds no key usable with "
                        + connection.algorithms().stream().sorted().toList()
                        + ".");
              }
              return new ProbeReport(
                  problems.isEmpty(), issuer, uri, parsed.report(), supported, problems);
            })
        .exceptionally(
            error -> {
              problems.add(capitalize(cause(error)) + ".");
              return new ProbeReport(false, issuer, uri, List.of(), supported, problems);
            });
  }

  private CompletableFuture<byte[]> get(URI uri, String what) {
    return source.get(uri, what, ignored).thenApply(Fetcher.Response::body);
  }

  private static String cause(Throwable error) {
    return KeySource.describe(error);
  }

  private static String capitalize(String sentence) {
    return sentence.isEmpty()
        ? sentence
        : Character.toUpperCase(sentence.charAt(0)) + sentence.substring(1);
  }
}

package io.aviary.identity;

import static io.aviary.identity.VerifierFixture.assertRefused;
import static io.aviary.identity.VerifierFixture.assertVerified;
import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import io.aviary.broker.auth.AuthFailure;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The production fetcher against a real HTTP server on 127.0.0.1: size cap, redirects, headers. */
class HttpFetcherTest {
  private final AtomicReference<String> body = new AtomicReference<>("{}");
  private final AtomicReference<String> cacheControl = new AtomicReference<>();
  private final AtomicInteger hits = new AtomicInteger();
  private HttpServer server;
  private String base;

  @BeforeEach
  void start() throws IOException {
    server =
        HttpServer.create(
            new InetSocketAddress(InetAddress.getByAddress(new byte[] {127, 0, 0, 1}), 0), 0);
    server.createContext(
        "/jwks",
        exchange -> {
          hits.incrementAndGet();
          byte[] bytes = body.get().getBytes(StandardCharsets.UTF_8);
          if (cacheControl.get() != null) {
            exchange.getResponseHeaders().add("Cache-Control", cacheControl.get());
          }
          exchange.sendResponseHeaders(200, bytes.length);
          try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
          }
        });
    server.createContext(
        "/moved",
        exchange -> {
          exchange.getResponseHeaders().add("Location", "http://evil.example/jwks");
          exchange.sendResponseHeaders(302, -1);
          exchange.close();
        });
    server.start();
    base = "http://127.0.0.1:" + server.getAddress().getPort();
  }

  @AfterEach
  void stop() {
    server.stop(0);
  }

  @Test
  void fetchesAndPassesCacheControlThrough() {
    body.set(TestKeys.jwks(TestKeys.RSA_A));
    cacheControl.set("public, max-age=600");
    Fetcher.Response response =
        new HttpFetcher(Duration.ofSeconds(2), Duration.ofSeconds(5), 4096)
            .fetch(URI.create(base + "/jwks"))
            .join();
    assertThat(response.status()).isEqualTo(200);
    assertThat(response.cacheControl()).isEqualTo("public, max-age=600");
    assertThat(new String(response.body(), StandardCharsets.UTF_8)).contains("rsa-a");
  }

  @Test
  void aBodyOverTheCapFailsTheFetch() {
    body.set("{\"keys\":[],\"pad\":\"" + "x".repeat(600 * 1024) + "\"}");
    assertThat(
            new HttpFetcher(Duration.ofSeconds(2), Duration.ofSeconds(5), 512 * 1024)
                .fetch(URI.create(base + "/jwks")))
        .failsWithin(Duration.ofSeconds(10));
  }

  @Test
  void redirectsAreNotFollowed() {
    Fetcher.Response response =
        new HttpFetcher(Duration.ofSeconds(2), Duration.ofSeconds(5), 4096)
            .fetch(URI.create(base + "/moved"))
            .join();
    assertThat(response.status()).isEqualTo(302);
  }

  @Test
  void theCacheHonoursTheServersMaxAgeOverRealHttp() {
    body.set(TestKeys.jwks(TestKeys.RSA_A));
    cacheControl.set("max-age=600");
    MutableClock clock = new MutableClock(java.time.Instant.now());
    KeySetCache cache = KeySetCache.builder().clock(clock).allowInsecureHttp(true).build();
    TokenVerifier verifier = new TokenVerifier(cache, clock, 8192, IssuerDirectory.none());
    IdpConnection connection =
        VerifierFixture.connection().jwksUrl(URI.create(base + "/jwks")).build();
    String token =
        Jwt.token(VerifierFixture.ISSUER, "broker", clock.instant()).sign(TestKeys.RSA_A, "RS256");
    assertVerified(verifier.verify(token, connection).join());
    clock.advance(Duration.ofSeconds(479));
    assertVerified(verifier.verify(token, connection).join());
    assertThat(hits.get()).isEqualTo(1);

    IdpConnection redirected =
        VerifierFixture.connection().jwksUrl(URI.create(base + "/moved")).build();
    assertRefused(verifier.verify(token, redirected).join(), AuthFailure.IDP_UNREACHABLE, token);
  }
}

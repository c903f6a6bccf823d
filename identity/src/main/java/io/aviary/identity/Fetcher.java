package io.aviary.identity;

import java.net.URI;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;

/**
 * Port: fetches a discovery document or a JWK Set. The default is {@link HttpFetcher}; tests inject
 * their own to count and script requests. Implementations must not block the caller.
 */
@FunctionalInterface
public interface Fetcher {

  /**
   * Fetches {@code uri}. The future fails when the resource cannot be read at all (connection
   * refused, timeout, body over the size cap); an HTTP error status is a normal response.
   */
  CompletableFuture<Response> fetch(URI uri);

  /**
   * One HTTP response.
   *
   * @param status the HTTP status code
   * @param body the body bytes
   * @param cacheControl the {@code Cache-Control} header, or null
   */
  @SuppressWarnings("ArrayRecordComponent") // copied in and out, never shared
  record Response(int status, byte[] body, String cacheControl) {
    public Response {
      body = body.clone();
    }

    @Override
    public byte[] body() {
      return body.clone();
    }
  }

  /**
   * The default fetcher: {@link java.net.http.HttpClient}, no redirects, bounded in time and size.
   */
  static Fetcher http(Duration connectTimeout, Duration readTimeout, int maxResponseBytes) {
    return new HttpFetcher(connectTimeout, readTimeout, maxResponseBytes);
  }
}

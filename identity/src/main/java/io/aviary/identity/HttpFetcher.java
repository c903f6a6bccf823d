package io.aviary.identity;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse.BodySubscriber;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;

/**
 * Fetches IdP metadata with {@link HttpClient}: GET only, redirects not followed (a redirect could
 * leave https or the configured host), a connect timeout, a deadline for the whole exchange, and
 * the body cut off (and the fetch failed) once it passes the size cap.
 */
public final class HttpFetcher implements Fetcher {
  private final HttpClient client;
  private final Duration readTimeout;
  private final int maxResponseBytes;

  public HttpFetcher(Duration connectTimeout, Duration readTimeout, int maxResponseBytes) {
    this.client =
        HttpClient.newBuilder()
            .connectTimeout(connectTimeout)
            .followRedirects(HttpClient.Redirect.NEVER)
            .build();
    this.readTimeout = readTimeout;
    this.maxResponseBytes = maxResponseBytes;
  }

  @Override
  public CompletableFuture<Response> fetch(URI uri) {
    HttpRequest request =
        HttpRequest.newBuilder(uri)
            .GET()
            .timeout(readTimeout)
            .header("Accept", "application/json, application/jwk-set+json")
            .header("User-Agent", "aviary-identity")
            .build();
    return client
        .sendAsync(request, info -> new LimitedBody(maxResponseBytes))
        .thenApply(
            response ->
                new Response(
                    response.statusCode(),
                    response.body(),
                    response.headers().firstValue("Cache-Control").orElse(null)))
        .orTimeout(readTimeout.toMillis() * 2, TimeUnit.MILLISECONDS);
  }

  /** Collects the body, cancelling the stream once it passes {@code limit} bytes. */
  private static final class LimitedBody implements BodySubscriber<byte[]> {
    private final int limit;
    private final ByteArrayOutputStream buffer = new ByteArrayOutputStream();
    private final CompletableFuture<byte[]> result = new CompletableFuture<>();
    private Flow.Subscription subscription;

    LimitedBody(int limit) {
      this.limit = limit;
    }

    @Override
    public CompletionStage<byte[]> getBody() {
      return result;
    }

    @Override
    public void onSubscribe(Flow.Subscription subscription) {
      this.subscription = subscription;
      subscription.request(Long.MAX_VALUE);
    }

    @Override
    public void onNext(List<ByteBuffer> items) {
      if (result.isDone()) {
        return;
      }
      for (ByteBuffer item : items) {
        if (buffer.size() + item.remaining() > limit) {
          subscription.cancel();
          result.completeExceptionally(
              new IOException("response body is larger than " + limit + " bytes"));
          return;
        }
        byte[] chunk = new byte[item.remaining()];
        item.get(chunk);
        buffer.write(chunk, 0, chunk.length);
      }
    }

    @Override
    public void onError(Throwable error) {
      result.completeExceptionally(error);
    }

    @Override
    public void onComplete() {
      result.complete(buffer.toByteArray());
    }
  }
}

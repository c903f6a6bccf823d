package io.aviary.cli;

import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;

/** Sends requests; a server that cannot be reached ends the command with exit 3 and its URL. */
final class Http {
  private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);
  private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(60);

  private final HttpClient client =
      HttpClient.newBuilder()
          .connectTimeout(CONNECT_TIMEOUT)
          .followRedirects(HttpClient.Redirect.NEVER)
          .build();

  /**
   * Sends one request.
   *
   * @param body the body, or null for none
   * @param headers extra headers, e.g. {@code Authorization}, {@code If-Match}
   */
  HttpReply send(String method, URI uri, String body, Map<String, String> headers) {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(uri)
            .timeout(REQUEST_TIMEOUT)
            .header("Accept", "application/json, application/problem+json")
            .method(
                method,
                body == null
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
    if (body != null) {
      request.header("Content-Type", "application/json");
    }
    headers.forEach(request::header);
    try {
      HttpResponse<String> response =
          client.send(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
      return new HttpReply(method, uri, response.statusCode(), response.headers(), response.body());
    } catch (HttpConnectTimeoutException e) {
      throw CliException.server("cannot connect to %s: timed out", uri);
    } catch (HttpTimeoutException e) {
      throw CliException.server(
          "%s %s: no answer within %ss", method, uri, REQUEST_TIMEOUT.toSeconds());
    } catch (ConnectException e) {
      throw CliException.server("cannot connect to %s: connection refused", uri);
    } catch (IOException e) {
      throw CliException.server("%s %s failed: %s", method, uri, describe(e));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw CliException.server("%s %s: interrupted", method, uri);
    }
  }

  private static String describe(IOException e) {
    return e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName();
  }
}

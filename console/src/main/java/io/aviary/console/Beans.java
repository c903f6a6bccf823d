package io.aviary.console;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Duration;

/** What the edge's classes share. */
@ApplicationScoped
class Beans {

  @Produces
  @ApplicationScoped
  SessionCookie sessionCookie(EdgeConfig config) {
    return new SessionCookie(config.sessionKey(), config.sessionMaxAge(), Clock.systemUTC());
  }

  /** For the edge's own calls to tenant-api (log-in). */
  @Produces
  @ApplicationScoped
  HttpClient httpClient() {
    return HttpClient.newBuilder()
        .connectTimeout(Duration.ofSeconds(5))
        .followRedirects(HttpClient.Redirect.NEVER)
        .build();
  }
}

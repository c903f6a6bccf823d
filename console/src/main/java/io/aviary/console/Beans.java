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
  CookieSeal cookieSeal(EdgeConfig config) {
    return new CookieSeal(config.sessionKey());
  }

  @Produces
  @ApplicationScoped
  SessionCookie sessionCookie(CookieSeal seal, EdgeConfig config) {
    return new SessionCookie(seal, config.sessionMaxAge(), Clock.systemUTC());
  }

  @Produces
  @ApplicationScoped
  SignInCookie signInCookie(CookieSeal seal) {
    return new SignInCookie(seal, Clock.systemUTC());
  }

  /** For the edge's own calls to tenant-api (log-in, sign-in through the OIDC provider). */
  @Produces
  @ApplicationScoped
  HttpClient httpClient() {
    return HttpClient.newBuilder()
        .connectTimeout(Duration.ofSeconds(5))
        .followRedirects(HttpClient.Redirect.NEVER)
        .build();
  }
}

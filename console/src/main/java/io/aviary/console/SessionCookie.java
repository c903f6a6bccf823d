package io.aviary.console;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * The browser's session: the platform access token sealed ({@link CookieSeal}) under the console's
 * key, so the browser carries it but can neither read nor alter it, and no script can (the cookie
 * is {@code HttpOnly}). Stateless: every replica with the key opens it.
 */
public final class SessionCookie {

  /** The cookie's name; the {@code __Host-} prefix pins it to this host, path / and Secure. */
  public static final String NAME = "__Host-aviary-session";

  private static final String USE = "session";

  /** What a session holds: the token and when the session ends. */
  public record Session(String accessToken, Instant expiresAt) {}

  private final CookieSeal seal;
  private final Duration maxAge;
  private final Clock clock;

  /**
   * @param base64Key 32 bytes, base64url or base64
   */
  public SessionCookie(String base64Key, Duration maxAge, Clock clock) {
    this(new CookieSeal(base64Key), maxAge, clock);
  }

  SessionCookie(CookieSeal seal, Duration maxAge, Clock clock) {
    this.seal = seal;
    this.maxAge = maxAge;
    this.clock = clock;
  }

  /**
   * The cookie value for a token that expires in {@code expiresIn}; the session ends then, or after
   * the maximum age, whichever comes first.
   */
  public Session sessionFor(String accessToken, Duration expiresIn) {
    Duration lasts = expiresIn.compareTo(maxAge) < 0 ? expiresIn : maxAge;
    return new Session(accessToken, clock.instant().plus(lasts));
  }

  /**
   * The {@code Set-Cookie} value carrying {@code sealed}: host-only, every path, HTTPS only
   * (browsers treat http://localhost as secure), out of scripts' reach, never sent by another site.
   */
  public static String setCookie(String sealed, long maxAgeSeconds) {
    return setCookie(NAME, sealed, maxAgeSeconds);
  }

  /** Such a {@code Set-Cookie} value for the cookie {@code name}. */
  static String setCookie(String name, String sealed, long maxAgeSeconds) {
    return name
        + "="
        + sealed
        + "; Path=/; Max-Age="
        + maxAgeSeconds
        + "; Secure; HttpOnly; SameSite=Strict";
  }

  /** The {@code Set-Cookie} value that ends the session in the browser. */
  public static String clearCookie() {
    return setCookie("", 0);
  }

  /** {@code session} sealed into a {@code Set-Cookie} value lasting as long as the session. */
  public String setCookie(Session session) {
    long maxAge = Math.max(0, Duration.between(clock.instant(), session.expiresAt()).toSeconds());
    return setCookie(seal(session), maxAge);
  }

  /** The sealed value of {@code session}. */
  public String seal(Session session) {
    ObjectNode payload = CookieSeal.object();
    payload.put("token", session.accessToken());
    payload.put("exp", session.expiresAt().getEpochSecond());
    return seal.seal(USE, payload);
  }

  /** The session in {@code value}, unless it is not ours, altered or over. */
  public Optional<Session> open(String value) {
    Optional<JsonNode> payload = seal.open(USE, value, true);
    if (payload.isEmpty()) {
      return Optional.empty();
    }
    Instant expiresAt = Instant.ofEpochSecond(payload.get().path("exp").asLong(0));
    String token = payload.get().path("token").asText("");
    if (token.isEmpty() || !clock.instant().isBefore(expiresAt)) {
      return Optional.empty();
    }
    return Optional.of(new Session(token, expiresAt));
  }
}

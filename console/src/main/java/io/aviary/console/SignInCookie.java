package io.aviary.console;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * The browser's side of a sign-in at the platform's OIDC provider: the sign-in's {@code state} and
 * the page to return to, sealed ({@link CookieSeal}) in a cookie of their own for as long as the
 * sign-in may take. The callback finishes a sign-in only in the browser holding its state, so an
 * attacker cannot have someone's browser finish the attacker's sign-in (login CSRF). {@code
 * SameSite=Strict} suffices: the callback page posts from this origin.
 */
final class SignInCookie {

  /** The cookie's name; the {@code __Host-} prefix pins it to this host, path / and Secure. */
  static final String NAME = "__Host-aviary-oidc";

  /** A sign-in's time limit at the edge, whatever tenant-api allows. */
  static final Duration MAX_AGE = Duration.ofMinutes(10);

  private static final String USE = "oidc-sign-in";

  /** A sign-in in progress: its state and where the console goes once it succeeds. */
  record SignIn(String state, String next) {}

  private final CookieSeal seal;
  private final Clock clock;

  SignInCookie(CookieSeal seal, Clock clock) {
    this.seal = seal;
    this.clock = clock;
  }

  /** The {@code Set-Cookie} value that carries {@code signIn} until {@code expiresAt}. */
  String setCookie(SignIn signIn, Instant expiresAt) {
    Instant now = clock.instant();
    Instant until = expiresAt.isAfter(now.plus(MAX_AGE)) ? now.plus(MAX_AGE) : expiresAt;
    ObjectNode payload = CookieSeal.object();
    payload.put("state", signIn.state());
    payload.put("next", signIn.next());
    payload.put("exp", until.getEpochSecond());
    return SessionCookie.setCookie(
        NAME, seal.seal(USE, payload), Math.max(0, Duration.between(now, until).toSeconds()));
  }

  /** The {@code Set-Cookie} value that ends the sign-in in the browser. */
  static String clearCookie() {
    return SessionCookie.setCookie(NAME, "", 0);
  }

  /** The sign-in in {@code value} when it is ours, unaltered, in time, and has {@code state}. */
  Optional<SignIn> open(String value, String state) {
    Optional<JsonNode> payload = seal.open(USE, value);
    if (payload.isEmpty()
        || !clock.instant().isBefore(Instant.ofEpochSecond(payload.get().path("exp").asLong(0)))) {
      return Optional.empty();
    }
    SignIn signIn =
        new SignIn(
            payload.get().path("state").asText(""), payload.get().path("next").asText("/start"));
    return state != null
            && !signIn.state().isEmpty()
            && MessageDigest.isEqual(
                signIn.state().getBytes(StandardCharsets.UTF_8),
                state.getBytes(StandardCharsets.UTF_8))
        ? Optional.of(signIn)
        : Optional.empty();
  }

  /** Whether {@code value} holds any sign-in of ours still in time, whatever its state. */
  boolean present(String value) {
    Optional<JsonNode> payload = seal.open(USE, value);
    return payload.isPresent()
        && clock.instant().isBefore(Instant.ofEpochSecond(payload.get().path("exp").asLong(0)));
  }
}

package io.aviary.console;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import jakarta.ws.rs.CookieParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Optional;

/**
 * The browser's side of signing in through the platform's OIDC provider (docs/adr/0006). tenant-api
 * is the provider's client; the edge starts each sign-in for one browser (its state in {@link
 * SignInCookie}), and finishes it only for the browser that holds that state, turning tenant-api's
 * answer into the session cookie as a password log-in does. {@link Edge} requires the console
 * header on both calls, so another site cannot make a browser start or finish a sign-in.
 */
@Path("/console/v1/oidc")
public class OidcSignInResource {
  /** tenant-api asks the provider while it answers: longer than a password log-in. */
  private static final Duration TIMEOUT = Duration.ofSeconds(30);

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int MAX_BODY = 8192;

  private final SessionCookie sessions;
  private final SignInCookie signIns;
  private final HttpClient http;
  private final URI authorizations;
  private final URI token;

  OidcSignInResource(
      SessionCookie sessions, SignInCookie signIns, HttpClient http, EdgeConfig config) {
    this.sessions = sessions;
    this.signIns = signIns;
    this.http = http;
    this.authorizations = config.tenantApiUrl().resolve("/api/v1/auth/oidc/authorizations");
    this.token = config.tenantApiUrl().resolve("/api/v1/auth/oidc/token");
  }

  /**
   * Starts a sign-in: {@code {"next"?, "invitation"?}} gives {@code {"authorization_url"}}, where
   * the page sends the browser, and the sign-in cookie; or tenant-api's problem.
   */
  @POST
  @Path("start")
  public Response start(String body) throws InterruptedException {
    Optional<JsonNode> in = read(body);
    if (in.isEmpty()) {
      return badBody();
    }
    ObjectNode ask = JSON.createObjectNode();
    if (in.get().path("invitation").isTextual()) {
      ask.put("invitation", in.get().get("invitation").asText());
    }
    HttpResponse<String> answer;
    try {
      answer = SessionResource.postJson(http, authorizations, ask.toString(), TIMEOUT);
    } catch (IOException e) {
      return SessionResource.upstreamUnavailable();
    }
    if (answer.statusCode() != 200) {
      return SessionResource.passOn(answer).build();
    }
    Optional<JsonNode> started = read(answer.body());
    String url = started.map(j -> j.path("authorization_url").asText("")).orElse("");
    String state = started.map(j -> j.path("state").asText("")).orElse("");
    if (!url.startsWith("https://") && !url.startsWith("http://") || state.isEmpty()) {
      return SessionResource.problem(
          502,
          Problems.json(
              502, "upstream_invalid", "Bad gateway", "tenant-api answered an unreadable sign-in"));
    }
    Instant expiresAt = expiry(started.get().path("expires_at").asText(""));
    ObjectNode out = JSON.createObjectNode();
    out.put("authorization_url", url);
    return Response.ok(out.toString(), MediaType.APPLICATION_JSON)
        .header(
            "Set-Cookie",
            signIns.setCookie(
                new SignInCookie.SignIn(state, next(in.get().path("next").asText(""))), expiresAt))
        .build();
  }

  /**
   * Finishes the sign-in this browser started: {@code {"code", "state"}} as the provider sent the
   * browser back gives {@code {"next"}} and the session cookie; the sign-in cookie is cleared
   * whatever the outcome.
   */
  @POST
  @Path("callback")
  public Response callback(@CookieParam(SignInCookie.NAME) String cookie, String body)
      throws InterruptedException {
    Optional<JsonNode> in = read(body);
    if (in.isEmpty()) {
      return badBody();
    }
    String state = in.get().path("state").asText(null);
    Optional<SignInCookie.SignIn> signIn = signIns.open(cookie, state);
    if (signIn.isEmpty()) {
      boolean started = signIns.present(cookie);
      return Response.status(400)
          .type(Problems.MEDIA_TYPE)
          .entity(
              started
                  ? Problems.json(
                      400,
                      "oidc_state_mismatch",
                      "The sign-in does not match",
                      "The identity provider sent back another sign-in than the one this browser"
                          + " started. Sign in again.")
                  : Problems.json(
                      400,
                      "oidc_sign_in_missing",
                      "No sign-in in progress",
                      "This browser has no sign-in in progress: it was started elsewhere or took"
                          + " longer than "
                          + SignInCookie.MAX_AGE.toMinutes()
                          + " minutes. Sign in again."))
          .header("Set-Cookie", SignInCookie.clearCookie())
          .build();
    }
    ObjectNode finish = JSON.createObjectNode();
    finish.put("code", in.get().path("code").asText(""));
    finish.put("state", state);
    HttpResponse<String> answer;
    try {
      answer = SessionResource.postJson(http, token, finish.toString(), TIMEOUT);
    } catch (IOException e) {
      return Response.fromResponse(SessionResource.upstreamUnavailable())
          .header("Set-Cookie", SignInCookie.clearCookie())
          .build();
    }
    if (answer.statusCode() != 200) {
      return SessionResource.passOn(answer)
          .header("Set-Cookie", SignInCookie.clearCookie())
          .build();
    }
    Optional<SessionCookie.Session> session = SessionResource.sessionOf(answer.body(), sessions);
    if (session.isEmpty()) {
      return Response.fromResponse(SessionResource.unreadableToken())
          .header("Set-Cookie", SignInCookie.clearCookie())
          .build();
    }
    ObjectNode out = JSON.createObjectNode();
    out.put("next", signIn.get().next());
    return Response.ok(out.toString(), MediaType.APPLICATION_JSON)
        .header("Set-Cookie", sessions.setCookie(session.get()))
        .header("Set-Cookie", SignInCookie.clearCookie())
        .build();
  }

  /** Only a path of this origin: never another site, whatever the page was given. */
  static String next(String next) {
    return next.startsWith("/") && !next.startsWith("//") && !next.contains("\\") ? next : "/start";
  }

  private static Instant expiry(String text) {
    try {
      return Instant.parse(text);
    } catch (DateTimeParseException e) {
      return Clock.systemUTC().instant().plus(SignInCookie.MAX_AGE);
    }
  }

  private static Optional<JsonNode> read(String body) {
    if (body == null || body.length() > MAX_BODY) {
      return Optional.empty();
    }
    try {
      JsonNode node = JSON.readTree(body.isBlank() ? "{}" : body);
      return node != null && node.isObject() ? Optional.of(node) : Optional.empty();
    } catch (IOException e) {
      return Optional.empty();
    }
  }

  private static Response badBody() {
    return SessionResource.problem(
        400,
        Problems.json(
            400,
            "validation_failed",
            "Validation failed",
            "a JSON object of at most " + MAX_BODY + " bytes is required"));
  }
}

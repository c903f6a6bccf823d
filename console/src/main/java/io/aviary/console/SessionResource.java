package io.aviary.console;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import jakarta.ws.rs.CookieParam;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.MalformedClaimException;
import org.jose4j.jwt.consumer.InvalidJwtException;
import org.jose4j.jwt.consumer.JwtConsumer;
import org.jose4j.jwt.consumer.JwtConsumerBuilder;

/**
 * The browser's session. Log-in exchanges email and password at tenant-api's public token endpoint
 * (as a script would) and keeps the token in the sealed cookie; the page learns who it is from
 * {@code GET}, never the token itself. {@link Edge} refuses log-in and log-out without the console
 * header.
 */
@Path("/console/v1/session")
public class SessionResource {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int MAX_BODY = 4096;
  // Reads claims only: each service checks the token's signature when the edge forwards it.
  private static final JwtConsumer CLAIMS =
      new JwtConsumerBuilder()
          .setSkipSignatureVerification()
          .setSkipAllValidators()
          .setDisableRequireSignature()
          .setSkipDefaultAudienceValidation()
          .build();

  private final SessionCookie sessions;
  private final HttpClient http;
  private final URI tokenEndpoint;

  SessionResource(SessionCookie sessions, HttpClient http, EdgeConfig config) {
    this.sessions = sessions;
    this.http = http;
    this.tokenEndpoint = config.tenantApiUrl().resolve("/api/v1/auth/token");
  }

  /** Logs in with {@code {"email", "password"}}: 204 and the cookie, or tenant-api's problem. */
  @POST
  public Response logIn(String body) throws InterruptedException {
    if (body == null || body.length() > MAX_BODY) {
      return problem(
          400,
          Problems.json(
              400,
              "validation_failed",
              "Validation failed",
              "a JSON body of at most " + MAX_BODY + " bytes is required"));
    }
    HttpResponse<String> answer;
    try {
      answer = postJson(http, tokenEndpoint, onlyCredentials(body), Duration.ofSeconds(10));
    } catch (IOException e) {
      return upstreamUnavailable();
    }
    if (answer.statusCode() != 200) {
      return passOn(answer).build();
    }
    Optional<SessionCookie.Session> session = sessionOf(answer.body(), sessions);
    if (session.isEmpty()) {
      return unreadableToken();
    }
    return Response.noContent().header("Set-Cookie", sessions.setCookie(session.get())).build();
  }

  /** The session holding tenant-api's token answer {@code body}, unless it cannot be read. */
  static Optional<SessionCookie.Session> sessionOf(String body, SessionCookie sessions) {
    JsonNode token;
    try {
      token = JSON.readTree(body);
    } catch (IOException e) {
      return Optional.empty();
    }
    if (token == null || !token.path("access_token").isTextual()) {
      return Optional.empty();
    }
    return Optional.of(
        sessions.sessionFor(
            token.path("access_token").asText(),
            Duration.ofSeconds(token.path("expires_in").asLong(0))));
  }

  static Response unreadableToken() {
    return problem(
        502,
        Problems.json(
            502, "upstream_invalid", "Bad gateway", "tenant-api answered an unreadable token"));
  }

  /** Who is logged in: organization, user, role and when the session ends; 401 when nobody. */
  @GET
  public Response whoAmI(@CookieParam(SessionCookie.NAME) String cookie) {
    Optional<SessionCookie.Session> session = sessions.open(cookie);
    if (session.isEmpty()) {
      return problem(401, Problems.sessionExpired());
    }
    JwtClaims claims = claims(session.get().accessToken());
    ObjectNode me = JSON.createObjectNode();
    me.put("org_id", claims.getClaimValueAsString("org_id"));
    me.put("user_id", claims.getClaimValueAsString("sub"));
    me.put("email", claims.getClaimValueAsString("email"));
    List<String> groups = groups(claims);
    me.put("role", groups.isEmpty() ? null : groups.get(0));
    me.put("expires_at", session.get().expiresAt().toString());
    return Response.ok(me.toString(), MediaType.APPLICATION_JSON).build();
  }

  /** Logs out: the cookie is cleared. */
  @DELETE
  public Response logOut() {
    return Response.noContent().header("Set-Cookie", SessionCookie.clearCookie()).build();
  }

  /** Only email and password go on to tenant-api: an API key logs in scripts, not the console. */
  private static String onlyCredentials(String body) {
    try {
      JsonNode in = JSON.readTree(body);
      ObjectNode out = JSON.createObjectNode();
      out.set("email", in.path("email").isTextual() ? in.get("email") : null);
      out.set("password", in.path("password").isTextual() ? in.get("password") : null);
      return out.toString();
    } catch (IOException e) {
      return "{}"; // tenant-api says which fields are missing
    }
  }

  /**
   * The token's claims, read without checking its signature: it came from tenant-api over the
   * edge's own connection and sat sealed in the cookie since.
   */
  private static JwtClaims claims(String jwt) {
    try {
      return CLAIMS.processToClaims(jwt);
    } catch (InvalidJwtException e) {
      throw new IllegalStateException("a sealed session holds tenant-api's token", e);
    }
  }

  private static List<String> groups(JwtClaims claims) {
    try {
      return claims.hasClaim("groups") ? claims.getStringListClaimValue("groups") : List.of();
    } catch (MalformedClaimException e) {
      return List.of();
    }
  }

  static Response problem(int status, String json) {
    return Response.status(status).type(Problems.MEDIA_TYPE).entity(json).build();
  }

  /** POSTs the JSON {@code body} to tenant-api's {@code uri}. */
  static HttpResponse<String> postJson(HttpClient http, URI uri, String body, Duration timeout)
      throws IOException, InterruptedException {
    return http.send(
        HttpRequest.newBuilder(uri)
            .timeout(timeout)
            .header("Content-Type", MediaType.APPLICATION_JSON)
            .POST(HttpRequest.BodyPublishers.ofString(body))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  /** tenant-api's answer (its problem), as it answered. */
  static Response.ResponseBuilder passOn(HttpResponse<String> answer) {
    return Response.status(answer.statusCode())
        .type(answer.headers().firstValue("Content-Type").orElse(Problems.MEDIA_TYPE))
        .entity(answer.body());
  }

  /** 502: tenant-api did not answer. */
  static Response upstreamUnavailable() {
    return problem(
        502,
        Problems.json(
            502, "upstream_unavailable", "Service unavailable", "tenant-api did not answer"));
  }
}

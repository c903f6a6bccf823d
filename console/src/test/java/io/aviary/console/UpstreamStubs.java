package io.aviary.console;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * HTTP servers standing in for tenant-api, acl-service, audit-pipeline and the broker: each answers
 * with what reached it (its name, the path, the Authorization and Cookie headers), so a test sees
 * where the edge sent a request and with what. tenant-api's token endpoint knows one user.
 */
public class UpstreamStubs implements QuarkusTestResourceLifecycleManager {
  static final String EMAIL = "ana@example.com";
  static final String PASSWORD = "correct horse battery";
  static final String ORG = "org_abcdefabcdef";
  static final String SESSION_KEY = "MDEyMzQ1Njc4OWFiY2RlZjAxMjM0NTY3ODlhYmNkZWY";

  /** The code tenant-api's OIDC token endpoint accepts. */
  static final String GOOD_CODE = "good-code";

  /** Sign-ins tenant-api's stub started, and the code exchanges that reached it. */
  static final AtomicInteger SIGN_INS = new AtomicInteger();

  static final AtomicInteger CODE_EXCHANGES = new AtomicInteger();

  /** The last body tenant-api's OIDC endpoints received. */
  static volatile JsonObject lastOidcBody;

  private Vertx vertx;

  /** A token shaped as tenant-api's (the edge reads its claims, never checks its signature). */
  static String token() {
    return token(ORG);
  }

  /** Such a token of organization {@code org}. */
  static String token(String org) {
    JsonObject claims =
        new JsonObject()
            .put("iss", "http://localhost:8080")
            .put("sub", "usr_1")
            .put("org_id", org)
            .put("email", EMAIL)
            .put("groups", new JsonArray().add("admin"));
    Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
    return b64.encodeToString("{\"alg\":\"RS256\"}".getBytes(StandardCharsets.UTF_8))
        + "."
        + b64.encodeToString(claims.encode().getBytes(StandardCharsets.UTF_8))
        + ".c2lnbmF0dXJl";
  }

  @Override
  public Map<String, String> start() {
    vertx = Vertx.vertx();
    Map<String, String> config = new HashMap<>();
    config.put("aviary.console.tenant-api-url", "http://127.0.0.1:" + serve("tenant-api"));
    config.put("aviary.console.acl-service-url", "http://127.0.0.1:" + serve("acl-service"));
    config.put("aviary.console.audit-pipeline-url", "http://127.0.0.1:" + serve("audit-pipeline"));
    config.put("aviary.console.broker-url", "http://127.0.0.1:" + serve("broker"));
    config.put("aviary.console.session-key", SESSION_KEY);
    return config;
  }

  private int serve(String name) {
    HttpServer server =
        vertx
            .createHttpServer()
            .requestHandler(
                request ->
                    request
                        .body()
                        .onSuccess(
                            body -> {
                              if (name.equals("tenant-api")
                                  && request.path().startsWith("/api/v1/auth/oidc/")) {
                                oidc(
                                    request,
                                    body.length() == 0 ? new JsonObject() : body.toJsonObject());
                                return;
                              }
                              if (name.equals("tenant-api")
                                  && request.path().equals("/api/v1/auth/token")) {
                                JsonObject in = body.toJsonObject();
                                if (EMAIL.equals(in.getString("email"))
                                    && PASSWORD.equals(in.getString("password"))) {
                                  answerToken(request, token());
                                } else {
                                  answerProblem(
                                      request,
                                      new JsonObject()
                                          .put("type", "urn:aviary:problem:invalid_credentials")
                                          .put("title", "Invalid credentials")
                                          .put("status", 401));
                                }
                                return;
                              }
                              request
                                  .response()
                                  .putHeader("Content-Type", "application/json")
                                  .end(
                                      new JsonObject()
                                          .put("service", name)
                                          .put("method", request.method().name())
                                          .put("path", request.path())
                                          .put("query", request.query())
                                          .put("authorization", request.getHeader("Authorization"))
                                          .put("cookie", request.getHeader("Cookie"))
                                          .put("body", body.toString())
                                          .encode());
                            }));
    try {
      return server
          .listen(0, "127.0.0.1")
          .toCompletionStage()
          .toCompletableFuture()
          .get(10, TimeUnit.SECONDS)
          .actualPort();
    } catch (Exception e) {
      throw new IllegalStateException("cannot start the " + name + " stub", e);
    }
  }

  /** tenant-api's sign-in through the OIDC provider: states count up; one code is good. */
  private static void oidc(HttpServerRequest request, JsonObject body) {
    lastOidcBody = body;
    if (request.path().endsWith("/authorizations")) {
      String state = "state-" + SIGN_INS.incrementAndGet();
      request
          .response()
          .putHeader("Content-Type", "application/json")
          .end(
              new JsonObject()
                  .put("authorization_url", "https://idp.example.com/authorize?state=" + state)
                  .put("state", state)
                  .put("expires_at", Instant.now().plusSeconds(600).toString())
                  .encode());
      return;
    }
    CODE_EXCHANGES.incrementAndGet();
    if (GOOD_CODE.equals(body.getString("code"))) {
      answerToken(request, token());
    } else {
      answerProblem(
          request,
          new JsonObject()
              .put("type", "urn:aviary:problem:oidc_code_refused")
              .put("title", "The identity provider refused the code")
              .put("status", 400)
              .put("detail", "invalid_grant"));
    }
  }

  /** tenant-api's answer to a log-in it accepts, with {@code token}. */
  static void answerToken(HttpServerRequest request, String token) {
    request
        .response()
        .putHeader("Content-Type", "application/json")
        .end(
            new JsonObject()
                .put("access_token", token)
                .put("token_type", "Bearer")
                .put("expires_in", 900)
                .encode());
  }

  private static void answerProblem(HttpServerRequest request, JsonObject problem) {
    request
        .response()
        .setStatusCode(problem.getInteger("status"))
        .putHeader("Content-Type", "application/problem+json")
        .end(problem.encode());
  }

  /** The body of a password log-in that tenant-api's stub accepts. */
  static String logInBody() {
    return new JsonObject().put("email", EMAIL).put("password", PASSWORD).encode();
  }

  @Override
  public void stop() {
    if (vertx != null) {
      vertx.close().toCompletionStage().toCompletableFuture().join();
    }
  }
}

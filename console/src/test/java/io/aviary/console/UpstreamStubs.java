package io.aviary.console;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

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
                                  && request.path().equals("/api/v1/auth/token")) {
                                JsonObject in = body.toJsonObject();
                                if (EMAIL.equals(in.getString("email"))
                                    && PASSWORD.equals(in.getString("password"))) {
                                  request
                                      .response()
                                      .putHeader("Content-Type", "application/json")
                                      .end(
                                          new JsonObject()
                                              .put("access_token", token())
                                              .put("token_type", "Bearer")
                                              .put("expires_in", 900)
                                              .encode());
                                } else {
                                  request
                                      .response()
                                      .setStatusCode(401)
                                      .putHeader("Content-Type", "application/problem+json")
                                      .end(
                                          new JsonObject()
                                              .put("type", "urn:aviary:problem:invalid_credentials")
                                              .put("title", "Invalid credentials")
                                              .put("status", 401)
                                              .encode());
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

  @Override
  public void stop() {
    if (vertx != null) {
      vertx.close().toCompletionStage().toCompletableFuture().join();
    }
  }
}

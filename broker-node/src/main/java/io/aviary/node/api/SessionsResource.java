package io.aviary.node.api;

import io.aviary.broker.tenant.OrgId;
import io.aviary.identity.KeySetCache;
import io.aviary.node.Broker;
import io.aviary.node.config.BrokerConfig;
import io.aviary.node.connection.LiveSessions;
import io.aviary.node.metrics.BrokerMetrics;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import org.jboss.logging.Logger;

/**
 * {@code GET /api/v1/orgs/{org}/sessions}, {@code GET} and {@code DELETE
 * /api/v1/orgs/{org}/sessions/{clientId}}: an organization's sessions, for the console and scripts.
 * Vert.x routes on the node's HTTP port; token checks run on a worker, sessions are read on their
 * own event loops, and the answer is written back on the request's context. In a cluster every node
 * answers for its own sessions and any node's API sees them all ({@link SessionQueries}).
 */
@ApplicationScoped
public class SessionsResource {
  private static final Logger LOG = Logger.getLogger(SessionsResource.class);
  static final String LIST = "/api/v1/orgs/:org/sessions";
  static final String ONE = "/api/v1/orgs/:org/sessions/:clientId";
  private static final String BEARER = "Bearer ";

  private final SessionQueries sessions;
  private final BrokerMetrics metrics;
  private final Optional<PlatformAccess> access;
  private final int maxPageSize;
  private final Duration timeout;

  public SessionsResource(Broker broker, BrokerConfig config) {
    this.metrics = broker.services().metrics();
    this.access = access(config);
    this.maxPageSize = config.api().maxPageSize();
    this.timeout = config.api().timeout();
    this.sessions =
        new SessionQueries(
            broker.liveSessions(),
            broker.services().nodeId(),
            broker.cluster(),
            timeout.multipliedBy(3).dividedBy(4));
    if (maxPageSize < 1) {
      throw new IllegalStateException("aviary.api.max-page-size must be at least 1");
    }
  }

  /**
   * The token check from the configuration: explicit keys, else tenant-api's address (as the other
   * services default theirs), else none, and the API refuses every request.
   */
  private static Optional<PlatformAccess> access(BrokerConfig config) {
    BrokerConfig.Api api = config.api();
    Optional<String> tenantApi =
        config.tenancy().tenantApiUrl().map(URI::toString).filter(u -> !u.isBlank());
    Optional<URI> jwks =
        api.jwksUri()
            .or(
                () ->
                    tenantApi.map(
                        u ->
                            URI.create(
                                (u.endsWith("/") ? u.substring(0, u.length() - 1) : u)
                                    + "/.well-known/jwks.json")));
    if (jwks.isEmpty()) {
      LOG.info("no aviary.api.jwks-uri and no tenant-api: the sessions API refuses every request");
      return Optional.empty();
    }
    String issuer =
        api.issuer()
            .or(() -> tenantApi)
            .orElseThrow(
                () ->
                    new IllegalStateException(
                        "aviary.api.issuer (AVIARY_PLATFORM_ISSUER) must be set with"
                            + " aviary.api.jwks-uri: platform tokens are checked against it"));
    // The key address is the operator's (like tenant-api's own URL), not an organization's.
    KeySetCache keys = KeySetCache.builder().allowInsecureHttp(true).build();
    return Optional.of(new PlatformAccess(issuer, jwks.get(), keys));
  }

  void routes(@Observes Router router) {
    router.route(LIST).handler(this::onList);
    router.route(ONE).handler(this::onOne);
  }

  private void onList(RoutingContext rc) {
    if (rc.request().method() != HttpMethod.GET) {
      methodNotAllowed(rc, "GET");
      return;
    }
    authorize(
        rc,
        false,
        (caller, org) -> {
          Optional<Integer> limit = limit(rc);
          if (limit.isEmpty()) {
            return;
          }
          String after = rc.queryParams().get("after");
          answer(rc, sessions.list(org, after, limit.get()), page -> ok(rc, page));
        });
  }

  private void onOne(RoutingContext rc) {
    HttpMethod method = rc.request().method();
    String clientId = rc.pathParam("clientId");
    if (method == HttpMethod.GET) {
      authorize(
          rc,
          false,
          (caller, org) ->
              answer(
                  rc,
                  sessions.find(org, clientId),
                  found -> {
                    if (found.isPresent()) {
                      ok(rc, found.get());
                    } else {
                      notFound(rc, org, clientId);
                    }
                  }));
    } else if (method == HttpMethod.DELETE) {
      authorize(
          rc,
          true,
          (caller, org) -> {
            Optional<Boolean> discard = discard(rc);
            if (discard.isEmpty()) {
              return;
            }
            answer(
                rc,
                sessions.disconnect(org, clientId, discard.get(), caller.actor()),
                outcome -> {
                  switch (outcome) {
                    case DISCONNECTED, DISCARDED -> {
                      LOG.infof(
                          "%s %s client %s of %s",
                          caller.actor(),
                          outcome == LiveSessions.Outcome.DISCARDED
                              ? "discarded the session of"
                              : "disconnected",
                          clientId,
                          org);
                      rc.response().setStatusCode(204).end();
                    }
                    case NOT_FOUND -> notFound(rc, org, clientId);
                    case NOT_CONNECTED ->
                        problem(
                            rc,
                            ApiProblem.CONFLICT.with(
                                "Client "
                                    + clientId
                                    + " is not connected; its session is kept until it expires."
                                    + " Ask with ?discard=true to discard it."));
                  }
                });
          });
    } else {
      methodNotAllowed(rc, "GET, DELETE");
    }
  }

  /**
   * Runs {@code then} on the request's context once the bearer is known to hold a platform access
   * token of the path's organization (and, for {@code adminOnly}, the admin role); otherwise
   * answers 503 (no keys configured), 401 or 403.
   */
  private void authorize(
      RoutingContext rc, boolean adminOnly, BiConsumer<PlatformAccess.Caller, OrgId> then) {
    if (access.isEmpty()) {
      metrics.apiRefused("unconfigured");
      problem(
          rc,
          ApiProblem.UNAVAILABLE.with(
              "The sessions API of this node is not configured: it needs aviary.api.jwks-uri or"
                  + " aviary.tenancy.tenant-api-url to check platform tokens."));
      return;
    }
    String header = rc.request().getHeader(HttpHeaders.AUTHORIZATION);
    if (header == null
        || !header.regionMatches(true, 0, BEARER, 0, BEARER.length())
        || header.substring(BEARER.length()).isBlank()) {
      unauthorized(rc, "A valid, unexpired bearer token is required.");
      return;
    }
    String token = header.substring(BEARER.length()).strip();
    Context context = rc.vertx().getOrCreateContext();
    rc.vertx()
        .executeBlocking(() -> access.get().verify(token), false)
        .compose(verifying -> Future.fromCompletionStage(verifying, context))
        .onComplete(
            result -> {
              if (result.failed()) {
                fail(rc, result.cause());
                return;
              }
              switch (result.result()) {
                case PlatformAccess.Refused refused ->
                    unauthorized(rc, "The bearer token is not accepted: " + refused.detail());
                case PlatformAccess.Caller caller -> {
                  String org = rc.pathParam("org");
                  if (!caller.orgId().equals(org)) {
                    metrics.apiRefused("wrong_org");
                    problem(
                        rc,
                        ApiProblem.FORBIDDEN.with(
                            "The token does not belong to organization " + org));
                  } else if (adminOnly && !caller.admin()) {
                    metrics.apiRefused("not_admin");
                    problem(
                        rc,
                        ApiProblem.FORBIDDEN.with(
                            "Only an admin of the organization can disconnect clients."));
                  } else {
                    Optional<OrgId> parsed = OrgId.parse(org);
                    if (parsed.isEmpty()) {
                      problem(rc, ApiProblem.NOT_FOUND.with("No organization " + org));
                    } else {
                      then.accept(caller, parsed.get());
                    }
                  }
                }
              }
            });
  }

  /** Writes what {@code work} completes with on the request's context, or 503 after the timeout. */
  private <T> void answer(RoutingContext rc, CompletionStage<T> work, Consumer<T> write) {
    Context context = rc.vertx().getOrCreateContext();
    Future.fromCompletionStage(
            work.toCompletableFuture().orTimeout(timeout.toMillis(), TimeUnit.MILLISECONDS),
            context)
        .onComplete(
            result -> {
              if (result.succeeded()) {
                write.accept(result.result());
              } else {
                fail(rc, result.cause());
              }
            });
  }

  private Optional<Integer> limit(RoutingContext rc) {
    List<String> values = rc.queryParam("limit");
    if (values.isEmpty()) {
      return Optional.of(maxPageSize);
    }
    try {
      int limit = Integer.parseInt(values.get(0));
      if (limit >= 1 && limit <= maxPageSize) {
        return Optional.of(limit);
      }
    } catch (NumberFormatException e) {
      // answered below
    }
    problem(
        rc, ApiProblem.invalidQuery("limit", "must be a whole number from 1 to " + maxPageSize));
    return Optional.empty();
  }

  private static Optional<Boolean> discard(RoutingContext rc) {
    List<String> values = rc.queryParam("discard");
    if (values.isEmpty()) {
      return Optional.of(false);
    }
    String value = values.get(0);
    if (value.equals("true") || value.equals("false")) {
      return Optional.of(Boolean.parseBoolean(value));
    }
    problem(rc, ApiProblem.invalidQuery("discard", "must be true or false"));
    return Optional.empty();
  }

  private void unauthorized(RoutingContext rc, String detail) {
    metrics.apiRefused("unauthenticated");
    rc.response().putHeader("WWW-Authenticate", "Bearer");
    problem(rc, ApiProblem.UNAUTHORIZED.with(detail));
  }

  private static void notFound(RoutingContext rc, OrgId org, String clientId) {
    problem(
        rc,
        ApiProblem.NOT_FOUND.with(
            "Organization " + org + " has no session with client id " + clientId + "."));
  }

  private static void methodNotAllowed(RoutingContext rc, String allowed) {
    rc.response().putHeader(HttpHeaders.ALLOW, allowed);
    problem(
        rc,
        ApiProblem.METHOD_NOT_ALLOWED.with(
            rc.request().method() + " is not supported here; use " + allowed + "."));
  }

  private static void fail(RoutingContext rc, Throwable error) {
    Throwable cause = error.getCause() != null ? error.getCause() : error;
    if (error instanceof TimeoutException || cause instanceof TimeoutException) {
      problem(
          rc,
          ApiProblem.UNAVAILABLE.with("The node did not read its sessions in time; try again."));
      return;
    }
    if (cause instanceof SessionQueries.Unanswered unanswered) {
      problem(rc, ApiProblem.UNAVAILABLE.with(unanswered.getMessage() + "; try again."));
      return;
    }
    LOG.error("sessions API request failed", error);
    problem(rc, ApiProblem.INTERNAL_ERROR.with("The request failed on this node."));
  }

  private static void ok(RoutingContext rc, JsonObject body) {
    rc.response()
        .putHeader(HttpHeaders.CONTENT_TYPE, "application/json")
        .putHeader(HttpHeaders.CACHE_CONTROL, "no-store")
        .end(body.encode());
  }

  private static void problem(RoutingContext rc, JsonObject problem) {
    rc.response()
        .setStatusCode(problem.getInteger("status"))
        .putHeader(HttpHeaders.CONTENT_TYPE, ApiProblem.MEDIA_TYPE)
        .putHeader(HttpHeaders.CACHE_CONTROL, "no-store")
        .end(problem.encode());
  }
}

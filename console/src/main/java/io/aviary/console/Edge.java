package io.aviary.console;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.Cookie;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.httpproxy.Body;
import io.vertx.httpproxy.HttpProxy;
import io.vertx.httpproxy.ProxyContext;
import io.vertx.httpproxy.ProxyInterceptor;
import io.vertx.httpproxy.ProxyRequest;
import io.vertx.httpproxy.ProxyResponse;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.net.URI;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The platform's HTTP edge: every {@code /api/v1} and {@code /.well-known} request goes to the
 * service that owns its path ({@link Upstream}). Scripts authenticate with their own bearer token,
 * which passes through untouched; the console's browser session is a sealed cookie that the edge
 * turns into the bearer token, only for requests that also carry {@value #CONSOLE_HEADER} (which
 * another site's page cannot send). The cookie itself never reaches a service.
 */
@ApplicationScoped
public class Edge {
  /** The header the console's own requests carry; a cross-site form or image cannot set it. */
  public static final String CONSOLE_HEADER = "X-Aviary-Console";

  private final Map<Upstream, HttpProxy> proxies = new EnumMap<>(Upstream.class);
  private final SessionCookie sessions;

  Edge(SessionCookie sessions) {
    this.sessions = sessions;
  }

  void routes(@Observes Router router, Vertx vertx, EdgeConfig config) {
    HttpClient client =
        vertx.createHttpClient(
            new HttpClientOptions().setConnectTimeout(5_000).setMaxPoolSize(64).setKeepAlive(true));
    proxies.put(Upstream.TENANT_API, proxyTo(client, config.tenantApiUrl()));
    proxies.put(Upstream.ACL_SERVICE, proxyTo(client, config.aclServiceUrl()));
    proxies.put(Upstream.AUDIT_PIPELINE, proxyTo(client, config.auditPipelineUrl()));
    proxies.put(Upstream.BROKER, proxyTo(client, config.brokerUrl()));
    router.route("/console/v1/*").order(-100).handler(Edge::requireConsoleHeaderToChange);
    router.route().pathRegex("^/(api/v1|\\.well-known)/.*").order(-100).handler(this::handle);
  }

  /**
   * The console's own endpoints change state (log-in, log-out) only for requests carrying {@value
   * #CONSOLE_HEADER}: another site's form could otherwise log a browser in or out.
   */
  private static void requireConsoleHeaderToChange(RoutingContext rc) {
    if (rc.request().method() == HttpMethod.GET || fromConsole(rc.request())) {
      rc.next();
      return;
    }
    rc.response()
        .setStatusCode(403)
        .putHeader(HttpHeaders.CONTENT_TYPE, Problems.MEDIA_TYPE)
        .end(Problems.consoleHeaderMissing());
  }

  private static boolean fromConsole(HttpServerRequest request) {
    return "1".equals(request.getHeader(CONSOLE_HEADER));
  }

  private HttpProxy proxyTo(HttpClient client, URI service) {
    int port = service.getPort() > 0 ? service.getPort() : 80;
    HttpProxy proxy = HttpProxy.reverseProxy(client).origin(port, service.getHost());
    proxy.addInterceptor(
        new ProxyInterceptor() {
          @Override
          public Future<ProxyResponse> handleProxyRequest(ProxyContext context) {
            return authenticate(context);
          }
        });
    return proxy;
  }

  private void handle(RoutingContext rc) {
    HttpServerRequest request = rc.request();
    String path = request.path();
    if (hasDotOrEncodedSegments(path)) {
      rc.response()
          .setStatusCode(400)
          .putHeader(HttpHeaders.CONTENT_TYPE, Problems.MEDIA_TYPE)
          .end(
              Problems.json(
                  400,
                  "invalid_path",
                  "Invalid path",
                  "Paths with dot segments or encoded slashes are not routed."));
      return;
    }
    proxies.get(Upstream.of(path)).handle(request);
  }

  /**
   * Turns the session cookie into the bearer token, or answers for the service when the request
   * must not go on; strips the cookie either way.
   */
  private Future<ProxyResponse> authenticate(ProxyContext context) {
    ProxyRequest request = context.request();
    HttpServerRequest incoming = request.proxiedRequest();
    Cookie cookie = incoming.getCookie(SessionCookie.NAME);
    request.headers().remove(HttpHeaders.COOKIE);
    if (cookie == null || request.headers().contains(HttpHeaders.AUTHORIZATION)) {
      return context.sendRequest();
    }
    if (!fromConsole(incoming)) {
      return refuse(request, 403, Problems.consoleHeaderMissing(), false);
    }
    Optional<SessionCookie.Session> session = sessions.open(cookie.getValue());
    if (session.isEmpty()) {
      return refuse(request, 401, Problems.sessionExpired(), true);
    }
    request.putHeader(HttpHeaders.AUTHORIZATION, "Bearer " + session.get().accessToken());
    return context.sendRequest();
  }

  private static Future<ProxyResponse> refuse(
      ProxyRequest request, int status, String problem, boolean clearCookie) {
    ProxyResponse response =
        request
            .response()
            .setStatusCode(status)
            .putHeader(HttpHeaders.CONTENT_TYPE, Problems.MEDIA_TYPE)
            .setBody(Body.body(Buffer.buffer(problem)));
    if (clearCookie) {
      response.putHeader(HttpHeaders.SET_COOKIE, SessionCookie.clearCookie());
    }
    return Future.succeededFuture(response);
  }

  private static boolean hasDotOrEncodedSegments(String path) {
    String lower = path.toLowerCase(Locale.ROOT);
    return lower.contains("/./")
        || lower.contains("/../")
        || lower.endsWith("/.")
        || lower.endsWith("/..")
        || lower.contains("%2f")
        || lower.contains("%2e")
        || lower.contains("%5c")
        || lower.contains("\\");
  }
}

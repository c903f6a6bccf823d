package io.aviary.node.identity;

import io.aviary.broker.auth.AuthFailure;
import io.aviary.broker.auth.AuthResult;
import io.aviary.broker.auth.Authenticator;
import io.aviary.broker.auth.ConnectRequest;
import io.aviary.broker.auth.Identity;
import io.aviary.broker.tenant.OrgId;
import io.aviary.identity.CertificateVerifier;
import io.aviary.identity.IdpConnection;
import io.aviary.identity.TokenVerifier;
import io.aviary.identity.Verification;
import io.aviary.node.tenant.Tenants;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.function.Supplier;

/**
 * Authenticates against the organization the username names ({@code anything@org_<id>}): the
 * password carries a JWT from one of the organization's identity providers or a platform
 * credential; without a password, a client certificate is checked against the organization's CA.
 * The verified claims become the identity's bindings.
 */
public final class TenantAuthenticator implements Authenticator {
  private final OrgDirectory<OrgConfig> directory;
  private final TokenVerifier idpTokens;
  private final TokenVerifier platformTokens;
  private final Supplier<CompletionStage<Optional<PlatformCredentials>>> platform;
  private final CertificateVerifier certificates;
  private final Tenants tenants;
  private final Executor verifiers;

  /**
   * @param idpTokens verifies organizations' IdP tokens
   * @param platformTokens verifies platform credentials (its key cache may use internal http URLs)
   * @param platform the platform credential facts, empty when there are none
   * @param tenants this node's organization namespaces: their live connections count against the
   *     connection quota, and they take the publish-rate quota
   * @param verifiers where signatures are checked: off the event loops, so that a storm of CONNECTs
   *     (an ES256 or certificate check is about 0.4 ms) never delays other clients' traffic
   */
  public TenantAuthenticator(
      OrgDirectory<OrgConfig> directory,
      TokenVerifier idpTokens,
      TokenVerifier platformTokens,
      Supplier<CompletionStage<Optional<PlatformCredentials>>> platform,
      CertificateVerifier certificates,
      Tenants tenants,
      Executor verifiers) {
    this.directory = directory;
    this.idpTokens = idpTokens;
    this.platformTokens = platformTokens;
    this.platform = platform;
    this.certificates = certificates;
    this.tenants = tenants;
    this.verifiers = verifiers;
  }

  @Override
  public CompletionStage<AuthResult> authenticate(ConnectRequest request) {
    Optional<OrgId> named = OrgId.fromUsername(request.username());
    if (named.isEmpty()) {
      return done(
          new AuthResult.Denied(
              AuthFailure.UNKNOWN_ORG,
              null,
              "the username does not name an organization (name@org_<id>)"));
    }
    OrgId org = named.get();
    return directory
        .find(org)
        .thenCompose(
            config -> {
              if (config.isEmpty() || !config.get().active()) {
                return done(
                    new AuthResult.Denied(
                        AuthFailure.UNKNOWN_ORG,
                        null,
                        org + (config.isEmpty() ? " does not exist" : " is suspended")));
              }
              return authenticate(request, config.get());
            });
  }

  private CompletionStage<AuthResult> authenticate(ConnectRequest request, OrgConfig config) {
    OrgId org = config.org();
    int maxConnections = config.quotas().maxConnections();
    if (maxConnections > 0 && tenants.liveConnections(org) >= maxConnections) {
      return done(
          new AuthResult.Denied(
              AuthFailure.QUOTA_EXCEEDED,
              org,
              org + " has its " + maxConnections + " connections on this node"));
    }
    byte[] password = request.password();
    if (password != null && password.length > 0) {
      String token = new String(password, StandardCharsets.UTF_8);
      return platform
          .get()
          .thenComposeAsync(
              credentials ->
                  credentials.isPresent() && credentials.get().issuer().equals(issuerHint(token))
                      ? platformTokens.verify(token, credentials.get().connectionFor(org))
                      : idpTokens.verify(token, config.idps()),
              verifiers)
          .thenApply(v -> result(v, request, config));
    }
    if (!request.clientCertificates().isEmpty()) {
      return CompletableFuture.supplyAsync(
          () ->
              result(
                  certificates.verify(request.clientCertificates(), config.trust()),
                  request,
                  config),
          verifiers);
    }
    return done(
        new AuthResult.Denied(
            AuthFailure.MISSING_CREDENTIALS, org, "no password and no client certificate"));
  }

  private AuthResult result(Verification v, ConnectRequest request, OrgConfig config) {
    OrgId org = config.org();
    if (v instanceof Verification.Refused refused) {
      return new AuthResult.Denied(refused.reason(), org, refused.detail());
    }
    Verification.Verified ok = (Verification.Verified) v;
    if (ok.connectionId().equals(PlatformCredentials.CONNECTION_ID)
        && !config.serviceAccounts().contains(ok.subject())) {
      return new AuthResult.Denied(
          AuthFailure.REVOKED, org, "service account " + ok.subject() + " no longer exists");
    }
    Map<String, List<String>> bindings = new HashMap<>(ok.bindings());
    bindings.put("client_id", List.of(request.clientId()));
    bindings.put("username", List.of(request.username()));
    bindings.put("org_id", List.of(org.value()));
    tenants.of(org).apply(config);
    return new AuthResult.Allowed(
        new Identity(org, ok.subject(), bindings, expiry(ok, config), ok.connectionId()));
  }

  /** The credential is accepted until {@code exp} plus its connection's clock leeway. */
  private static Instant expiry(Verification.Verified ok, OrgConfig config) {
    if (ok.expiresAt() == null) {
      return null;
    }
    Duration skew =
        ok.connectionId().equals(PlatformCredentials.CONNECTION_ID)
            ? PlatformCredentials.CLOCK_SKEW
            : config
                .idp(ok.connectionId())
                .map(IdpConnection::effectiveClockSkew)
                .orElse(Duration.ZERO);
    return ok.expiresAt().plus(skew);
  }

  /**
   * The token's {@code iss}, read without verifying, only to pick which verifier checks it; the
   * chosen verifier checks it again.
   */
  private static String issuerHint(String token) {
    return TokenVerifier.unverifiedIssuer(token).orElse("");
  }

  private static CompletableFuture<AuthResult> done(AuthResult result) {
    return CompletableFuture.completedFuture(result);
  }
}

package io.aviary.tenant.oidc;

import io.aviary.service.problem.ProblemCode;
import io.aviary.service.problem.ProblemException;
import io.aviary.service.secret.Sha256;
import io.aviary.tenant.auth.IssuedToken;
import io.aviary.tenant.auth.TokenIssuer;
import io.aviary.tenant.config.TenantConfig;
import io.aviary.tenant.metrics.TenantMetrics;
import io.aviary.tenant.org.ConsoleUser;
import io.aviary.tenant.org.InvitationService;
import io.aviary.tenant.org.Organization;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.jboss.logging.Logger;

/**
 * Console sign-in through the platform's OIDC provider, with tenant-api as its client: {@link
 * #authorize} starts a sign-in (state, nonce and PKCE verifier kept in {@code oidc_sign_in}) and
 * gives the provider's authorization URL; {@link #complete} takes the code back once, exchanges it,
 * checks the ID token and signs the member in with the same access token a password gets. The
 * console's edge binds each sign-in to the browser that started it (docs/adr/0006).
 */
@ApplicationScoped
public class OidcSignInService {
  private static final Logger LOG = Logger.getLogger(OidcSignInService.class);
  private static final int MAX_INPUT = 2048;

  private final Optional<SignInSettings> settings;
  private final boolean passwordLogin;
  private final OidcProvider provider;
  private final IdTokenCheck idTokens;
  private final InvitationService invitations;
  private final TokenIssuer tokens;
  private final TenantMetrics metrics;
  private final Clock clock = Clock.systemUTC();

  /** Where the browser goes to sign in, and the sign-in it belongs to. */
  public record Authorization(String authorizationUrl, String state, Instant expiresAt) {}

  /**
   * @throws IllegalStateException when the settings cannot work (the service does not start)
   */
  public OidcSignInService(
      TenantConfig config,
      InvitationService invitations,
      TokenIssuer tokens,
      TenantMetrics metrics) {
    this.settings = SignInSettings.from(config);
    this.passwordLogin = config.consoleLogin().password();
    this.provider = settings.map(s -> new OidcProvider(s, clock)).orElse(null);
    this.idTokens = settings.map(s -> new IdTokenCheck(s, clock)).orElse(null);
    this.invitations = invitations;
    this.tokens = tokens;
    this.metrics = metrics;
  }

  /** Checks the settings when the service starts, so that a mistake stops it at once. */
  void onStart(@Observes StartupEvent event) {
    LOG.infof(
        "Console sign-in: password %s, OIDC %s",
        passwordLogin ? "on" : "off",
        settings.map(s -> "through " + s.issuer() + " as " + s.clientId()).orElse("off"));
  }

  /** Whether console users may log in with a password. */
  public boolean passwordLogin() {
    return passwordLogin;
  }

  /** The provider's name for the sign-in button, when OIDC sign-in is on. */
  public Optional<String> displayName() {
    return settings.map(SignInSettings::displayName);
  }

  /**
   * Starts a sign-in, for a member or for the holder of {@code invitation} (its token).
   *
   * @throws ProblemException {@code oidc_not_configured}, {@code invitation_invalid}, {@code
   *     oidc_provider_unavailable}, or {@code unavailable} when too many sign-ins are in progress
   */
  public Authorization authorize(Optional<String> invitation) {
    SignInSettings s = required();
    byte[] invitationHash = null;
    if (invitation.isPresent()) {
      invitations.check(invitation.get());
      invitationHash = Sha256.digest(invitation.get());
    }
    ProviderMetadata metadata = provider.metadata();
    String state = Pkce.random();
    String nonce = Pkce.random();
    String verifier = Pkce.verifier();
    Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
    Instant expiresAt = now.plus(s.signInTimeout());
    OidcSignIn row = new OidcSignIn();
    row.stateHash = hash(state);
    row.nonce = nonce;
    row.codeVerifier = verifier;
    row.invitationHash = invitationHash;
    row.createdAt = now;
    row.expiresAt = expiresAt;
    QuarkusTransaction.requiringNew()
        .run(
            () -> {
              OidcSignIn.delete("expiresAt <= ?1", now);
              if (OidcSignIn.count() >= s.maxPending()) {
                throw new ProblemException(
                    ProblemCode.UNAVAILABLE,
                    "Too many sign-ins are in progress; try again in a few minutes.");
              }
              row.persist();
            });
    Map<String, String> query = new LinkedHashMap<>();
    query.put("response_type", "code");
    query.put("client_id", s.clientId());
    query.put("redirect_uri", s.redirectUri().toString());
    query.put("scope", s.scopes());
    query.put("state", state);
    query.put("nonce", nonce);
    query.put("code_challenge", Pkce.challenge(verifier));
    query.put("code_challenge_method", "S256");
    String endpoint = metadata.authorizationEndpoint().toString();
    String url =
        endpoint
            + (endpoint.contains("?") ? "&" : "?")
            + query.entrySet().stream()
                .map(
                    e -> e.getKey() + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
    return new Authorization(url, state, expiresAt);
  }

  /**
   * Finishes the sign-in {@code state} with the provider's {@code code}: the member's access token.
   *
   * @throws ProblemException for every refusal, each with its own type (see {@link SignInProblem})
   */
  public IssuedToken complete(String code, String state) {
    SignInSettings s = required();
    try {
      if (code == null || code.isEmpty() || code.length() > MAX_INPUT) {
        throw ProblemException.invalid("code", "is required, at most " + MAX_INPUT + " characters");
      }
      if (state == null || state.isEmpty() || state.length() > MAX_INPUT) {
        throw ProblemException.invalid(
            "state", "is required, at most " + MAX_INPUT + " characters");
      }
      OidcSignIn signIn = take(state);
      ProviderMetadata metadata = provider.metadata();
      String idToken = provider.exchange(metadata, code, signIn.codeVerifier);
      String email = idTokens.verifiedEmail(idToken, signIn.nonce, metadata);
      if (!s.allows(email)) {
        throw new ProblemException(
            SignInProblem.EMAIL_DOMAIN,
            "Addresses of this domain may not sign in to this platform: " + email);
      }
      ConsoleUser user =
          signIn.invitationHash != null
              ? invitations.acceptVerified(
                  signIn.invitationHash,
                  email,
                  new ProblemException(
                      SignInProblem.INVITATION_EMAIL_MISMATCH,
                      "The invitation is for another address than "
                          + email
                          + ", the one your identity provider vouches for."))
              : member(email);
      Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
      QuarkusTransaction.requiringNew()
          .run(() -> ConsoleUser.update("lastLoginAt = ?1 where id = ?2", now, user.id));
      metrics.login("oidc", true);
      return tokens.accessToken(user);
    } catch (ProblemException e) {
      metrics.login("oidc", false);
      throw e;
    }
  }

  /** Deletes the sign-in {@code state} names and returns it; it can be taken once, in time. */
  private OidcSignIn take(String state) {
    String key = hash(state);
    Instant now = clock.instant();
    OidcSignIn taken =
        QuarkusTransaction.requiringNew()
            .call(
                () -> {
                  OidcSignIn row = OidcSignIn.findById(key);
                  // A concurrent callback with the same state deletes nothing and gets nothing.
                  return row != null && OidcSignIn.delete("stateHash", key) == 1 ? row : null;
                });
    if (taken == null || !now.isBefore(taken.expiresAt)) {
      throw new ProblemException(
          SignInProblem.STATE_INVALID,
          "This sign-in is unknown, was finished already, or took longer than the time allowed."
              + " Sign in again.");
    }
    return taken;
  }

  private static ConsoleUser member(String email) {
    ConsoleUser user =
        ConsoleUser.byEmail(email)
            .orElseThrow(
                () ->
                    new ProblemException(
                        SignInProblem.NO_ACCOUNT,
                        "No console user has the address "
                            + email
                            + ". An admin of your organization can invite it."));
    Organization org = Organization.findById(user.orgId);
    if (org == null || !Organization.ACTIVE.equals(org.status)) {
      throw new ProblemException(
          ProblemCode.FORBIDDEN, "The organization of " + email + " is not active.");
    }
    return user;
  }

  private SignInSettings required() {
    return settings.orElseThrow(
        () ->
            new ProblemException(
                SignInProblem.NOT_CONFIGURED,
                "This platform has no OIDC provider for console sign-in; log in with a password."));
  }

  private static String hash(String state) {
    return HexFormat.of().formatHex(Sha256.digest(state));
  }
}

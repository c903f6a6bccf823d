package io.aviary.tenant.oidc;

import io.aviary.tenant.config.TenantConfig;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The platform's OIDC provider as tenant-api signs console users in through it, checked once at
 * start: a mistake stops the service with a sentence naming the setting, never its value.
 *
 * @param issuer the provider's issuer, compared byte for byte with {@code iss}
 * @param clientId tenant-api's client id at the provider, the ID token's audience
 * @param clientSecret the client secret, or null for a public client (PKCE alone)
 * @param scopes the scopes asked for, {@code openid} and {@code email} among them
 * @param displayName the provider's name on the sign-in button
 * @param redirectUri where the provider sends the browser back (the console's callback page)
 * @param allowedDomains lower-case email domains allowed to sign in; empty: any
 * @param signInTimeout how long a sign-in may take
 * @param maxPending most sign-ins in progress at once
 * @param allowHttp whether the provider may be reached over plain http (dev mode only)
 */
public record SignInSettings(
    String issuer,
    String clientId,
    String clientSecret,
    String scopes,
    String displayName,
    URI redirectUri,
    Set<String> allowedDomains,
    Duration signInTimeout,
    int maxPending,
    boolean allowHttp) {

  private static final String PREFIX = "aviary.console-login.oidc.";

  public SignInSettings {
    allowedDomains = Set.copyOf(allowedDomains);
  }

  /**
   * The settings in {@code config}, or empty when no issuer is set (OIDC sign-in is off).
   *
   * @throws IllegalStateException when they cannot work, or password log-in is off without them
   */
  public static Optional<SignInSettings> from(TenantConfig config) {
    return from(config.consoleLogin(), config.devMode(), config.invitations().consoleUrl());
  }

  /**
   * The settings of {@code login}; {@code devMode} allows a plain http provider, {@code consoleUrl}
   * gives the default redirect URI.
   */
  static Optional<SignInSettings> from(
      TenantConfig.ConsoleLogin login, boolean devMode, String consoleUrl) {
    TenantConfig.Oidc oidc = login.oidc();
    Optional<String> issuer = oidc.issuer().map(String::strip).filter(s -> !s.isEmpty());
    if (issuer.isEmpty()) {
      if (!login.password()) {
        throw new IllegalStateException(
            "aviary.console-login.password=false needs "
                + PREFIX
                + "issuer: console users would have no way to sign in");
      }
      return Optional.empty();
    }
    boolean allowHttp = devMode;
    URI issuerUri = absolute("issuer", issuer.get(), allowHttp);
    String clientId =
        oidc.clientId()
            .map(String::strip)
            .filter(s -> !s.isEmpty())
            .orElseThrow(
                () -> new IllegalStateException(PREFIX + "client-id is required with the issuer"));
    List<String> scopes = List.of(oidc.scopes().strip().split("\\s+"));
    if (!scopes.contains("openid") || !scopes.contains("email")) {
      throw new IllegalStateException(
          PREFIX + "scopes must include openid and email (the ID token must carry the email)");
    }
    URI redirect =
        oidc.redirectUri()
            .orElseGet(() -> URI.create(stripSlash(consoleUrl.strip()) + "/login/callback"));
    absolute("redirect-uri", redirect.toString(), allowHttp || isLoopback(redirect));
    Set<String> domains =
        oidc.allowedEmailDomains().orElse(List.of()).stream()
            .map(d -> d.strip().toLowerCase(Locale.ROOT))
            .filter(d -> !d.isEmpty())
            .collect(Collectors.toSet());
    if (oidc.signInTimeout().isNegative() || oidc.signInTimeout().isZero()) {
      throw new IllegalStateException(PREFIX + "sign-in-timeout must be positive");
    }
    return Optional.of(
        new SignInSettings(
            issuerUri.toString(),
            clientId,
            oidc.clientSecret().filter(s -> !s.isBlank()).orElse(null),
            String.join(" ", scopes),
            oidc.displayName().strip(),
            redirect,
            domains,
            oidc.signInTimeout(),
            oidc.maxPendingSignIns(),
            allowHttp));
  }

  /** Whether {@code email}'s domain may sign in. */
  public boolean allows(String email) {
    if (allowedDomains.isEmpty()) {
      return true;
    }
    int at = email.lastIndexOf('@');
    return at > 0 && allowedDomains.contains(email.substring(at + 1).toLowerCase(Locale.ROOT));
  }

  /** The discovery document's address. */
  public URI discoveryUri() {
    return URI.create(stripSlash(issuer) + "/.well-known/openid-configuration");
  }

  private static URI absolute(String key, String value, boolean allowHttp) {
    URI uri;
    try {
      uri = URI.create(value);
    } catch (IllegalArgumentException e) {
      throw new IllegalStateException(PREFIX + key + " is not a URL", e);
    }
    boolean https = "https".equals(uri.getScheme());
    boolean http = "http".equals(uri.getScheme());
    if (uri.getHost() == null || uri.getUserInfo() != null || !(https || (http && allowHttp))) {
      throw new IllegalStateException(
          PREFIX + key + " must be an https URL with a host" + (allowHttp ? " (or http)" : ""));
    }
    return uri;
  }

  private static boolean isLoopback(URI uri) {
    return "localhost".equals(uri.getHost()) || "127.0.0.1".equals(uri.getHost());
  }

  private static String stripSlash(String url) {
    return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
  }

  /** Leaves the client secret out, so that logging the settings cannot leak it. */
  @Override
  public String toString() {
    return "SignInSettings[issuer="
        + issuer
        + ", clientId="
        + clientId
        + ", clientSecret="
        + (clientSecret == null ? "none" : "(set)")
        + ", redirectUri="
        + redirectUri
        + ", allowedDomains="
        + allowedDomains
        + "]";
  }
}

package io.aviary.identity;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One identity provider an organization trusts: where its keys are, which tokens it accepts and how
 * their claims become identity bindings. Tokens are only ever checked against the keys of the one
 * connection selected for them.
 *
 * @param id the connection id, e.g. {@code idp_3k9x...}
 * @param orgId the organization that owns it
 * @param preset the preset code it was made from ({@code auth0}, {@code supabase}, ..., {@code
 *     generic_oidc}); informs preset-specific token-kind checks
 * @param issuers the exact {@code iss} values accepted (byte-exact, no normalisation)
 * @param audiences accepted {@code aud} values; a token passes if it contains any; empty means the
 *     preset does not bind an audience (then {@code authorizedParties} or required claims must)
 * @param algorithms the JWS {@code alg} allow-list, e.g. {@code RS256}, {@code ES256}; {@code none}
 *     is never accepted whatever this says
 * @param discoveryUrl the OIDC discovery document, or null when {@code jwksUrl} is given directly
 * @param jwksUrl the JWK Set location, or null to take it from discovery
 * @param hmacSecret the shared secret for HS256 connections, or null; never logged
 * @param claimMappings binding name (user_id, email, agent_id, session_id, role, or a custom name)
 *     to claim path; a path is a top-level claim name (which may itself contain '.', '/' or ':'),
 *     or a dotted path into nested objects when no top-level claim has that exact name
 * @param requiredClaims claims that must be present with one of the listed values (for example
 *     Cognito {@code token_use: access}, Keycloak {@code typ: Bearer})
 * @param authorizedParties accepted {@code azp} values; empty means {@code azp} is not checked
 * @param acceptedTypes accepted JOSE header {@code typ} values; a token without {@code typ} passes
 *     only if this contains the empty string
 * @param clockSkew leeway for {@code exp}, {@code nbf} and {@code iat}; null means {@link
 *     #DEFAULT_CLOCK_SKEW}, and the verifier never uses more than {@link #MAX_CLOCK_SKEW}
 * @param enabled whether new connections may use it
 */
// hmacSecret is an array by contract: it is copied in and out and never shared.
@SuppressWarnings("ArrayRecordComponent")
public record IdpConnection(
    String id,
    String orgId,
    String preset,
    List<String> issuers,
    List<String> audiences,
    Set<String> algorithms,
    URI discoveryUrl,
    URI jwksUrl,
    byte[] hmacSecret,
    Map<String, String> claimMappings,
    Map<String, List<String>> requiredClaims,
    List<String> authorizedParties,
    Set<String> acceptedTypes,
    Duration clockSkew,
    boolean enabled) {

  /** Leeway used when a connection does not set one. */
  public static final Duration DEFAULT_CLOCK_SKEW = Duration.ofSeconds(60);

  /** The most leeway a connection may ask for. */
  public static final Duration MAX_CLOCK_SKEW = Duration.ofMinutes(5);

  /** Binding names the broker fills itself; a claim mapping must not target them. */
  public static final Set<String> RESERVED_BINDINGS = Set.of("org_id", "username", "client_id");

  public IdpConnection {
    issuers = List.copyOf(issuers);
    audiences = List.copyOf(audiences);
    algorithms = Set.copyOf(algorithms);
    claimMappings = Map.copyOf(claimMappings);
    requiredClaims = Map.copyOf(requiredClaims);
    authorizedParties = List.copyOf(authorizedParties);
    acceptedTypes = Set.copyOf(acceptedTypes);
    hmacSecret = hmacSecret == null ? null : hmacSecret.clone();
  }

  @Override
  public byte[] hmacSecret() {
    return hmacSecret == null ? null : hmacSecret.clone();
  }

  /** A builder with nothing set but the id and organization; presets are the usual start. */
  public static Builder builder(String id, String orgId) {
    return new Builder(id, orgId);
  }

  /** A builder holding this connection's values, to change a few of them. */
  public Builder toBuilder() {
    Builder builder = new Builder(id, orgId);
    builder.preset = preset;
    builder.issuers.addAll(issuers);
    builder.audiences.addAll(audiences);
    builder.algorithms.addAll(algorithms);
    builder.discoveryUrl = discoveryUrl;
    builder.jwksUrl = jwksUrl;
    builder.hmacSecret = hmacSecret;
    builder.claimMappings.putAll(claimMappings);
    builder.requiredClaims.putAll(requiredClaims);
    builder.authorizedParties.addAll(authorizedParties);
    builder.acceptedTypes.addAll(acceptedTypes);
    builder.clockSkew = clockSkew;
    builder.enabled = enabled;
    return builder;
  }

  /** The leeway the verifier applies: the configured one, defaulted and capped. */
  public Duration effectiveClockSkew() {
    if (clockSkew == null || clockSkew.isNegative()) {
      return DEFAULT_CLOCK_SKEW;
    }
    return clockSkew.compareTo(MAX_CLOCK_SKEW) > 0 ? MAX_CLOCK_SKEW : clockSkew;
  }

  /**
   * Everything wrong with this configuration, as sentences for an API error or the console; empty
   * when it is usable. The verifier refuses tokens a broken connection cannot check rather than
   * throwing, so call this when a connection is saved.
   */
  public List<String> validate() {
    List<String> problems = new ArrayList<>();
    if (id == null || id.isBlank()) {
      problems.add("The connection has no id.");
    }
    if (orgId == null || orgId.isBlank()) {
      problems.add("The connection has no organization.");
    }
    if (issuers.isEmpty() || issuers.stream().anyMatch(String::isBlank)) {
      problems.add("At least one issuer is needed, and no issuer may be blank.");
    }
    if (algorithms.isEmpty()) {
      problems.add("At least one signing algorithm is needed, e.g. RS256.");
    }
    boolean asymmetric = false;
    for (String alg : algorithms) {
      if (JwsAlgorithms.isNone(alg) || !JwsAlgorithms.SUPPORTED.contains(alg)) {
        problems.add(
            "Algorithm '"
                + alg
                + "' is not supported; use one of "
                + sorted(JwsAlgorithms.SUPPORTED)
                + ".");
      } else if (JwsAlgorithms.isHmac(alg)) {
        int needed = JwsAlgorithms.minimumSecretBytes(alg);
        if (hmacSecret == null || hmacSecret.length < needed) {
          problems.add(
              alg
                  + " needs a shared secret of at least "
                  + needed
                  + " bytes ("
                  + needed * 8
                  + " bits).");
        }
      } else {
        asymmetric = true;
      }
    }
    if (asymmetric && discoveryUrl == null && jwksUrl == null) {
      problems.add("Asymmetric algorithms need a discovery URL or a JWKS URL to find the keys.");
    }
    if (clockSkew != null && (clockSkew.isNegative() || clockSkew.compareTo(MAX_CLOCK_SKEW) > 0)) {
      problems.add("Clock skew must be between 0 and " + MAX_CLOCK_SKEW.toSeconds() + " seconds.");
    }
    for (String binding : claimMappings.keySet()) {
      if (RESERVED_BINDINGS.contains(binding)) {
        problems.add(
            "Binding '" + binding + "' is set by the broker and cannot come from a claim.");
      }
    }
    return problems;
  }

  private static List<String> sorted(Set<String> values) {
    return values.stream().sorted().toList();
  }

  @Override
  public String toString() {
    return "IdpConnection["
        + id
        + ", org="
        + orgId
        + ", preset="
        + preset
        + ", issuers="
        + issuers
        + "]";
  }

  /** Builds an {@link IdpConnection}; collections start empty, the connection starts enabled. */
  public static final class Builder {
    private final String id;
    private final String orgId;
    private String preset = Preset.GENERIC_OIDC.code();
    private final List<String> issuers = new ArrayList<>();
    private final List<String> audiences = new ArrayList<>();
    private final Set<String> algorithms = new LinkedHashSet<>();
    private URI discoveryUrl;
    private URI jwksUrl;
    private byte[] hmacSecret;
    private final Map<String, String> claimMappings = new LinkedHashMap<>();
    private final Map<String, List<String>> requiredClaims = new LinkedHashMap<>();
    private final List<String> authorizedParties = new ArrayList<>();
    private final Set<String> acceptedTypes = new LinkedHashSet<>();
    private Duration clockSkew;
    private boolean enabled = true;

    private Builder(String id, String orgId) {
      this.id = id;
      this.orgId = orgId;
    }

    public Builder preset(String code) {
      this.preset = code;
      return this;
    }

    public Builder issuers(String... values) {
      issuers.clear();
      issuers.addAll(List.of(values));
      return this;
    }

    public Builder audiences(String... values) {
      audiences.clear();
      audiences.addAll(List.of(values));
      return this;
    }

    public Builder algorithms(String... values) {
      algorithms.clear();
      algorithms.addAll(List.of(values));
      return this;
    }

    public Builder discoveryUrl(URI value) {
      this.discoveryUrl = value;
      return this;
    }

    public Builder jwksUrl(URI value) {
      this.jwksUrl = value;
      return this;
    }

    public Builder hmacSecret(byte[] value) {
      this.hmacSecret = value == null ? null : value.clone();
      return this;
    }

    /** Maps {@code binding} from the claim at {@code path}; a null path removes the mapping. */
    public Builder claimMapping(String binding, String path) {
      if (path == null) {
        claimMappings.remove(binding);
      } else {
        claimMappings.put(binding, path);
      }
      return this;
    }

    /** Replaces all claim mappings. */
    public Builder claimMappings(Map<String, String> mappings) {
      claimMappings.clear();
      claimMappings.putAll(mappings);
      return this;
    }

    /** Requires {@code claim} to hold one of {@code values}; no values means "must be present". */
    public Builder requiredClaim(String claim, String... values) {
      requiredClaims.put(claim, List.of(values));
      return this;
    }

    public Builder removeRequiredClaim(String claim) {
      requiredClaims.remove(claim);
      return this;
    }

    public Builder authorizedParties(String... values) {
      authorizedParties.clear();
      authorizedParties.addAll(List.of(values));
      return this;
    }

    /** Accepted header {@code typ} values; the empty string admits tokens without {@code typ}. */
    public Builder acceptedTypes(String... values) {
      acceptedTypes.clear();
      acceptedTypes.addAll(List.of(values));
      return this;
    }

    public Builder clockSkew(Duration value) {
      this.clockSkew = value;
      return this;
    }

    public Builder enabled(boolean value) {
      this.enabled = value;
      return this;
    }

    public IdpConnection build() {
      return new IdpConnection(
          id,
          orgId,
          preset,
          issuers,
          audiences,
          algorithms,
          discoveryUrl,
          jwksUrl,
          hmacSecret,
          claimMappings,
          requiredClaims,
          authorizedParties,
          acceptedTypes,
          clockSkew,
          enabled);
    }
  }
}

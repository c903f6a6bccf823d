package io.aviary.tenant.idp;

import io.aviary.identity.IdpConnection;
import java.net.URI;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * A validated IdP connection configuration as stored: what an organization trusts and how claims
 * map to identity bindings. It is {@link IdpConnection} plus a display name, with lists in the
 * order the API shows them; {@link #connection} gives the identity module's value.
 *
 * @param name display name, unique in the organization
 * @param preset the preset code it follows
 * @param issuers exact {@code iss} values accepted
 * @param audiences accepted {@code aud} values (any one suffices); may be empty
 * @param algorithms the JWS algorithm allow-list
 * @param discoveryUrl OIDC discovery document, or null
 * @param jwksUrl JWK Set URL, or null
 * @param hs256Secret shared secret for the HS256/384/512 algorithms, or null; never returned by the
 *     public API
 * @param claimMappings binding name to claim path
 * @param requiredClaims claims that must carry one of the listed values
 * @param authorizedParties accepted {@code azp} values; empty: not checked
 * @param acceptedTypes accepted JOSE {@code typ} values
 * @param clockSkewSeconds leeway for time claims, 0 to 300
 * @param enabled whether new connections may use it
 */
@SuppressWarnings("ArrayRecordComponent") // cloned in and out; equals compares contents
public record IdpSettings(
    String name,
    String preset,
    List<String> issuers,
    List<String> audiences,
    List<String> algorithms,
    String discoveryUrl,
    String jwksUrl,
    byte[] hs256Secret,
    Map<String, String> claimMappings,
    Map<String, List<String>> requiredClaims,
    List<String> authorizedParties,
    List<String> acceptedTypes,
    int clockSkewSeconds,
    boolean enabled) {

  public IdpSettings {
    issuers = List.copyOf(issuers);
    audiences = List.copyOf(audiences);
    algorithms = List.copyOf(algorithms);
    claimMappings = Map.copyOf(claimMappings);
    requiredClaims = Map.copyOf(requiredClaims);
    authorizedParties = List.copyOf(authorizedParties);
    acceptedTypes = List.copyOf(acceptedTypes);
    hs256Secret = hs256Secret == null ? null : hs256Secret.clone();
  }

  /** The connection the identity module verifies tokens with. */
  public IdpConnection connection(String id, String orgId) {
    return new IdpConnection(
        id,
        orgId,
        preset,
        issuers,
        audiences,
        Set.copyOf(algorithms),
        discoveryUrl == null ? null : URI.create(discoveryUrl),
        jwksUrl == null ? null : URI.create(jwksUrl),
        hs256Secret,
        claimMappings,
        requiredClaims,
        authorizedParties,
        Set.copyOf(acceptedTypes),
        Duration.ofSeconds(clockSkewSeconds),
        enabled);
  }

  @Override
  public byte[] hs256Secret() {
    return hs256Secret == null ? null : hs256Secret.clone();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof IdpSettings s
        && name.equals(s.name)
        && preset.equals(s.preset)
        && issuers.equals(s.issuers)
        && audiences.equals(s.audiences)
        && algorithms.equals(s.algorithms)
        && Objects.equals(discoveryUrl, s.discoveryUrl)
        && Objects.equals(jwksUrl, s.jwksUrl)
        && Arrays.equals(hs256Secret, s.hs256Secret)
        && claimMappings.equals(s.claimMappings)
        && requiredClaims.equals(s.requiredClaims)
        && authorizedParties.equals(s.authorizedParties)
        && acceptedTypes.equals(s.acceptedTypes)
        && clockSkewSeconds == s.clockSkewSeconds
        && enabled == s.enabled;
  }

  @Override
  public int hashCode() {
    return Objects.hash(name, preset, issuers, audiences, algorithms);
  }

  @Override
  public String toString() {
    return "IdpSettings[" + name + ", preset=" + preset + ", issuers=" + issuers + "]";
  }
}

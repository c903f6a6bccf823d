package io.aviary.tenant.idp;

import java.util.List;
import java.util.Map;

/**
 * Body of {@code POST /idps} and {@code PUT /idps/{id}}.
 *
 * <p>With {@code inputs}, the preset ({@code io.aviary.identity.Preset}) builds the whole
 * connection from the few values it asks for, and every other field given here overrides what the
 * preset filled in. Without {@code inputs}, the connection is what the fields say, with generic
 * defaults for the missing ones. {@code issuer} and {@code audience} are single-value shorthands
 * for {@code issuers} and {@code audiences}. {@code hs256_secret} is write-only; on update, leaving
 * it out keeps the stored secret.
 */
public record IdpRequest(
    String name,
    String preset,
    Map<String, String> inputs,
    String issuer,
    List<String> issuers,
    String audience,
    List<String> audiences,
    List<String> algorithms,
    String discoveryUrl,
    String jwksUrl,
    String hs256Secret,
    Map<String, String> claimMappings,
    Map<String, List<String>> requiredClaims,
    List<String> authorizedParties,
    List<String> acceptedTypes,
    Integer clockSkewSeconds,
    Boolean enabled) {

  @Override
  public String toString() {
    // inputs may hold a secret (supabase_hs256 jwt_secret); never print them
    return "IdpRequest[" + name + ", preset=" + preset + "]";
  }
}

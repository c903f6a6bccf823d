package io.aviary.identity;

import java.net.URI;
import java.util.List;

/**
 * What {@link ConnectionProbe} found at an IdP: for the console's "test connection" button.
 *
 * @param ok true when nothing in {@code problems}: tokens from this IdP can be verified
 * @param issuer the {@code issuer} the discovery document declares, or null without discovery
 * @param jwksUri where the keys were read, or null when none were (HS256 connections)
 * @param keys every JWK in the set, usable or not, with the reason when not
 * @param supportedAlgorithms the discovery document's {@code id_token_signing_alg_values_supported}
 * @param problems sentences describing what is wrong, empty when {@code ok}
 */
public record ProbeReport(
    boolean ok,
    String issuer,
    URI jwksUri,
    List<Key> keys,
    List<String> supportedAlgorithms,
    List<String> problems) {

  public ProbeReport {
    keys = List.copyOf(keys);
    supportedAlgorithms = List.copyOf(supportedAlgorithms);
    problems = List.copyOf(problems);
  }

  /**
   * One entry of the JWK Set.
   *
   * @param kid the key id, or null
   * @param kty the key type, or null when missing
   * @param alg the declared algorithm, or null
   * @param usable whether the verifier will use it
   * @param note why it is not usable, or a remark; null when there is nothing to say
   */
  public record Key(String kid, String kty, String alg, boolean usable, String note) {}
}

package io.aviary.identity;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.jose4j.json.JsonUtil;
import org.jose4j.lang.JoseException;

/**
 * The parts of an OIDC discovery document the verifier uses.
 *
 * @param issuer the declared issuer
 * @param jwksUri the key set location
 * @param signingAlgorithms {@code id_token_signing_alg_values_supported}, possibly empty
 */
record OidcMetadata(String issuer, URI jwksUri, List<String> signingAlgorithms) {

  /**
   * Parses a discovery document.
   *
   * @throws IllegalArgumentException with a sentence if it is not usable
   */
  static OidcMetadata parse(byte[] body) {
    Map<String, Object> document;
    try {
      document = JsonUtil.parseJson(new String(body, StandardCharsets.UTF_8));
    } catch (JoseException | RuntimeException e) {
      document = null;
    }
    if (document == null) {
      throw new IllegalArgumentException("the discovery document is not a JSON object");
    }
    if (!(document.get("issuer") instanceof String issuer) || issuer.isEmpty()) {
      throw new IllegalArgumentException("the discovery document has no issuer");
    }
    if (!(document.get("jwks_uri") instanceof String jwks) || jwks.isEmpty()) {
      throw new IllegalArgumentException("the discovery document has no jwks_uri");
    }
    URI jwksUri;
    try {
      jwksUri = URI.create(jwks);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("the discovery document's jwks_uri is not a URI", e);
    }
    List<String> algorithms =
        document.get("id_token_signing_alg_values_supported") instanceof List<?> values
            ? values.stream().filter(String.class::isInstance).map(String.class::cast).toList()
            : List.of();
    return new OidcMetadata(issuer, jwksUri, algorithms);
  }
}

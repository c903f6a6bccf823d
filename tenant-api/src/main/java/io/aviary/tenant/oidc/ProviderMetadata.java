package io.aviary.tenant.oidc;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.aviary.identity.JwsAlgorithms;
import java.io.IOException;
import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * What tenant-api needs from the provider's discovery document (OpenID Connect Discovery 1.0).
 *
 * @param authorizationEndpoint where the browser signs in
 * @param tokenEndpoint where the code is exchanged
 * @param basicAuth whether the client secret goes in the Authorization header ({@code
 *     client_secret_basic}, the default) rather than the form ({@code client_secret_post})
 * @param idTokenAlgorithms the asymmetric signature algorithms the provider may sign ID tokens with
 */
record ProviderMetadata(
    URI authorizationEndpoint,
    URI tokenEndpoint,
    boolean basicAuth,
    Set<String> idTokenAlgorithms) {

  private static final ObjectMapper JSON = new ObjectMapper();

  /**
   * Reads a discovery document.
   *
   * @throws IllegalArgumentException with a sentence when it is not usable: another issuer, a
   *     missing or non-https endpoint, no PKCE S256, no asymmetric ID token signature
   */
  static ProviderMetadata parse(byte[] body, SignInSettings settings) {
    JsonNode doc;
    try {
      doc = JSON.readTree(body);
    } catch (IOException e) {
      doc = null;
    }
    if (doc == null || !doc.isObject()) {
      throw new IllegalArgumentException("the discovery document is not a JSON object");
    }
    if (!settings.issuer().equals(doc.path("issuer").asText(null))) {
      throw new IllegalArgumentException(
          "the discovery document names another issuer than " + settings.issuer());
    }
    URI authorization = endpoint(doc, "authorization_endpoint", settings);
    URI token = endpoint(doc, "token_endpoint", settings);
    List<String> pkce = strings(doc, "code_challenge_methods_supported");
    if (!pkce.isEmpty() && !pkce.contains("S256")) {
      throw new IllegalArgumentException("the provider does not support PKCE with S256");
    }
    List<String> authMethods = strings(doc, "token_endpoint_auth_methods_supported");
    boolean basic =
        authMethods.isEmpty()
            || authMethods.contains("client_secret_basic")
            || !authMethods.contains("client_secret_post");
    Set<String> algorithms = new LinkedHashSet<>();
    for (String alg : strings(doc, "id_token_signing_alg_values_supported")) {
      if (JwsAlgorithms.SUPPORTED.contains(alg) && !JwsAlgorithms.isHmac(alg)) {
        algorithms.add(alg);
      }
    }
    if (algorithms.isEmpty()) {
      algorithms.add("RS256"); // the one every OpenID provider must support
    }
    return new ProviderMetadata(authorization, token, basic, Set.copyOf(algorithms));
  }

  private static URI endpoint(JsonNode doc, String name, SignInSettings settings) {
    String value = doc.path(name).asText("");
    URI uri;
    try {
      uri = URI.create(value);
    } catch (IllegalArgumentException e) {
      uri = null;
    }
    if (uri == null
        || uri.getHost() == null
        || !("https".equals(uri.getScheme())
            || (settings.allowHttp() && "http".equals(uri.getScheme())))) {
      throw new IllegalArgumentException(
          "the discovery document's " + name + " is not an https URL");
    }
    return uri;
  }

  private static List<String> strings(JsonNode doc, String name) {
    List<String> values = new ArrayList<>();
    doc.path(name).forEach(v -> values.add(v.asText()));
    return values;
  }
}

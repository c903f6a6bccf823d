package io.aviary.identity;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import org.jose4j.json.JsonUtil;
import org.jose4j.lang.JoseException;

/**
 * A compact JWS split and decoded but not yet trusted: its header and claims come from whoever sent
 * it until the signature is checked (VR-01, VR-02).
 *
 * @param serialized the token as received; never log it
 * @param header the JOSE header
 * @param claims the payload claims
 * @param signatureDot the index of the dot before the signature segment
 */
record CompactToken(
    String serialized, Map<String, Object> header, Map<String, Object> claims, int signatureDot) {

  /**
   * Splits and decodes {@code token}, refusing anything but three base64url segments within {@code
   * maxBytes}; the size is checked before anything else is looked at.
   */
  static CompactToken parse(String token, int maxBytes) throws TokenFormatException {
    if (token == null || token.isEmpty()) {
      throw new TokenFormatException("no token was given");
    }
    if (token.length() > maxBytes) {
      throw new TokenFormatException(
          "the token is " + token.length() + " characters, over the " + maxBytes + " limit");
    }
    char first = token.charAt(0);
    if (first == '{' || first == '[') {
      throw new TokenFormatException(
          "JSON-serialised JWS is not accepted; send the compact form (three dot-separated parts)");
    }
    int dots = 0;
    for (int i = 0; i < token.length(); i++) {
      char c = token.charAt(i);
      if (c == '.') {
        dots++;
      } else if (!isBase64UrlChar(c)) {
        throw new TokenFormatException(
            "the token holds a character outside base64url and '.' at position " + i);
      }
    }
    if (dots != 2) {
      throw new TokenFormatException(
          "a JWT has three dot-separated parts; this has "
              + (dots + 1)
              + (dots == 4 ? " (an encrypted JWE, which is not accepted)" : ""));
    }
    int firstDot = token.indexOf('.');
    int secondDot = token.indexOf('.', firstDot + 1);
    Map<String, Object> header = decodeObject(token.substring(0, firstDot), "header");
    Map<String, Object> claims = decodeObject(token.substring(firstDot + 1, secondDot), "payload");
    return new CompactToken(token, header, claims, secondDot);
  }

  /** Whether the signature segment is empty (an unsecured JWS). */
  boolean signatureEmpty() {
    return signatureDot == serialized.length() - 1;
  }

  /** The bytes the signature covers: the encoded header and payload with the dot between. */
  byte[] signingInput() {
    return serialized.substring(0, signatureDot).getBytes(StandardCharsets.US_ASCII);
  }

  /**
   * The decoded signature.
   *
   * @throws IllegalArgumentException if it is not valid base64url
   */
  byte[] signature() {
    return Base64.getUrlDecoder().decode(serialized.substring(signatureDot + 1));
  }

  /** A header value if it is a string, else null. */
  String headerString(String name) {
    return header.get(name) instanceof String value ? value : null;
  }

  /** The unverified {@code iss}, or null when it is missing or not a string. */
  String issuer() {
    return claims.get("iss") instanceof String value ? value : null;
  }

  @Override
  public String toString() {
    return "CompactToken[alg=" + header.get("alg") + ", kid=" + header.get("kid") + "]";
  }

  private static Map<String, Object> decodeObject(String segment, String part)
      throws TokenFormatException {
    if (segment.isEmpty()) {
      throw new TokenFormatException("the " + part + " is empty");
    }
    byte[] bytes;
    try {
      bytes = Base64.getUrlDecoder().decode(segment);
    } catch (IllegalArgumentException e) {
      throw new TokenFormatException("the " + part + " is not valid base64url");
    }
    String json = new String(bytes, StandardCharsets.UTF_8);
    Map<String, Object> object;
    try {
      object = JsonUtil.parseJson(json);
    } catch (JoseException | RuntimeException e) {
      object = null;
    }
    if (object == null) {
      throw new TokenFormatException("the " + part + " is not a JSON object");
    }
    return object;
  }

  private static boolean isBase64UrlChar(char c) {
    return (c >= 'A' && c <= 'Z')
        || (c >= 'a' && c <= 'z')
        || (c >= '0' && c <= '9')
        || c == '-'
        || c == '_';
  }
}

package io.aviary.identity;

import io.aviary.broker.auth.AuthFailure;
import io.aviary.identity.Verification.Refused;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The claim checks of RFC 7519 and the IdP profiles (VR-10..VR-17, VR-08, VR-09), run only after
 * the signature is good. Each returns null when the claims pass, else the refusal.
 */
final class ClaimRules {
  /** Longest {@code sub} accepted. */
  static final int MAX_SUBJECT_CHARS = 256;

  /** Past this the value cannot be a real date; it also keeps {@link Instant} arithmetic safe. */
  private static final double MAX_NUMERIC_DATE = 253402300799d; // 9999-12-31T23:59:59Z

  private ClaimRules() {}

  /** Header {@code typ} policy (VR-08); an empty accepted set means no policy. */
  static Refused type(CompactToken token, IdpConnection connection) {
    if (connection.acceptedTypes().isEmpty()) {
      return null;
    }
    Object typ = token.header().get("typ");
    if (typ != null && !(typ instanceof String)) {
      return new Refused(AuthFailure.MALFORMED, "the typ header is not a string");
    }
    String normalized = typ == null ? "" : normalizeType((String) typ);
    for (String accepted : connection.acceptedTypes()) {
      if (normalizeType(accepted).equals(normalized)) {
        return null;
      }
    }
    return new Refused(
        AuthFailure.WRONG_AUDIENCE,
        typ == null
            ? "the token has no typ header and this connection requires one of "
                + connection.acceptedTypes()
            : "typ " + Details.quote(typ) + " is not a token type this connection accepts");
  }

  /** Time, subject, audience, party, token-kind and required-claim checks, in that order. */
  static Refused check(Map<String, Object> claims, IdpConnection connection, Instant now) {
    Duration skew = connection.effectiveClockSkew();
    double nowSeconds = now.getEpochSecond() + now.getNano() / 1e9;
    double skewSeconds = skew.toMillis() / 1000d;

    Object exp = claims.get("exp");
    if (exp == null) {
      return new Refused(AuthFailure.MALFORMED, "the token has no exp claim");
    }
    if (!isNumericDate(exp)) {
      return new Refused(AuthFailure.MALFORMED, "exp is not a JSON number");
    }
    if (nowSeconds >= ((Number) exp).doubleValue() + skewSeconds) {
      return new Refused(AuthFailure.EXPIRED, "the token expired at " + instant(exp));
    }
    Refused early = notBefore(claims, "nbf", nowSeconds + skewSeconds);
    if (early == null) {
      early = notBefore(claims, "iat", nowSeconds + skewSeconds);
    }
    if (early != null) {
      return early;
    }
    Refused subject = subject(claims, MAX_SUBJECT_CHARS);
    if (subject != null) {
      return subject;
    }
    Refused audience = audience(claims.get("aud"), connection.audiences());
    if (audience != null) {
      return audience;
    }
    if (!connection.authorizedParties().isEmpty()) {
      Object azp = claims.get("azp");
      if (!(azp instanceof String party) || !connection.authorizedParties().contains(party)) {
        return new Refused(
            AuthFailure.WRONG_AUDIENCE,
            azp == null
                ? "the token has no azp and this connection only accepts "
                    + connection.authorizedParties()
                : "azp " + Details.quote(azp) + " is not an authorized party");
      }
    }
    Refused kind = TokenKindRules.check(claims, connection, nowSeconds + skewSeconds);
    if (kind != null) {
      return kind;
    }
    for (Map.Entry<String, List<String>> required : connection.requiredClaims().entrySet()) {
      Refused refused = required(claims, required.getKey(), required.getValue());
      if (refused != null) {
        return refused;
      }
    }
    return null;
  }

  /** {@code exp} as an instant; only call after {@link #check} accepted it. */
  static Instant expiry(Map<String, Object> claims) {
    return instant(claims.get("exp"));
  }

  static Refused subject(Map<String, Object> claims, int maxChars) {
    Object sub = claims.get("sub");
    if (!(sub instanceof String subject) || subject.isEmpty()) {
      return new Refused(AuthFailure.MALFORMED, "the token has no sub string");
    }
    if (subject.length() > maxChars) {
      return new Refused(AuthFailure.MALFORMED, "sub is longer than " + maxChars + " characters");
    }
    return null;
  }

  static boolean isNumericDate(Object value) {
    if (!(value instanceof Number number)) {
      return false;
    }
    double seconds = number.doubleValue();
    return !Double.isNaN(seconds) && seconds >= 0 && seconds <= MAX_NUMERIC_DATE;
  }

  private static Refused notBefore(Map<String, Object> claims, String name, double latestOk) {
    Object value = claims.get(name);
    if (value == null) {
      return null;
    }
    if (!isNumericDate(value)) {
      return new Refused(AuthFailure.MALFORMED, name + " is not a JSON number");
    }
    if (((Number) value).doubleValue() > latestOk) {
      return new Refused(
          AuthFailure.NOT_YET_VALID,
          (name.equals("nbf") ? "the token is not valid before " : "the token was issued at ")
              + instant(value)
              + (name.equals("iat") ? ", in the future" : ""));
    }
    return null;
  }

  private static Refused audience(Object aud, List<String> accepted) {
    if (aud == null) {
      return accepted.isEmpty()
          ? null
          : new Refused(
              AuthFailure.WRONG_AUDIENCE, "the token has no aud; expected one of " + accepted);
    }
    List<?> values;
    if (aud instanceof String single) {
      values = single.isEmpty() ? List.of() : List.of(single);
    } else if (aud instanceof List<?> list) {
      values = list;
    } else {
      return new Refused(AuthFailure.MALFORMED, "aud is neither a string nor an array");
    }
    if (values.stream().anyMatch(v -> !(v instanceof String))) {
      return new Refused(AuthFailure.MALFORMED, "aud holds something other than strings");
    }
    if (values.isEmpty() || values.contains("")) {
      return new Refused(AuthFailure.WRONG_AUDIENCE, "aud is empty");
    }
    if (accepted.isEmpty() || values.stream().anyMatch(accepted::contains)) {
      return null;
    }
    return new Refused(
        AuthFailure.WRONG_AUDIENCE,
        "aud " + Details.quote(values) + " does not include any of " + accepted);
  }

  private static Refused required(Map<String, Object> claims, String name, List<String> values) {
    List<String> actual = ClaimPath.values(claims, name);
    if (actual.isEmpty()) {
      return new Refused(
          AuthFailure.WRONG_AUDIENCE, "the token lacks the required claim " + Details.quote(name));
    }
    if (values.isEmpty() || actual.stream().anyMatch(values::contains)) {
      return null;
    }
    return new Refused(
        AuthFailure.WRONG_AUDIENCE,
        "claim "
            + Details.quote(name)
            + " is "
            + Details.quote(actual.size() == 1 ? actual.get(0) : actual)
            + ", expected one of "
            + values);
  }

  private static Instant instant(Object numericDate) {
    return Instant.ofEpochSecond((long) ((Number) numericDate).doubleValue());
  }

  private static String normalizeType(String typ) {
    String lower = typ.strip().toLowerCase(Locale.ROOT);
    return lower.startsWith("application/") ? lower.substring("application/".length()) : lower;
  }
}

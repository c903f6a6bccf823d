package io.aviary.identity;

import io.aviary.broker.auth.AuthFailure;
import io.aviary.identity.Verification.Refused;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Preset-specific rules that tell a user's token from the provider's other token kinds (VR-09, RFC
 * 8725 §3.12). They hold whatever the connection's editable fields say, because they encode what
 * the provider's tokens mean rather than a preference.
 */
final class TokenKindRules {
  private static final int FIREBASE_MAX_SUBJECT = 128;
  private static final Pattern ENTRA_V2_ISSUER =
      Pattern.compile("https://login\\.microsoftonline\\.com/([0-9a-fA-F-]{36})/v2\\.0");
  private static final Pattern ENTRA_V1_ISSUER =
      Pattern.compile("https://sts\\.windows\\.net/([0-9a-fA-F-]{36})/");

  private TokenKindRules() {}

  static Refused check(Map<String, Object> claims, IdpConnection connection, double latestOk) {
    return switch (connection.preset()) {
      case "supabase", "supabase_hs256" -> supabase(claims);
      case "firebase" -> firebase(claims, latestOk);
      case "clerk" ->
          "pending".equals(claims.get("sts"))
              ? kind("the Clerk session is pending (no organization chosen yet)")
              : null;
      case "cognito" -> cognito(claims, "access");
      case "cognito_id" -> cognito(claims, "id");
      case "keycloak" -> keycloak(claims);
      case "entra_v1" -> entra(claims, ENTRA_V1_ISSUER);
      case "entra_v2" -> entra(claims, ENTRA_V2_ISSUER);
      default -> null;
    };
  }

  private static Refused supabase(Map<String, Object> claims) {
    Object role = claims.get("role");
    if ("anon".equals(role) || "service_role".equals(role)) {
      return kind("a Supabase " + role + " API key is not a user's token");
    }
    if ("supabase".equals(claims.get("iss"))) {
      return new Refused(AuthFailure.UNKNOWN_ISSUER, "a Supabase API key is not a user's token");
    }
    return null;
  }

  private static Refused firebase(Map<String, Object> claims, double latestOk) {
    Refused subject = ClaimRules.subject(claims, FIREBASE_MAX_SUBJECT);
    if (subject != null) {
      return subject;
    }
    Object authTime = claims.get("auth_time");
    if (!ClaimRules.isNumericDate(authTime)) {
      return new Refused(AuthFailure.MALFORMED, "a Firebase ID token needs a numeric auth_time");
    }
    if (((Number) authTime).doubleValue() > latestOk) {
      return new Refused(AuthFailure.NOT_YET_VALID, "auth_time is in the future");
    }
    return null;
  }

  private static Refused cognito(Map<String, Object> claims, String expected) {
    Object tokenUse = claims.get("token_use");
    if (!expected.equals(tokenUse)) {
      return kind(
          "token_use is "
              + Details.quote(tokenUse)
              + " but this connection accepts Cognito "
              + expected
              + " tokens");
    }
    return null;
  }

  private static Refused keycloak(Map<String, Object> claims) {
    Object typ = claims.get("typ");
    if (typ != null && !"Bearer".equals(typ)) {
      return kind("a Keycloak " + Details.quote(typ) + " token is not an access token");
    }
    return null;
  }

  private static Refused entra(Map<String, Object> claims, Pattern issuerPattern) {
    Object iss = claims.get("iss");
    Matcher matcher = issuerPattern.matcher(iss instanceof String s ? s : "");
    if (!matcher.matches()) {
      return null; // a custom issuer configured by hand: nothing to cross-check
    }
    Object tid = claims.get("tid");
    if (!(tid instanceof String tenant) || !tenant.equalsIgnoreCase(matcher.group(1))) {
      return new Refused(
          AuthFailure.UNKNOWN_ISSUER,
          "the tid claim " + Details.quote(tid) + " does not match the issuer's tenant");
    }
    return null;
  }

  private static Refused kind(String detail) {
    return new Refused(AuthFailure.WRONG_AUDIENCE, detail);
  }
}

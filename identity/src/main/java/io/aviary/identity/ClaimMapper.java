package io.aviary.identity;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Turns verified claims into identity bindings with a connection's claim mappings (VR-19..VR-21).
 *
 * <ul>
 *   <li>A binding whose claim is missing, an object, or has no usable value is absent, so rules
 *       using it do not match.
 *   <li>{@code user_id} is {@code sub} unless the connection maps it elsewhere.
 *   <li>Never from Supabase {@code user_metadata} (the end user can write it).
 *   <li>An {@code email} claim is dropped when {@code email_verified} is false, and for Entra ID
 *       unless {@code xms_edov} is true (an admin-set, unverified attribute otherwise).
 * </ul>
 */
public final class ClaimMapper {
  private static final Set<String> SUPABASE = Set.of("supabase", "supabase_hs256");
  private static final Set<String> ENTRA = Set.of("entra_v1", "entra_v2");

  private ClaimMapper() {}

  /** The bindings {@code claims} give under {@code connection}'s mappings. */
  public static Map<String, List<String>> bindings(
      Map<String, Object> claims, IdpConnection connection) {
    Map<String, List<String>> bindings = new LinkedHashMap<>();
    boolean emailTrusted = emailTrusted(claims, connection.preset());
    for (Map.Entry<String, String> mapping : connection.claimMappings().entrySet()) {
      String binding = mapping.getKey();
      String path = mapping.getValue();
      if (path == null || path.isBlank() || IdpConnection.RESERVED_BINDINGS.contains(binding)) {
        continue;
      }
      if (SUPABASE.contains(connection.preset()) && path.startsWith("user_metadata")) {
        continue;
      }
      if (!emailTrusted && (path.equals("email") || binding.equals("email"))) {
        continue;
      }
      List<String> values = ClaimPath.values(claims, path);
      if (!values.isEmpty()) {
        bindings.put(binding, List.copyOf(values));
      }
    }
    if (!connection.claimMappings().containsKey("user_id")
        && claims.get("sub") instanceof String sub
        && !sub.isEmpty()) {
      bindings.put("user_id", List.of(sub));
    }
    return bindings;
  }

  private static boolean emailTrusted(Map<String, Object> claims, String preset) {
    if (isFalse(claims.get("email_verified"))) {
      return false;
    }
    return !ENTRA.contains(preset) || isTrue(claims.get("xms_edov"));
  }

  private static boolean isFalse(Object value) {
    return Boolean.FALSE.equals(value) || "false".equals(value);
  }

  private static boolean isTrue(Object value) {
    return Boolean.TRUE.equals(value)
        || "true".equals(value)
        || "1".equals(value)
        || Long.valueOf(1).equals(value);
  }
}

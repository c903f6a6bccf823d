package io.aviary.identity;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Claim paths and value rules for bindings (VR-19..VR-21). */
class ClaimMapperTest {
  private static IdpConnection mapping(String preset, Map<String, String> mappings) {
    return IdpConnection.builder("idp", "org")
        .preset(preset)
        .issuers("https://idp")
        .algorithms("RS256")
        .claimMappings(mappings)
        .build();
  }

  private static Map<String, Object> claims(Object... pairs) {
    Map<String, Object> claims = new LinkedHashMap<>();
    claims.put("sub", "user-1");
    for (int i = 0; i < pairs.length; i += 2) {
      claims.put((String) pairs[i], pairs[i + 1]);
    }
    return claims;
  }

  @Test // VR-20
  void topLevelNamesWithDotsSlashesAndColonsAndNestedPaths() {
    Map<String, Object> claims =
        claims(
            "https://acme.com/roles", List.of("admin", "ops"),
            "cognito:groups", List.of("devices"),
            "custom:tier", "gold",
            "realm_access", Map.of("roles", List.of("r1")),
            "o", Map.of("rol", "org:admin"),
            "app_metadata", Map.of("role", "operator"),
            "https://acme.com/app", Map.of("agent", "a-1"),
            "a.b", "top-level wins",
            "a", Map.of("b", "nested"));
    Map<String, String> mappings = new LinkedHashMap<>();
    mappings.put("ns_roles", "https://acme.com/roles");
    mappings.put("groups", "cognito:groups");
    mappings.put("tier", "custom:tier");
    mappings.put("realm", "realm_access.roles");
    mappings.put("clerk", "o.rol");
    mappings.put("supabase", "app_metadata.role");
    mappings.put("agent_id", "https://acme.com/app.agent");
    mappings.put("ab", "a.b");
    mappings.put("missing", "nope.nothing");
    Map<String, List<String>> bindings =
        ClaimMapper.bindings(claims, mapping("generic_oidc", mappings));
    assertThat(bindings)
        .containsEntry("ns_roles", List.of("admin", "ops"))
        .containsEntry("groups", List.of("devices"))
        .containsEntry("tier", List.of("gold"))
        .containsEntry("realm", List.of("r1"))
        .containsEntry("clerk", List.of("org:admin"))
        .containsEntry("supabase", List.of("operator"))
        .containsEntry("agent_id", List.of("a-1"))
        .containsEntry("ab", List.of("top-level wins"))
        .containsEntry("user_id", List.of("user-1"))
        .doesNotContainKey("missing");
  }

  @Test // VR-21
  void arraysAreCappedScalarsStringifiedObjectsAndOverlongValuesDropped() {
    List<Object> many = new ArrayList<>();
    for (int i = 0; i < 100; i++) {
      many.add("g" + i);
    }
    Map<String, Object> claims =
        claims(
            "many",
            many,
            "num",
            42L,
            "big",
            new BigInteger("123456789012345678901234567890"),
            "dec",
            1.5d,
            "whole",
            3.0d,
            "flag",
            true,
            "obj",
            Map.of("x", 1),
            "mixed",
            List.of("a", 7L, Map.of("nested", "no"), List.of("no"), false),
            "long",
            "x".repeat(257),
            "empty",
            "",
            "nul",
            null);
    Map<String, String> mappings = new LinkedHashMap<>();
    for (String name :
        List.of(
            "many", "num", "big", "dec", "whole", "flag", "obj", "mixed", "long", "empty", "nul")) {
      mappings.put(name, name);
    }
    Map<String, List<String>> bindings =
        ClaimMapper.bindings(claims, mapping("generic_oidc", mappings));
    assertThat(bindings.get("many")).hasSize(ClaimPath.MAX_VALUES).startsWith("g0", "g1");
    assertThat(bindings)
        .containsEntry("num", List.of("42"))
        .containsEntry("big", List.of("123456789012345678901234567890"))
        .containsEntry("dec", List.of("1.5"))
        .containsEntry("whole", List.of("3"))
        .containsEntry("flag", List.of("true"))
        .containsEntry("mixed", List.of("a", "7", "false"))
        .doesNotContainKeys("obj", "long", "empty", "nul");
  }

  @Test
  void userIdDefaultsToSubOnlyWithoutAMapping() {
    assertThat(ClaimMapper.bindings(claims(), mapping("generic_oidc", Map.of())))
        .containsEntry("user_id", List.of("user-1"));
    assertThat(
            ClaimMapper.bindings(claims("uid", "00u1"), mapping("okta", Map.of("user_id", "uid"))))
        .containsEntry("user_id", List.of("00u1"));
    assertThat(ClaimMapper.bindings(claims(), mapping("okta", Map.of("user_id", "uid"))))
        .as("a mapped user id that is missing is absent, never silently the sub")
        .doesNotContainKey("user_id");
  }

  @Test // VR-19
  void userEditableAndUnverifiedClaimsNeverBecomeBindings() {
    Map<String, Object> supabase =
        claims("user_metadata", Map.of("role", "admin"), "app_metadata", Map.of("role", "viewer"));
    assertThat(
            ClaimMapper.bindings(
                supabase, mapping("supabase", Map.of("role", "user_metadata.role"))))
        .doesNotContainKey("role");
    assertThat(
            ClaimMapper.bindings(
                supabase, mapping("supabase_hs256", Map.of("role", "user_metadata.role"))))
        .doesNotContainKey("role");
    assertThat(
            ClaimMapper.bindings(
                supabase, mapping("generic_oidc", Map.of("role", "user_metadata.role"))))
        .containsEntry("role", List.of("admin"));

    Map<String, String> email = Map.of("email", "email");
    assertThat(ClaimMapper.bindings(claims("email", "a@x.com"), mapping("entra_v2", email)))
        .doesNotContainKey("email");
    assertThat(
            ClaimMapper.bindings(
                claims("email", "a@x.com", "xms_edov", false), mapping("entra_v1", email)))
        .doesNotContainKey("email");
    assertThat(
            ClaimMapper.bindings(
                claims("email", "a@x.com", "xms_edov", true), mapping("entra_v2", email)))
        .containsEntry("email", List.of("a@x.com"));
    assertThat(
            ClaimMapper.bindings(
                claims("email", "a@x.com", "email_verified", false), mapping("google", email)))
        .doesNotContainKey("email");
    assertThat(
            ClaimMapper.bindings(
                claims("email", "a@x.com", "email_verified", "false"), mapping("keycloak", email)))
        .doesNotContainKey("email");
    assertThat(ClaimMapper.bindings(claims("email", "a@x.com"), mapping("google", email)))
        .containsEntry("email", List.of("a@x.com"));
  }

  @Test
  void reservedBindingsAreNeverTakenFromClaims() {
    Map<String, List<String>> bindings =
        ClaimMapper.bindings(
            claims("org", "org_evil", "cid", "c"),
            mapping("generic_oidc", Map.of("org_id", "org", "client_id", "cid")));
    assertThat(bindings).doesNotContainKeys("org_id", "client_id");
    assertThat(mapping("generic_oidc", Map.of("org_id", "org")).validate())
        .anyMatch(p -> p.contains("org_id"));
  }
}

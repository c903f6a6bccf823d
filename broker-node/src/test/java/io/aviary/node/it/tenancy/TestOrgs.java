package io.aviary.node.it.tenancy;

import io.aviary.acl.PolicyDocument;
import io.aviary.acl.Templates;
import io.aviary.broker.tenant.OrgId;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.jose4j.jws.AlgorithmIdentifiers;
import org.jose4j.jws.JsonWebSignature;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.NumericDate;
import org.jose4j.keys.HmacKey;
import org.jose4j.lang.JoseException;

/** Organizations for broker tests, written as broker-config files into {@link TenancyProfile}. */
public final class TestOrgs {
  private static final SecureRandom RANDOM = new SecureRandom();
  private static final char[] BASE32 = "abcdefghijklmnopqrstuvwxyz234567".toCharArray();

  private TestOrgs() {}

  static OrgId newOrgId() {
    StringBuilder id = new StringBuilder("org_");
    for (int i = 0; i < 12; i++) {
      id.append(BASE32[RANDOM.nextInt(BASE32.length)]);
    }
    return new OrgId(id.toString());
  }

  /** A new organization whose one IdP signs HS256 tokens with a secret of its own. */
  public static HsOrg hs256() {
    return hs256(new JsonObject());
  }

  /** As {@link #hs256()}, with {@code quotas} (max_connections, max_messages_per_second). */
  static HsOrg hs256(JsonObject quotas) {
    OrgId org = newOrgId();
    byte[] secret = new byte[32];
    RANDOM.nextBytes(secret);
    HsOrg o =
        new HsOrg(org, "idp_" + org.value().substring(4), "https://issuer.test/" + org, secret);
    writeDocument(org, document(org, o.idp()).put("quotas", quotas));
    return o;
  }

  /** Writes {@code org}'s broker-config with {@code idps}; replaces an earlier one atomically. */
  static void write(OrgId org, JsonObject... idps) {
    writeDocument(org, document(org, idps));
  }

  /** Rewrites {@code o}'s broker-config with tenant-api's {@code audit} settings. */
  static void writeAudit(HsOrg o, String allowedPublishes, double sampleRate) {
    writeDocument(
        o.org(),
        document(o.org(), o.idp())
            .put(
                "audit",
                new JsonObject()
                    .put("allowed_publishes", allowedPublishes)
                    .put("sample_rate", sampleRate)
                    .put("retention_days", 30)));
  }

  /** Writes {@code org}'s broker-config with a client-certificate CA and revoked serials. */
  static void writeWithCa(OrgId org, String caPem, List<String> revokedSerials) {
    JsonObject doc = document(org);
    doc.put("ca_certificates", new JsonArray().add(caPem));
    doc.put("revoked_serials", new JsonArray(revokedSerials));
    writeDocument(org, doc);
  }

  private static JsonObject document(OrgId org, JsonObject... idps) {
    return new JsonObject()
        .put("org_id", org.value())
        .put("mountpoint", org.mountpoint())
        .put("status", "active")
        .put("version", 1)
        .put("idps", new JsonArray(List.of((Object[]) idps)))
        .put("ca_certificates", new JsonArray())
        .put("revoked_serials", new JsonArray())
        .put("quotas", new JsonObject());
  }

  /** Lets every client of a test organization do anything, unless a test writes a policy. */
  static final String PERMIT_ALL =
      PolicyDocument.write(Templates.get(Templates.PERMIT_ALL_ID).orElseThrow().policy());

  /** Writes {@code org}'s broker-config, and Permit All as its ACL policy if it has none. */
  static void writeDocument(OrgId org, JsonObject doc) {
    if (!Files.exists(policyFile(org))) {
      writePolicy(org, PERMIT_ALL);
    }
    replace(TenancyProfile.ORGS_DIR.resolve(org.value() + ".json"), doc.encodePrettily());
  }

  /** Writes {@code org}'s ACL v2 policy; replaces an earlier one atomically. */
  static void writePolicy(OrgId org, String policy) {
    replace(policyFile(org), policy);
  }

  /** Removes {@code org}'s ACL policy: the organization is then deny-all. */
  static void removePolicy(OrgId org) {
    try {
      Files.deleteIfExists(policyFile(org));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static Path policyFile(OrgId org) {
    return TenancyProfile.ORGS_DIR.resolve(org.value() + ".acl.json");
  }

  private static void replace(Path file, String content) {
    try {
      Path tmp = Files.createTempFile(TenancyProfile.ORGS_DIR, "write", ".tmp");
      Files.writeString(tmp, content, StandardCharsets.UTF_8);
      Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** An organization with one HS256 identity provider. */
  @SuppressWarnings("ArrayRecordComponent") // the secret is only used to sign
  public record HsOrg(OrgId org, String idpId, String issuer, byte[] secret) {
    static final String AUDIENCE = "aviary-test";

    JsonObject idp() {
      return new JsonObject()
          .put("id", idpId)
          .put("preset", "generic_oidc")
          .put("issuers", new JsonArray().add(issuer))
          .put("audiences", new JsonArray().add(AUDIENCE))
          .put("algorithms", new JsonArray().add("HS256"))
          .put("hs256_secret", Base64.getUrlEncoder().withoutPadding().encodeToString(secret))
          .put("claim_mappings", new JsonObject().put("user_id", "sub").put("email", "email"))
          .put("accepted_types", new JsonArray().add("JWT").add(""))
          .put("clock_skew_seconds", 0)
          .put("enabled", true);
    }

    public String username(String name) {
      return name + "@" + org;
    }

    /** A token for {@code subject} valid for {@code ttl}, plus {@code extra} claims. */
    String token(String subject, Duration ttl, Map<String, Object> extra) {
      JwtClaims claims = new JwtClaims();
      claims.setIssuer(issuer);
      claims.setAudience(AUDIENCE);
      claims.setSubject(subject);
      Instant now = Instant.now();
      claims.setIssuedAt(NumericDate.fromSeconds(now.getEpochSecond()));
      claims.setExpirationTime(NumericDate.fromSeconds(now.plus(ttl).getEpochSecond()));
      extra.forEach(claims::setClaim);
      JsonWebSignature jws = new JsonWebSignature();
      jws.setPayload(claims.toJson());
      jws.setAlgorithmHeaderValue(AlgorithmIdentifiers.HMAC_SHA256);
      jws.setHeader("typ", "JWT");
      jws.setKey(new HmacKey(secret));
      try {
        return jws.getCompactSerialization();
      } catch (JoseException e) {
        throw new IllegalStateException(e);
      }
    }

    public String token(String subject) {
      return token(subject, Duration.ofHours(1), Map.of());
    }
  }
}

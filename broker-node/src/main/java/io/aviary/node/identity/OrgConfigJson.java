package io.aviary.node.identity;

import io.aviary.broker.tenant.OrgId;
import io.aviary.identity.CaCertificates;
import io.aviary.identity.ClientCaTrust;
import io.aviary.identity.IdpConnection;
import io.aviary.node.audit.PublishRecording;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.math.BigInteger;
import java.net.URI;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads tenant-api's broker-config document ({@code GET /internal/v1/orgs/{org}/broker-config}),
 * the same format the file directory uses. Unknown fields are ignored so tenant-api can add some.
 */
public final class OrgConfigJson {
  private OrgConfigJson() {}

  /**
   * Parses one organization's document.
   *
   * @throws IllegalArgumentException with the offending field's name when the document is invalid
   */
  public static OrgConfig parse(JsonObject doc) {
    OrgId org =
        OrgId.parse(doc.getString("org_id"))
            .orElseThrow(() -> new IllegalArgumentException("org_id: not an organization id"));
    List<IdpConnection> idps = new ArrayList<>();
    JsonArray idpArray = doc.getJsonArray("idps", new JsonArray());
    for (int i = 0; i < idpArray.size(); i++) {
      try {
        idps.add(idp(org, idpArray.getJsonObject(i)));
      } catch (RuntimeException e) {
        throw new IllegalArgumentException("idps/" + i + ": " + e.getMessage(), e);
      }
    }
    ClientCaTrust trust = trust(org, doc);
    JsonObject q = doc.getJsonObject("quotas", new JsonObject());
    return new OrgConfig(
        org,
        !"suspended".equals(doc.getString("status", "active")),
        doc.getLong("version", 0L),
        idps,
        trust,
        Set.copyOf(strings(doc.getJsonArray("service_accounts"))),
        new OrgConfig.Quotas(
            q.getInteger("max_connections", 0),
            q.getInteger("max_messages_per_second", 0),
            q.getInteger("max_subscriptions", 0)),
        publishRecording(doc.getJsonObject("audit")));
  }

  /** tenant-api's audit settings; the node's default when the document has none. */
  private static PublishRecording publishRecording(JsonObject audit) {
    if (audit == null) {
      return null;
    }
    try {
      return PublishRecording.parse(
          audit.getString("allowed_publishes", "sampled"), audit.getDouble("sample_rate", 0.0));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("audit: " + e.getMessage(), e);
    }
  }

  /**
   * The organization's client-certificate CAs, each parsed once, and its revoked serial numbers,
   * which tenant-api keeps per organization: they apply to every one of its CAs.
   */
  private static ClientCaTrust trust(OrgId org, JsonObject doc) {
    List<X509Certificate> authorities = new ArrayList<>();
    for (String pem : strings(doc.getJsonArray("ca_certificates"))) {
      authorities.addAll(CaCertificates.parse(pem));
    }
    Set<BigInteger> revoked = new HashSet<>();
    for (String serial : strings(doc.getJsonArray("revoked_serials"))) {
      revoked.add(CaCertificates.parseSerial(serial));
    }
    Map<String, Set<BigInteger>> byCa = new HashMap<>();
    for (X509Certificate ca : authorities) {
      byCa.put(CaCertificates.fingerprintSha256(ca), revoked);
    }
    return new ClientCaTrust(org.value(), authorities, byCa);
  }

  private static IdpConnection idp(OrgId org, JsonObject o) {
    String secret = o.getString("hs256_secret");
    Map<String, String> mappings = new LinkedHashMap<>();
    o.getJsonObject("claim_mappings", new JsonObject())
        .forEach(e -> mappings.put(e.getKey(), String.valueOf(e.getValue())));
    Map<String, List<String>> required = new LinkedHashMap<>();
    o.getJsonObject("required_claims", new JsonObject())
        .forEach(
            e ->
                required.put(
                    e.getKey(),
                    e.getValue() instanceof JsonArray a
                        ? strings(a)
                        : List.of(String.valueOf(e.getValue()))));
    return new IdpConnection(
        require(o, "id"),
        org.value(),
        o.getString("preset", "generic_oidc"),
        strings(o.getJsonArray("issuers")),
        strings(o.getJsonArray("audiences")),
        new LinkedHashSet<>(strings(o.getJsonArray("algorithms"))),
        uri(o.getString("discovery_url")),
        uri(o.getString("jwks_url")),
        secret == null ? null : Base64.getUrlDecoder().decode(secret),
        mappings,
        required,
        strings(o.getJsonArray("authorized_parties")),
        Set.copyOf(strings(o.getJsonArray("accepted_types"))),
        Duration.ofSeconds(o.getLong("clock_skew_seconds", 60L)),
        o.getBoolean("enabled", true));
  }

  private static String require(JsonObject o, String field) {
    String value = o.getString(field);
    if (value == null || value.isEmpty()) {
      throw new IllegalArgumentException(field + " is required");
    }
    return value;
  }

  private static URI uri(String value) {
    return value == null || value.isEmpty() ? null : URI.create(value);
  }

  private static List<String> strings(JsonArray array) {
    List<String> out = new ArrayList<>();
    if (array != null) {
      for (int i = 0; i < array.size(); i++) {
        out.add(String.valueOf(array.getValue(i)));
      }
    }
    return out;
  }
}

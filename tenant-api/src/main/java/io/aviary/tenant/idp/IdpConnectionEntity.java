package io.aviary.tenant.idp;

import io.aviary.identity.IdpConnection;
import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

/** A stored IdP connection; list and map fields are jsonb. */
@Entity
@Table(name = "idp_connection")
public class IdpConnectionEntity extends PanacheEntityBase {

  @Id public String id;
  public String orgId;
  public String name;
  public String preset;

  @JdbcTypeCode(SqlTypes.JSON)
  public List<String> issuers;

  @JdbcTypeCode(SqlTypes.JSON)
  public List<String> audiences;

  @JdbcTypeCode(SqlTypes.JSON)
  public List<String> algorithms;

  public String discoveryUrl;
  public String jwksUrl;
  public byte[] hs256Secret;

  @JdbcTypeCode(SqlTypes.JSON)
  public Map<String, String> claimMappings;

  @JdbcTypeCode(SqlTypes.JSON)
  public Map<String, List<String>> requiredClaims;

  @JdbcTypeCode(SqlTypes.JSON)
  public List<String> authorizedParties;

  @JdbcTypeCode(SqlTypes.JSON)
  public List<String> acceptedTypes;

  public int clockSkewSeconds;
  public boolean enabled;
  public Instant createdAt;
  public Instant updatedAt;

  public static List<IdpConnectionEntity> ofOrg(String orgId) {
    return list("orgId = ?1 order by createdAt, id", orgId);
  }

  /** Copies validated settings into this entity. */
  void apply(IdpSettings s) {
    name = s.name();
    preset = s.preset();
    issuers = s.issuers();
    audiences = s.audiences();
    algorithms = s.algorithms();
    discoveryUrl = s.discoveryUrl();
    jwksUrl = s.jwksUrl();
    hs256Secret = s.hs256Secret();
    claimMappings = s.claimMappings();
    requiredClaims = s.requiredClaims();
    authorizedParties = s.authorizedParties();
    acceptedTypes = s.acceptedTypes();
    clockSkewSeconds = s.clockSkewSeconds();
    enabled = s.enabled();
  }

  /** The connection the identity module verifies tokens with. */
  public IdpConnection connection() {
    return settings().connection(id, orgId);
  }

  /** The stored settings. */
  public IdpSettings settings() {
    return new IdpSettings(
        name,
        preset,
        issuers,
        audiences,
        algorithms,
        discoveryUrl,
        jwksUrl,
        hs256Secret,
        claimMappings,
        requiredClaims,
        authorizedParties,
        acceptedTypes,
        clockSkewSeconds,
        enabled);
  }
}

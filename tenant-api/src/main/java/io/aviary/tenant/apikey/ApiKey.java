package io.aviary.tenant.apikey;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.List;

/** A stored API key: its id, role and the SHA-256 of the key text. */
@Entity
@Table(name = "api_key")
public class ApiKey extends PanacheEntityBase {

  @Id public String id;
  public String orgId;
  public String name;
  public String role;
  public byte[] keyHash;
  public String createdBy;
  public Instant createdAt;
  public Instant lastUsedAt;
  public Instant revokedAt;

  public static List<ApiKey> ofOrg(String orgId) {
    return list("orgId = ?1 order by createdAt, id", orgId);
  }
}

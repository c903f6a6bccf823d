package io.aviary.tenant.ca;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;
import java.io.Serializable;
import java.time.Instant;
import java.util.List;

/** A revoked client certificate of an organization, by serial number. */
@Entity
@Table(name = "cert_revocation")
@IdClass(Revocation.Key.class)
public class Revocation extends PanacheEntityBase {

  @Id public String orgId;
  @Id public String serial;
  public String issuer;
  public String reason;
  public Instant revokedAt;

  public static List<Revocation> ofOrg(String orgId) {
    return list("orgId = ?1 order by revokedAt desc, serial", orgId);
  }

  /** The composite key. */
  public record Key(String orgId, String serial) implements Serializable {}
}

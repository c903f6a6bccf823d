package io.aviary.tenant.org;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** An open invitation: who may join an organization with which role, until when. */
@Entity
@Table(name = "invitation")
public class Invitation extends PanacheEntityBase {

  @Id public String id;
  public String orgId;
  public String email;
  public String role;
  public byte[] tokenHash;
  public String createdBy;
  public Instant createdAt;
  public Instant expiresAt;

  public static List<Invitation> ofOrg(String orgId) {
    return list("orgId = ?1 order by createdAt, id", orgId);
  }

  public static Optional<Invitation> byTokenHash(byte[] hash) {
    return find("tokenHash", hash).firstResultOptional();
  }

  public static Optional<Invitation> of(String orgId, String email) {
    return find("orgId = ?1 and email = ?2", orgId, email).firstResultOptional();
  }

  boolean expired(Instant now) {
    return !now.isBefore(expiresAt);
  }
}

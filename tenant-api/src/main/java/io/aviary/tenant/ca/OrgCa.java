package io.aviary.tenant.ca;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** An organization's CA bundle (canonical PEM), trusted for client certificates. */
@Entity
@Table(name = "org_ca")
public class OrgCa extends PanacheEntityBase {

  @Id public String orgId;
  public String pem;
  public Instant updatedAt;
}

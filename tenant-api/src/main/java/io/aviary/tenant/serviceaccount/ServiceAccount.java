package io.aviary.tenant.serviceaccount;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** A non-human MQTT identity of an organization; connects with platform credentials. */
@Entity
@Table(name = "service_account")
public class ServiceAccount extends PanacheEntityBase {

  @Id public String id;
  public String orgId;
  public String name;
  public String description;
  public Instant createdAt;

  public static List<ServiceAccount> ofOrg(String orgId) {
    return list("orgId = ?1 order by createdAt, id", orgId);
  }

  public static Optional<ServiceAccount> byName(String orgId, String name) {
    return find("orgId = ?1 and name = ?2", orgId, name).firstResultOptional();
  }

  /** The MQTT username: {@code <sa_id>@<org_id>}. */
  public String username() {
    return id + "@" + orgId;
  }
}

package io.aviary.tenant.auth;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.List;

/** A stored platform signing key pair (PKCS#8 private key, SubjectPublicKeyInfo public key). */
@Entity
@Table(name = "platform_signing_key")
public class PlatformSigningKey extends PanacheEntityBase {

  @Id public String kid;
  public String algorithm;
  public byte[] privateKey;
  public byte[] publicKey;
  public Instant createdAt;
  public Instant retiredAt;

  /** Keys not retired, newest first. */
  public static List<PlatformSigningKey> active() {
    return list("retiredAt is null order by createdAt desc");
  }
}

package io.aviary.tenant.oidc;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** A sign-in in progress: what the callback must match, until it expires. */
@Entity
@Table(name = "oidc_sign_in")
public class OidcSignIn extends PanacheEntityBase {

  /** Hex SHA-256 of the {@code state} the browser carries. */
  @Id public String stateHash;

  public String nonce;
  public String codeVerifier;

  /** SHA-256 of the token of the invitation this sign-in accepts, or null. */
  public byte[] invitationHash;

  public Instant createdAt;
  public Instant expiresAt;
}

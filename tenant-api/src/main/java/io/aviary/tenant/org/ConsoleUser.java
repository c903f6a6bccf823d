package io.aviary.tenant.org;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** A person who signs in to the console; belongs to exactly one organization. */
@Entity
@Table(name = "console_user")
public class ConsoleUser extends PanacheEntityBase {

  @Id public String id;
  public String orgId;

  /** Lower-cased; unique across the platform. */
  public String email;

  /** Argon2id; null for a member who signs in through the platform's OIDC provider only. */
  public String passwordHash;

  public String role;
  public Instant createdAt;
  public Instant lastLoginAt;

  /** The user with this email (compared case-insensitively). */
  public static Optional<ConsoleUser> byEmail(String email) {
    return find("email", normalize(email)).firstResultOptional();
  }

  public static List<ConsoleUser> ofOrg(String orgId) {
    return list("orgId = ?1 order by createdAt, id", orgId);
  }

  /** The stored form of an email address. */
  public static String normalize(String email) {
    return email.strip().toLowerCase(Locale.ROOT);
  }
}

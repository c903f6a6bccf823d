package io.aviary.tenant.serviceaccount;

import java.time.Instant;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * A service account.
 *
 * @param id {@code sa_...}
 * @param name unique within the organization
 * @param description free text, or null
 * @param username the MQTT username to connect with
 * @param createdAt creation time
 */
public record ServiceAccountView(
    String id,
    String name,
    @Schema(nullable = true) String description,
    String username,
    Instant createdAt) {

  static ServiceAccountView of(ServiceAccount sa) {
    return new ServiceAccountView(sa.id, sa.name, sa.description, sa.username(), sa.createdAt);
  }
}

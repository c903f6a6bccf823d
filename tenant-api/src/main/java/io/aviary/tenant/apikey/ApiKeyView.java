package io.aviary.tenant.apikey;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * An API key as listed. {@code key} is present only in the response that created it.
 *
 * @param id the 8-character id
 * @param prefix {@code avk_<id>}: how to recognise the key
 * @param name what it is for
 * @param role the role its tokens carry
 * @param createdAt creation time
 * @param lastUsedAt last exchange for a token, or null
 * @param revoked whether it was revoked
 * @param revokedAt when, or null
 * @param key the whole key, only when just created
 */
// Every field but `key`, which only the creating answer has.
@Schema(
    requiredProperties = {
      "id",
      "prefix",
      "name",
      "role",
      "created_at",
      "last_used_at",
      "revoked",
      "revoked_at"
    })
public record ApiKeyView(
    String id,
    String prefix,
    String name,
    String role,
    Instant createdAt,
    @Schema(nullable = true) Instant lastUsedAt,
    boolean revoked,
    @Schema(nullable = true) Instant revokedAt,
    @JsonInclude(JsonInclude.Include.NON_NULL) String key) {

  static ApiKeyView of(ApiKey key, String text) {
    return new ApiKeyView(
        key.id,
        ApiKeyToken.PREFIX + key.id,
        key.name,
        key.role,
        key.createdAt,
        key.lastUsedAt,
        key.revokedAt != null,
        key.revokedAt,
        text);
  }
}

package io.aviary.service.auth;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/** A console user's or API key's role in its organization; carried in the token's groups. */
public enum Role {
  /**
   * Changes the organization's configuration: credentials, IdPs, the CA, quotas, members, policies.
   */
  ADMIN,
  /**
   * Reads the organization's configuration (and runs read-only tools such as the ACL simulator).
   */
  MEMBER;

  /** Role names as used in {@code @RolesAllowed}. */
  public static final String ADMIN_NAME = "admin";

  public static final String MEMBER_NAME = "member";

  @JsonValue
  public String code() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** The role with this code, or null when there is none. */
  @JsonCreator
  public static Role fromCode(String code) {
    for (Role role : values()) {
      if (role.code().equals(code)) {
        return role;
      }
    }
    return null;
  }
}

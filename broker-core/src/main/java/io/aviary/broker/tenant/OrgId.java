package io.aviary.broker.tenant;

import java.util.Optional;
import java.util.regex.Pattern;

/**
 * An organization's id, {@code org_} and 12 lowercase base32 characters. Parsed once at the edge;
 * an {@code OrgId} that exists is well formed.
 */
public record OrgId(String value) {
  private static final Pattern SHAPE = Pattern.compile("org_[a-z2-7]{12}");
  private static final String USERNAME_MARK = "@org_";

  public OrgId {
    if (value == null || !SHAPE.matcher(value).matches()) {
      throw new IllegalArgumentException("an organization id is org_ and 12 characters a-z, 2-7");
    }
  }

  /** Parses {@code text}, or empty when it is not an organization id. */
  public static Optional<OrgId> parse(String text) {
    return text != null && SHAPE.matcher(text).matches()
        ? Optional.of(new OrgId(text))
        : Optional.empty();
  }

  /**
   * The organization an MQTT username names: the part after its last {@code @org_}, as in {@code
   * sensor-7@org_k7xm4pqr2n5t}. Empty when there is none or it is not a well-formed id.
   */
  public static Optional<OrgId> fromUsername(String username) {
    if (username == null) {
      return Optional.empty();
    }
    int at = username.lastIndexOf(USERNAME_MARK);
    return at < 0 ? Optional.empty() : parse(username.substring(at + 1));
  }

  /** The organization's mountpoint: every topic of its sessions lives under it. */
  public String mountpoint() {
    return value + "/";
  }

  @Override
  public String toString() {
    return value;
  }
}

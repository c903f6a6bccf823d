package io.aviary.acl.service.policy;

import java.util.ArrayList;
import java.util.List;

/**
 * An {@code If-Match} precondition on the active version, whose entity tag is {@code "<version>"}:
 * a write that names the version it read fails with 412 when someone activated another one since.
 *
 * @param any {@code If-Match: *}, which every version matches
 * @param tags the versions named (weak tags compare like strong ones: versions are immutable)
 */
public record IfMatch(boolean any, List<String> tags) {

  /** The precondition of a header value, or null when the header is absent. */
  public static IfMatch parse(String header) {
    if (header == null || header.isBlank()) {
      return null;
    }
    if (header.strip().equals("*")) {
      return new IfMatch(true, List.of());
    }
    List<String> tags = new ArrayList<>();
    for (String part : header.split(",")) {
      String tag = part.strip();
      if (tag.startsWith("W/")) {
        tag = tag.substring(2);
      }
      if (tag.length() >= 2 && tag.startsWith("\"") && tag.endsWith("\"")) {
        tag = tag.substring(1, tag.length() - 1);
      }
      tags.add(tag);
    }
    return new IfMatch(false, List.copyOf(tags));
  }

  /** The entity tag of a version. */
  public static String etag(int version) {
    return "\"" + version + "\"";
  }

  public boolean matches(int activeVersion) {
    return any || tags.contains(Integer.toString(activeVersion));
  }
}

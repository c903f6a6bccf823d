package io.aviary.identity;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/** Reads and checks the user's preset inputs, failing with a sentence that names the field. */
final class PresetInputs {
  private static final Pattern HOST =
      Pattern.compile(
          "[A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?(\\.[A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?)*(:[0-9]{1,5})?");

  private final Map<String, String> values;

  PresetInputs(Map<String, String> values) {
    this.values = values == null ? Map.of() : values;
  }

  /** The trimmed value, or null when absent or blank. */
  String optional(String name) {
    String value = values.get(name);
    return value == null || value.isBlank() ? null : value.strip();
  }

  String required(String name) {
    String value = optional(name);
    if (value == null) {
      throw new PresetInputException(name, "'" + name + "' is required.");
    }
    return value;
  }

  /** Comma- or whitespace-separated values; empty when absent. */
  List<String> list(String name) {
    String value = optional(name);
    List<String> out = new ArrayList<>();
    if (value != null) {
      for (String part : value.split("[,\\s]+")) {
        if (!part.isEmpty()) {
          out.add(part);
        }
      }
    }
    return out;
  }

  /**
   * A host name (with optional port), accepting and dropping an https:// prefix and a trailing /.
   */
  String host(String name, boolean required) {
    String value = required ? required(name) : optional(name);
    if (value == null) {
      return null;
    }
    String host = value;
    if (host.toLowerCase(Locale.ROOT).startsWith("https://")) {
      host = host.substring("https://".length());
    }
    while (host.endsWith("/")) {
      host = host.substring(0, host.length() - 1);
    }
    if (!HOST.matcher(host).matches()) {
      throw new PresetInputException(
          name,
          "'"
              + name
              + "' must be a host name such as login.example.com, not "
              + quote(value)
              + ".");
    }
    return host.toLowerCase(Locale.ROOT);
  }

  /** An absolute http(s) URL without query or fragment, with trailing slashes removed. */
  String baseUrl(String name) {
    String value = required(name);
    String trimmed = value;
    while (trimmed.endsWith("/")) {
      trimmed = trimmed.substring(0, trimmed.length() - 1);
    }
    try {
      URI uri = new URI(trimmed);
      String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
      if (!(scheme.equals("https") || scheme.equals("http"))
          || uri.getHost() == null
          || uri.getRawQuery() != null
          || uri.getRawFragment() != null) {
        throw new URISyntaxException(value, "not an absolute http(s) URL");
      }
    } catch (URISyntaxException e) {
      throw new PresetInputException(
          name, "'" + name + "' must be an https URL such as https://login.example.com.");
    }
    return trimmed;
  }

  /** A value matching {@code pattern}, described by {@code shape} in the error. */
  String matching(String name, Pattern pattern, String shape, boolean required) {
    String value = required ? required(name) : optional(name);
    if (value != null && !pattern.matcher(value).matches()) {
      throw new PresetInputException(name, "'" + name + "' must be " + shape + ".");
    }
    return value;
  }

  static String quote(String value) {
    return value.length() > 80 ? "'" + value.substring(0, 80) + "...'" : "'" + value + "'";
  }
}

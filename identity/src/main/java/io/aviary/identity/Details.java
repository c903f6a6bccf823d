package io.aviary.identity;

/**
 * Renders untrusted values (claims, header fields) for refusal details: quoted, cut short and
 * stripped of control characters so a hostile token cannot forge or flood log lines.
 */
final class Details {
  private static final int MAX_CHARS = 120;

  private Details() {}

  static String quote(Object value) {
    if (value == null) {
      return "(none)";
    }
    String text = String.valueOf(value);
    StringBuilder out = new StringBuilder(Math.min(text.length(), MAX_CHARS) + 3).append('\'');
    for (int i = 0; i < text.length() && i < MAX_CHARS; i++) {
      char c = text.charAt(i);
      out.append(Character.isISOControl(c) ? '?' : c);
    }
    if (text.length() > MAX_CHARS) {
      out.append("...");
    }
    return out.append('\'').toString();
  }
}

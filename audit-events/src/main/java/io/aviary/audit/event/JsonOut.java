package io.aviary.audit.event;

import java.util.Arrays;
import java.util.UUID;

/**
 * UTF-8 JSON written into a growable byte array, for the audit events' flat shapes: objects, arrays
 * of strings, strings, whole numbers, booleans and null. Not thread-safe.
 *
 * <p>Written by hand because the broker writes one event per audited publish on one shipping
 * thread, and Jackson's generator took about three quarters of that thread's time (see {@code
 * docs/benchmarks.md}); events are read back with Jackson. Strings are escaped as RFC 8259 requires
 * ({@code "}, {@code \}, and the control characters below U+0020, with the short forms where JSON
 * has them); everything else is written as UTF-8, and a lone surrogate, which UTF-8 cannot encode,
 * as U+FFFD, so that every written document is valid UTF-8 (a lone surrogate can only come from a
 * token's claims; MQTT's strings are well-formed UTF-8).
 */
final class JsonOut {
  private static final byte[] HEX =
      "0123456789abcdef".getBytes(java.nio.charset.StandardCharsets.US_ASCII);

  /** The escape of each ASCII character that needs one, after its backslash; 'u' for \\u00XX. */
  private static final byte[] ESCAPES = new byte[128];

  static {
    for (int c = 0; c < 0x20; c++) {
      ESCAPES[c] = 'u';
    }
    ESCAPES['\b'] = 'b';
    ESCAPES['\t'] = 't';
    ESCAPES['\n'] = 'n';
    ESCAPES['\f'] = 'f';
    ESCAPES['\r'] = 'r';
    ESCAPES['"'] = '"';
    ESCAPES['\\'] = '\\';
  }

  /** How many encoded strings are kept, and the longest kept. */
  private static final int KEPT = 256;

  private static final int MAX_KEPT = 64;

  // Null when nothing is kept: a document written once.
  private final String[] kept;
  private final byte[][] encodings;
  private byte[] buf;
  private int len;
  // Whether the next value or name follows one of the same object or array: a comma first.
  private boolean follows;

  /**
   * @param keepStrings whether to keep the encodings of short strings for the next documents (see
   *     {@link #string}): for a writer of many events
   */
  JsonOut(int capacity, boolean keepStrings) {
    this.buf = new byte[Math.max(capacity, 64)];
    this.kept = keepStrings ? new String[KEPT] : null;
    this.encodings = keepStrings ? new byte[KEPT][] : null;
  }

  void startObject() {
    separate(1);
    buf[len++] = '{';
    follows = false;
  }

  void endObject() {
    ensure(1);
    buf[len++] = '}';
    follows = true;
  }

  void startArray() {
    separate(1);
    buf[len++] = '[';
    follows = false;
  }

  void endArray() {
    ensure(1);
    buf[len++] = ']';
    follows = true;
  }

  /** A member's name and its colon; the value follows. */
  void name(String name) {
    string(name);
    ensure(1);
    buf[len++] = ':';
    follows = false;
  }

  /**
   * A string that is likely written again: a member's name, or a value such as an organization, a
   * client id or a code, which are the same {@code String} objects event after event. Its encoded
   * form is kept by the string's identity and copied the next time.
   */
  void string(String s) {
    if (kept == null || s.length() > MAX_KEPT) {
      freshString(s);
      return;
    }
    // Two places a string may be kept in, so that two strings sharing one do not take turns.
    int slot = System.identityHashCode(s) & (KEPT - 1);
    if (kept[slot] != s && kept[slot ^ 1] == s) {
      slot ^= 1;
    }
    byte[] encoded = encodings[slot];
    if (kept[slot] != s) {
      if (kept[slot] != null && kept[slot ^ 1] == null) {
        slot ^= 1;
      }
      int start = len;
      boolean before = follows;
      follows = false;
      freshString(s);
      encoded = Arrays.copyOfRange(buf, start, len);
      len = start;
      follows = before;
      kept[slot] = s;
      encodings[slot] = encoded;
    }
    separate(encoded.length);
    System.arraycopy(encoded, 0, buf, len, encoded.length);
    len += encoded.length;
    follows = true;
  }

  /** A string that is new each time, such as a topic: encoded, not kept. */
  void freshString(String s) {
    int n = s.length();
    // At most six bytes per character (\\u00XX), and the quotes.
    separate(6 * n + 2);
    byte[] b = buf;
    int p = len;
    b[p++] = '"';
    for (int i = 0; i < n; i++) {
      char c = s.charAt(i);
      if (c < 0x80) {
        byte escape = ESCAPES[c];
        if (escape == 0) {
          b[p++] = (byte) c;
        } else {
          b[p++] = '\\';
          b[p++] = escape;
          if (escape == 'u') {
            b[p++] = '0';
            b[p++] = '0';
            b[p++] = HEX[c >> 4];
            b[p++] = HEX[c & 0xF];
          }
        }
      } else if (c < 0x800) {
        b[p++] = (byte) (0xC0 | c >> 6);
        b[p++] = (byte) (0x80 | c & 0x3F);
      } else if (!Character.isSurrogate(c)) {
        p = threeBytes(b, p, c);
      } else if (Character.isHighSurrogate(c)
          && i + 1 < n
          && Character.isLowSurrogate(s.charAt(i + 1))) {
        int cp = Character.toCodePoint(c, s.charAt(++i));
        b[p++] = (byte) (0xF0 | cp >> 18);
        b[p++] = (byte) (0x80 | cp >> 12 & 0x3F);
        b[p++] = (byte) (0x80 | cp >> 6 & 0x3F);
        b[p++] = (byte) (0x80 | cp & 0x3F);
      } else {
        p = threeBytes(b, p, '\uFFFD');
      }
    }
    b[p++] = '"';
    len = p;
    follows = true;
  }

  private static int threeBytes(byte[] b, int p, char c) {
    b[p++] = (byte) (0xE0 | c >> 12);
    b[p++] = (byte) (0x80 | c >> 6 & 0x3F);
    b[p++] = (byte) (0x80 | c & 0x3F);
    return p;
  }

  void number(long value) {
    separate(20);
    byte[] b = buf;
    int p = len;
    if (value < 0) {
      b[p++] = '-';
    }
    // Digits from the last, negative so that Long.MIN_VALUE needs no case of its own.
    long v = value < 0 ? value : -value;
    int start = p;
    do {
      b[p++] = (byte) ('0' - (int) (v % 10));
      v /= 10;
    } while (v != 0);
    reverse(b, start, p - 1);
    len = p;
    follows = true;
  }

  private static void reverse(byte[] b, int from, int to) {
    while (from < to) {
      byte t = b[from];
      b[from++] = b[to];
      b[to--] = t;
    }
  }

  void bool(boolean value) {
    ascii(value ? "true" : "false");
  }

  void nullValue() {
    ascii("null");
  }

  /** A UUID as a string in its canonical form: 36 lower-case characters. */
  void uuid(UUID id) {
    separate(38);
    byte[] b = buf;
    int p = len;
    b[p++] = '"';
    long msb = id.getMostSignificantBits();
    long lsb = id.getLeastSignificantBits();
    p = hex(b, p, msb >>> 32, 8);
    b[p++] = '-';
    p = hex(b, p, msb >>> 16, 4);
    b[p++] = '-';
    p = hex(b, p, msb, 4);
    b[p++] = '-';
    p = hex(b, p, lsb >>> 48, 4);
    b[p++] = '-';
    p = hex(b, p, lsb, 12);
    b[p++] = '"';
    len = p;
    follows = true;
  }

  /**
   * A date-time string: {@code prefix} (ASCII, up to the second's dot), the fraction of the second
   * as {@code width} digits, and {@code Z}.
   */
  void dateTime(byte[] prefix, int fraction, int width) {
    separate(prefix.length + width + 3);
    byte[] b = buf;
    int p = len;
    b[p++] = '"';
    System.arraycopy(prefix, 0, b, p, prefix.length);
    p = WireTime.digits(b, p + prefix.length, fraction, width);
    b[p++] = 'Z';
    b[p++] = '"';
    len = p;
    follows = true;
  }

  /** The low {@code digits} hexadecimal digits of {@code value}. */
  private static int hex(byte[] b, int p, long value, int digits) {
    for (int shift = (digits - 1) * 4; shift >= 0; shift -= 4) {
      b[p++] = HEX[(int) (value >>> shift) & 0xF];
    }
    return p;
  }

  /** A value whose text is ASCII and needs no escaping (a literal, a number's text). */
  private void ascii(String text) {
    int n = text.length();
    separate(n);
    for (int i = 0; i < n; i++) {
      buf[len++] = (byte) text.charAt(i);
    }
    follows = true;
  }

  /**
   * The values written to {@code other}, copied as they are: elements of an array written apart
   * from its parent.
   */
  void raw(JsonOut other) {
    if (other.len == 0) {
      return;
    }
    separate(other.len);
    System.arraycopy(other.buf, 0, buf, len, other.len);
    len += other.len;
    follows = true;
  }

  /** Ends a line: the next value starts a new document. */
  void lineEnd(byte end) {
    ensure(1);
    buf[len++] = end;
    follows = false;
  }

  /** Room for {@code n} more bytes, after the comma if a value came before in the same parent. */
  private void separate(int n) {
    ensure(n + 1);
    if (follows) {
      buf[len++] = ',';
    }
  }

  private void ensure(int n) {
    if (buf.length - len < n) {
      buf = Arrays.copyOf(buf, Math.max(buf.length * 2, len + n));
    }
  }

  int size() {
    return len;
  }

  byte[] toByteArray() {
    return Arrays.copyOf(buf, len);
  }

  /** Empties it, keeping its array. */
  void clear() {
    len = 0;
    follows = false;
  }
}

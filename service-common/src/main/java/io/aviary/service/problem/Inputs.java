package io.aviary.service.problem;

import java.util.regex.Pattern;

/** Shared input rules, as regular expressions usable in {@code @Pattern} and in code. */
public final class Inputs {

  /** No control characters (names and labels are shown in consoles and logs). */
  public static final String PRINTABLE = "^[^\\p{Cntrl}]*$";

  /**
   * A practical email syntax: a dot-atom local part and a domain of at least two DNS labels. Quoted
   * local parts and IP-literal domains are refused on purpose.
   */
  public static final String EMAIL =
      "^[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]{1,64}@"
          + "(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?\\.)+"
          + "[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?$";

  private static final Pattern PRINTABLE_PATTERN = Pattern.compile(PRINTABLE);

  private Inputs() {}

  /** Whether {@code value} has no control characters. */
  public static boolean printable(String value) {
    return PRINTABLE_PATTERN.matcher(value).matches();
  }
}

package io.aviary.acl;

import java.util.Locale;

/** Errors make a document invalid; warnings point at likely mistakes in a valid one. */
public enum Severity {
  ERROR,
  WARNING;

  private final String code = name().toLowerCase(Locale.ROOT);

  public String code() {
    return code;
  }
}

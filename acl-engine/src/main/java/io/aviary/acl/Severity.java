package io.aviary.acl;

import java.util.Locale;

/** Errors make a document invalid; warnings point at likely mistakes in a valid one. */
public enum Severity {
  ERROR,
  WARNING;

  public String code() {
    return name().toLowerCase(Locale.ROOT);
  }
}

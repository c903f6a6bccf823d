package io.aviary.pki;

import java.io.IOException;

/** A PEM file or text is absent, malformed, or does not hold what the caller expected. */
public final class PemException extends IOException {
  private static final long serialVersionUID = 1L;

  /** Creates an exception whose message should name the file and the problem. */
  public PemException(String message) {
    super(message);
  }

  /** Creates an exception whose message should name the file and the problem. */
  public PemException(String message, Throwable cause) {
    super(message, cause);
  }
}

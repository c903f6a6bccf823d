package io.aviary.identity;

/** PEM text that is not a usable certificate (or CA certificate); the message says why. */
public final class CertificateFormatException extends IllegalArgumentException {
  private static final long serialVersionUID = 1L;

  public CertificateFormatException(String message) {
    super(message);
  }

  public CertificateFormatException(String message, Throwable cause) {
    super(message, cause);
  }
}

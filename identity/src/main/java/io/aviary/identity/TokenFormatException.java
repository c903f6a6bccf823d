package io.aviary.identity;

/** A token that is not a well-formed compact JWS; the message is safe to log. */
final class TokenFormatException extends Exception {
  private static final long serialVersionUID = 1L;

  TokenFormatException(String message) {
    super(message, null, false, false);
  }
}

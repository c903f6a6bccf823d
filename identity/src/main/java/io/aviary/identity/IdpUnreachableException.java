package io.aviary.identity;

/**
 * The IdP's metadata or keys could not be read and no usable copy is cached; the message is a
 * sentence safe to log and show.
 */
final class IdpUnreachableException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  IdpUnreachableException(String message) {
    super(message, null, false, false);
  }
}

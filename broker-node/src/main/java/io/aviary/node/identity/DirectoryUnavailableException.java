package io.aviary.node.identity;

/** The organization directory could not be reached and held nothing usable. */
public final class DirectoryUnavailableException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public DirectoryUnavailableException(String message, Throwable cause) {
    super(message, cause);
  }
}

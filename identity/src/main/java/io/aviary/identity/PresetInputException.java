package io.aviary.identity;

/**
 * A preset input is missing or invalid; {@link #field()} names it (for a JSON pointer) and the
 * message is a sentence for the user.
 */
public final class PresetInputException extends IllegalArgumentException {
  private static final long serialVersionUID = 1L;

  private final String field;

  public PresetInputException(String field, String message) {
    super(message);
    this.field = field;
  }

  /** The input at fault, e.g. {@code domain}. */
  public String field() {
    return field;
  }
}

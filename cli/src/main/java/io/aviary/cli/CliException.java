package io.aviary.cli;

import com.google.errorprone.annotations.FormatMethod;
import com.google.errorprone.annotations.FormatString;

/**
 * An expected way for a command to end early: its message is printed after {@code aviary: } and the
 * process exits with {@link #exitCode()}. An empty message prints nothing (the command has already
 * said why).
 */
final class CliException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final int exitCode;

  CliException(int exitCode, String message) {
    super(message, null, false, false);
    this.exitCode = exitCode;
  }

  @FormatMethod
  static CliException usage(@FormatString String format, Object... args) {
    return new CliException(Exit.USAGE, String.format(format, args));
  }

  @FormatMethod
  static CliException server(@FormatString String format, Object... args) {
    return new CliException(Exit.SERVER, String.format(format, args));
  }

  @FormatMethod
  static CliException failed(@FormatString String format, Object... args) {
    return new CliException(Exit.FAILED, String.format(format, args));
  }

  /** Ends with {@code exitCode} after the command printed everything itself. */
  static CliException silent(int exitCode) {
    return new CliException(exitCode, "");
  }

  int exitCode() {
    return exitCode;
  }
}

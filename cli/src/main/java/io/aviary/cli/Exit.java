package io.aviary.cli;

/** The exit statuses every command documents. */
final class Exit {
  /** Done: valid, allowed, no differences. */
  static final int OK = 0;

  /** Invalid policy, denied, refused, cancelled, or differences found. */
  static final int FAILED = 1;

  /** Bad options, an unreadable file, or missing or unsafe configuration. */
  static final int USAGE = 2;

  /** The server answered with an error, or could not be reached. */
  static final int SERVER = 3;

  private Exit() {}
}

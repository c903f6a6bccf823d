package io.aviary.audit.pipeline.retention;

/** Where the retention settings come from (tenant-api, owner of organizations' settings). */
public interface RetentionSource {

  /**
   * The settings in force now.
   *
   * @throws RetentionUnavailable when they cannot be known; the sweep then deletes nothing
   */
  RetentionSettings fetch() throws RetentionUnavailable;

  /** The settings could not be read or made no sense. */
  final class RetentionUnavailable extends Exception {
    private static final long serialVersionUID = 1L;

    public RetentionUnavailable(String message) {
      super(message);
    }

    public RetentionUnavailable(String message, Throwable cause) {
      super(message, cause);
    }
  }
}

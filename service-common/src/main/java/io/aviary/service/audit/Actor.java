package io.aviary.service.audit;

import io.aviary.service.auth.Caller;

/**
 * The {@code actor} of tenant-side audit events: {@code user:<email>}, {@code api_key:<id>} or
 * {@code platform}.
 */
public final class Actor {

  /** The platform itself: sign-up, dev-mode seeding, anything no caller asked for. */
  public static final String PLATFORM = "platform";

  private Actor() {}

  /**
   * The actor of a verified caller. A console user whose token carries no email (one issued before
   * tenant-api added the claim) is named by user id instead, {@code user:usr_...}.
   */
  public static String of(Caller caller) {
    if (caller.isApiKey()) {
      return apiKey(caller.subject().substring(Caller.API_KEY_PREFIX.length()));
    }
    String email = caller.email();
    return user(email == null || email.isBlank() ? caller.subject() : email);
  }

  /** A console user by email address. */
  public static String user(String email) {
    return "user:" + email;
  }

  /** An API key by id (the 8 characters after {@code avk_}). */
  public static String apiKey(String id) {
    return "api_key:" + id;
  }
}

package io.aviary.tenant.auth;

/**
 * Body of {@code POST /api/v1/auth/token}: either {@code email} and {@code password}, or {@code
 * api_key}.
 *
 * @param email a console user's email
 * @param password that user's password
 * @param apiKey an API key ({@code avk_...})
 */
public record TokenRequest(String email, String password, String apiKey) {

  @Override
  public String toString() {
    return "TokenRequest[" + email + "]";
  }
}

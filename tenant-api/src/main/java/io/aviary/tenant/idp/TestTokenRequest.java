package io.aviary.tenant.idp;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;

/**
 * Body of {@code POST /api/v1/orgs/{org}/idps/test-token}.
 *
 * @param token a JWT from one of the organization's IdPs, as a client would send it as its MQTT
 *     password; never logged or returned
 * @param idpId the connection to check it against; when absent, the connection is chosen from the
 *     organization's enabled connections by the token's issuer (and audience), as a broker does
 */
public record TestTokenRequest(
    @NotBlank(message = "is required") @Size(max = 16384, message = "is too long") String token,
    String idpId) {

  @Override
  public String toString() {
    return "TestTokenRequest[idp_id=" + idpId + "]";
  }
}

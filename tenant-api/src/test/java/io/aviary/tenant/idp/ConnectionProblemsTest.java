package io.aviary.tenant.idp;

import static org.assertj.core.api.Assertions.assertThat;

import io.aviary.identity.IdpConnection;
import io.aviary.service.problem.FieldError;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Pins the identity module's validation sentences to request pointers: if identity rewords a rule,
 * this fails here instead of the rule silently pointing at the whole body.
 */
class ConnectionProblemsTest {

  private static final IdpRequest REQUEST =
      new IdpRequest(
          null,
          null,
          null,
          null,
          null,
          null,
          null,
          List.of("RS256", "none"),
          null,
          null,
          null,
          null,
          null,
          null,
          null,
          null,
          null);

  private static IdpConnection.Builder valid() {
    return IdpConnection.builder("idp_1", "org_1")
        .issuers("https://idp.example")
        .algorithms("RS256")
        .discoveryUrl(URI.create("https://idp.example/.well-known/openid-configuration"));
  }

  @Test
  void everyRuleOfTheIdentityModuleHasItsPointer() {
    assertThat(pointer(valid().issuers().build())).isEqualTo("/issuers");
    assertThat(pointer(valid().algorithms().build())).isEqualTo("/algorithms");
    assertThat(pointer(valid().algorithms("RS256", "none").build())).isEqualTo("/algorithms/1");
    assertThat(pointer(valid().algorithms("XS1").build())).isEqualTo("/algorithms");
    assertThat(pointer(valid().algorithms("HS384").hmacSecret(new byte[40]).build()))
        .isEqualTo("/hs256_secret");
    assertThat(pointer(valid().discoveryUrl(null).build())).isEqualTo("/jwks_url");
    assertThat(pointer(valid().clockSkew(Duration.ofMinutes(6)).build()))
        .isEqualTo("/clock_skew_seconds");
    assertThat(pointer(valid().claimMapping("client_id", "azp").build()))
        .isEqualTo("/claim_mappings/client_id");
    assertThat(ConnectionProblems.pointers("Something new.", REQUEST)).containsExactly("");
  }

  @Test
  void aMorePreciseErrorAlreadyFoundMakesTheProblemRedundant() {
    List<FieldError> errors = new ArrayList<>(List.of(new FieldError("/issuers/0", "blank")));
    ConnectionProblems.add(errors, "At least one issuer is needed.", REQUEST);
    assertThat(errors).hasSize(1);
    ConnectionProblems.add(
        errors,
        "Asymmetric algorithms need a discovery URL or a JWKS URL to find the keys.",
        REQUEST);
    assertThat(errors).hasSize(1);
    // A general error above it does not hide a precise one.
    errors = new ArrayList<>(List.of(new FieldError("/algorithms", "mixed")));
    ConnectionProblems.add(errors, "Algorithm 'none' is not supported; use one of [].", REQUEST);
    assertThat(errors)
        .extracting(FieldError::pointer)
        .containsExactly("/algorithms", "/algorithms/1");
    ConnectionProblems.add(errors, "Something new.", REQUEST);
    assertThat(errors).extracting(FieldError::pointer).contains("");
  }

  private static String pointer(IdpConnection connection) {
    List<String> problems = connection.validate();
    assertThat(problems).as("one problem").hasSize(1);
    return ConnectionProblems.pointers(problems.get(0), REQUEST).get(0);
  }
}

package io.aviary.service.audit;

import static org.assertj.core.api.Assertions.assertThat;

import io.aviary.service.auth.Caller;
import io.aviary.service.auth.Role;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ActorTest {

  @ParameterizedTest
  @CsvSource(
      nullValues = "null",
      value = {
        "usr_k7xm4pqr2n5t, ada@example.com, user:ada@example.com",
        "avk_abcd2345, null, api_key:abcd2345",
        // an API key never becomes a user, whatever claims its token has
        "avk_abcd2345, ada@example.com, api_key:abcd2345",
        // tokens issued before the email claim existed name the user by id
        "usr_k7xm4pqr2n5t, null, user:usr_k7xm4pqr2n5t",
        "usr_k7xm4pqr2n5t, '  ', user:usr_k7xm4pqr2n5t"
      })
  void callersBecomeActors(String subject, String email, String actor) {
    assertThat(Actor.of(new Caller(subject, "org_k7xm4pqr2n5t", Role.ADMIN, email)))
        .isEqualTo(actor);
  }
}

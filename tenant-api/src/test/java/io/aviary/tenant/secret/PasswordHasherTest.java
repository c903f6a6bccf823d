package io.aviary.tenant.secret;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PasswordHasherTest {

  // Small parameters keep the unit test fast; production uses owaspDefaults().
  private final PasswordHasher hasher = new PasswordHasher(1024, 1, 1, 2);

  @Test
  void hashesVerifyAndAreSalted() {
    String a = hasher.hash("correct horse battery staple");
    String b = hasher.hash("correct horse battery staple");
    assertThat(a).startsWith("$argon2id$v=19$m=1024,t=1,p=1$").isNotEqualTo(b);
    assertThat(hasher.verify("correct horse battery staple", a)).isTrue();
    assertThat(hasher.verify("correct horse battery stapl", a)).isFalse();
  }

  @Test
  void verificationReadsParametersFromTheHash() {
    String strong = PasswordHasher.owaspDefaults().hash("pw");
    assertThat(strong).contains("$m=19456,t=2,p=1$");
    assertThat(hasher.verify("pw", strong)).isTrue();
  }

  @Test
  void malformedHashesNeverVerify() {
    for (String bad :
        new String[] {
          null,
          "",
          "plain",
          "$argon2i$v=19$m=1024,t=1,p=1$c2FsdA$aGFzaA",
          "$argon2id$v=19$m=1024,t=1$c2FsdA$aGFzaA",
          "$argon2id$v=19$m=99999999,t=1,p=1$c2FsdA$aGFzaA",
          "$argon2id$v=19$m=1024,t=1,p=1$!!!$aGFzaA"
        }) {
      assertThat(hasher.verify("pw", bad)).as(String.valueOf(bad)).isFalse();
    }
    assertThat(hasher.verifyNothing("pw")).isFalse();
  }
}

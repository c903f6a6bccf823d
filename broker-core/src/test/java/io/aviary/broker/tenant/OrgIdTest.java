package io.aviary.broker.tenant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class OrgIdTest {

  @Test
  void usernameSelectsTheOrganizationAfterTheLastMark() {
    assertThat(OrgId.fromUsername("sensor-7@org_k7xm4pqr2n5t"))
        .contains(new OrgId("org_k7xm4pqr2n5t"));
    assertThat(OrgId.fromUsername("alice@example.com@org_abcdefghijkl"))
        .contains(new OrgId("org_abcdefghijkl"));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "",
        "alice",
        "alice@example.com",
        "a@org_",
        "a@org_K7XM4PQR2N5T",
        "a@org_k7xm4pqr2n5",
        "a@org_k7xm4pqr2n5tt",
        "a@org_k7xm4pqr2n51",
        "a@org_k7xm4pqr2n5t/x"
      })
  void usernamesWithoutAWellFormedOrganizationSelectNone(String username) {
    assertThat(OrgId.fromUsername(username)).isEmpty();
  }

  @Test
  void mountpointIsTheIdAndASlash() {
    assertThat(new OrgId("org_k7xm4pqr2n5t").mountpoint()).isEqualTo("org_k7xm4pqr2n5t/");
  }

  @Test
  void malformedIdsAreRefusedAtConstruction() {
    assertThatThrownBy(() -> new OrgId("org_short")).isInstanceOf(IllegalArgumentException.class);
    assertThat(OrgId.fromUsername(null)).isEmpty();
  }
}

package io.aviary.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.aviary.acl.Problem;
import io.aviary.acl.Severity;
import org.junit.jupiter.api.Test;

class ProblemsTest {

  @Test
  void formatsLikeACompiler() {
    Problem problem = new Problem(Severity.ERROR, "/rules/2/topic", 7, 16, "topic is empty");

    assertThat(Problems.format("policy.json", problem))
        .isEqualTo("policy.json:7:16: error: topic is empty (at /rules/2/topic)");
  }

  @Test
  void leavesOutAnUnknownPositionAndTheWholeDocumentPointer() {
    Problem problem = new Problem(Severity.WARNING, "", 0, 0, "no rules: everything is denied");

    assertThat(Problems.format("p.json", problem))
        .isEqualTo("p.json: warning: no rules: everything is denied");
  }

  @Test
  void formatsAServerFieldErrorTheSameWay() throws Exception {
    var error =
        Json.MAPPER.readTree(
            "{\"pointer\":\"/rules/0/effect\",\"line\":4,\"column\":9,\"message\":\"must be"
                + " allow or deny\"}");
    var tenantStyle = Json.MAPPER.readTree("{\"pointer\":\"/name\",\"detail\":\"is required\"}");

    assertThat(Problems.format("p.json", error))
        .isEqualTo("p.json:4:9: error: must be allow or deny (at /rules/0/effect)");
    assertThat(Problems.format("p.json", tenantStyle))
        .isEqualTo("p.json: error: is required (at /name)");
  }
}

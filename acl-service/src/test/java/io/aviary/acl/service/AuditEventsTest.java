package io.aviary.acl.service;

import static org.assertj.core.api.Assertions.assertThat;

import io.aviary.acl.Templates;
import io.aviary.audit.event.AuditRecord.PolicyActivated;
import io.aviary.kafka.KafkaResource;
import io.aviary.service.testing.AuditTopicReader;
import io.aviary.service.testing.PlatformKeysResource;
import io.aviary.service.testing.PostgresResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Every activation is a policy_activated audit event on the audit topic, naming who did it. */
@QuarkusTest
@WithTestResource(PostgresResource.class)
@WithTestResource(PlatformKeysResource.class)
@WithTestResource(KafkaResource.class)
class AuditEventsTest {

  private static final Duration DEADLINE = Duration.ofSeconds(30);

  @Test
  void activationsPutsAndRollbacksAreRecorded() {
    String org = TestApi.newOrg();
    String acl = "/api/v1/orgs/" + org + "/acl";
    String admin = TestApi.admin(org);
    String permitAll = TestApi.template(Templates.PERMIT_ALL_ID);
    // v1 stored and activated by a person, v2 stored only, activated by an API key, then a
    // rollback to v1; activating the active version again changes nothing.
    TestApi.as(admin).body(permitAll).put(acl).then().statusCode(201);
    TestApi.as(admin)
        .queryParam("activate", false)
        .body(TestApi.template(Templates.AGENT_PIPELINES_ID))
        .put(acl)
        .then()
        .statusCode(201);
    TestApi.as(TestApi.apiKeyToken(org, "abcd2345"))
        .post(acl + "/versions/2/activate")
        .then()
        .statusCode(200);
    TestApi.as(admin).post(acl + "/versions/1/activate").then().statusCode(200);
    TestApi.as(admin).post(acl + "/versions/1/activate").then().statusCode(200);
    // A later event of the same organization: everything before it has arrived (one partition).
    TestApi.as(admin).post(acl + "/versions/0/activate").then().statusCode(200);

    try (AuditTopicReader topic = AuditTopicReader.open()) {
      topic.await(r -> activation(r, org) && version(r) == 0, DEADLINE);
      List<AuditTopicReader.Received> events =
          topic.poll().stream().filter(r -> activation(r, org)).toList();
      assertThat(events).extracting(AuditEventsTest::version).containsExactly(1L, 2L, 1L, 0L);
      assertThat(events)
          .extracting(r -> ((PolicyActivated) r.record()).actor())
          .containsExactly(
              "user:" + TestApi.email(org),
              "api_key:abcd2345",
              "user:" + TestApi.email(org),
              "user:" + TestApi.email(org));
      assertThat(events).allSatisfy(r -> assertThat(r.key()).isEqualTo(org));
    }
  }

  private static boolean activation(AuditTopicReader.Received r, String org) {
    return r.record() instanceof PolicyActivated && org.equals(r.record().orgId());
  }

  private static long version(AuditTopicReader.Received r) {
    return ((PolicyActivated) r.record()).policyVersion();
  }
}

package io.aviary.tenant;

import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.not;

import io.aviary.service.testing.PostgresResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.nio.charset.StandardCharsets;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

@QuarkusTest
@WithTestResource(PostgresResource.class)
class OrgCaTest {

  @Test
  void uploadReadAndRemoveACaBundle() {
    TestApi.Org org = TestApi.signup();
    String base = "/api/v1/orgs/" + org.orgId() + "/ca";
    X509Certificate root = TestCertificates.ca("Acme Root");
    X509Certificate second = TestCertificates.ca("Acme Devices");
    TestApi.as(org.token()).get(base).then().statusCode(404);

    TestApi.as(org.token())
        .body(Map.of("pem", "Acme bundle\n" + TestCertificates.pem(root, second)))
        .put(base)
        .then()
        .statusCode(200)
        .body("certificates", hasSize(2))
        .body("certificates[0].subject", equalTo("CN=Acme Root,O=Aviary Test"))
        .body("certificates[0].self_signed", equalTo(true))
        .body("certificates[0].serial_number", equalTo(root.getSerialNumber().toString(16)))
        .body("certificates[0].sha256_fingerprint", matchesPattern("([0-9A-F]{2}:){31}[0-9A-F]{2}"))
        .body("certificates[1].not_after", equalTo(second.getNotAfter().toInstant().toString()))
        .body("pem", equalTo(TestCertificates.pem(root, second)));
    TestApi.as(org.token())
        .get(base)
        .then()
        .statusCode(200)
        .body("certificates[1].subject", equalTo("CN=Acme Devices,O=Aviary Test"));

    // A raw PEM upload replaces it.
    TestApi.as(org.token())
        .contentType("application/x-pem-file")
        .body(TestCertificates.pem(root).getBytes(StandardCharsets.US_ASCII))
        .put(base)
        .then()
        .statusCode(200)
        .body("certificates", hasSize(1));

    TestApi.as(org.token()).delete(base).then().statusCode(204);
    TestApi.as(org.token()).get(base).then().statusCode(404);
  }

  @Test
  void badBundlesAreRefusedWithAReason() {
    TestApi.Org org = TestApi.signup();
    String base = "/api/v1/orgs/" + org.orgId() + "/ca";
    Instant now = Instant.now();
    X509Certificate leaf =
        TestCertificates.build("leaf", now.minusSeconds(60), now.plusSeconds(3600), false, false);
    X509Certificate expired =
        TestCertificates.build("old", now.minusSeconds(7200), now.minusSeconds(3600), true, true);
    String[][] cases = {
      {"not a pem", "No certificate found"},
      {"-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n", "not a valid X.509"},
      {TestCertificates.pem(leaf), "not a CA certificate"},
      {TestCertificates.pem(expired), "expired"},
      {
        "-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n", "private key",
      },
      {
        TestCertificates.pem(TestCertificates.ca("x")).replace("-----END CERTIFICATE-----", ""),
        "unterminated"
      },
    };
    for (String[] c : cases) {
      TestApi.as(org.token())
          .body(Map.of("pem", c[0]))
          .put(base)
          .then()
          .statusCode(400)
          .contentType("application/problem+json")
          .body("errors[0].pointer", equalTo("/pem"))
          .body("errors[0].detail", containsString(c[1]));
    }
    TestApi.as(org.token()).get(base).then().statusCode(404);
  }

  @Test
  void revocations() {
    TestApi.Org org = TestApi.signup();
    String base = "/api/v1/orgs/" + org.orgId() + "/certificates/revocations";
    TestApi.as(org.token())
        .body(Map.of("serial", "00:0A:1B:FF", "reason", "key_compromise", "issuer", "CN=Acme"))
        .post(base)
        .then()
        .statusCode(201)
        .body("serial", equalTo("a1bff"))
        .body("reason", equalTo("key_compromise"))
        .body("issuer", equalTo("CN=Acme"));
    TestApi.as(org.token())
        .body(Map.of("serial", "0x0a1bff"))
        .post(base)
        .then()
        .statusCode(409)
        .body("errors[0].pointer", equalTo("/serial"));
    TestApi.as(org.token())
        .body(Map.of("serial", "xyz", "reason", "bored"))
        .post(base)
        .then()
        .statusCode(400)
        .body("errors.pointer", hasItem("/serial"))
        .body("errors.pointer", hasItem("/reason"));
    TestApi.as(org.token())
        .body(Map.of("serial", "1234"))
        .post(base)
        .then()
        .statusCode(201)
        .body("reason", equalTo("unspecified"));
    TestApi.as(org.token())
        .get(base)
        .then()
        .statusCode(200)
        .body("serial", hasItem("a1bff"))
        .body("serial", hasItem("1234"));
    TestApi.as(org.token()).delete(base + "/0A1BFF").then().statusCode(204);
    TestApi.as(org.token()).get(base).then().body("serial", not(hasItem("a1bff")));
    TestApi.as(org.token()).delete(base + "/a1bff").then().statusCode(404);
  }
}

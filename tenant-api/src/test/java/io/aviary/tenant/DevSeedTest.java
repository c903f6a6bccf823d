package io.aviary.tenant;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import io.aviary.service.testing.PostgresResource;
import io.aviary.tenant.dev.DemoSeeder;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

/** Dev mode seeds a demo organization and writes demo.env into the data directory. */
@QuarkusTest
@TestProfile(DevSeedTest.DevMode.class)
@WithTestResource(PostgresResource.class)
class DevSeedTest {

  /** Dev mode with seeding, in a fresh data directory. */
  public static class DevMode implements QuarkusTestProfile {
    @Override
    public Map<String, String> getConfigOverrides() {
      try {
        Path dir = Files.createTempDirectory("aviary-dev-seed");
        return Map.of(
            "aviary.dev-mode", "true",
            "aviary.dev.seed-demo", "true",
            "aviary.data-dir", dir.toString(),
            "aviary.internal.token", "");
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }

  @ConfigProperty(name = "aviary.data-dir")
  Path dataDir;

  @Inject DemoSeeder seeder;

  @Test
  void demoEnvHasAWorkingCredentialAndAdminLogin() throws IOException {
    Path env = dataDir.resolve("demo.env");
    assertThat(env).isRegularFile();
    assertThat(Files.getPosixFilePermissions(env))
        .containsExactlyInAnyOrder(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE);
    Map<String, String> values = read(env);
    String org = values.get("AVIARY_DEMO_ORG");
    assertThat(org).matches("org_[a-z2-7]{12}");
    assertThat(values.get("AVIARY_DEMO_USERNAME")).matches("sa_[a-z2-7]{12}@" + org);
    assertThat(values.get("AVIARY_DEMO_PASSWORD")).matches("[\\w-]+\\.[\\w-]+\\.[\\w-]+");
    assertThat(values.get("AVIARY_DEMO_CA"))
        .isEqualTo(dataDir.toAbsolutePath().resolve("certs/ca.pem").toString());
    assertThat(values.get("AVIARY_DEMO_ADMIN_EMAIL")).isEqualTo("demo@aviary.local");

    String token =
        given()
            .contentType(ContentType.JSON)
            .body(
                Map.of(
                    "email",
                    values.get("AVIARY_DEMO_ADMIN_EMAIL"),
                    "password",
                    values.get("AVIARY_DEMO_ADMIN_PASSWORD")))
            .post("/api/v1/auth/token")
            .then()
            .statusCode(200)
            .extract()
            .path("access_token");
    TestApi.as(token)
        .get("/api/v1/orgs/" + org)
        .then()
        .statusCode(200)
        .body("name", equalTo("demo"));
    TestApi.as(token)
        .get("/api/v1/orgs/" + org + "/service-accounts")
        .then()
        .body("name", equalTo(List.of("demo")));

    // Dev mode generated an internal token into the data directory.
    String internal = Files.readString(dataDir.resolve("internal-token")).strip();
    given()
        .header("Authorization", "Bearer " + internal)
        .get("/internal/v1/orgs/" + org + "/broker-config")
        .then()
        .statusCode(200)
        .body("service_accounts[0]", equalTo(values.get("AVIARY_DEMO_USERNAME").split("@")[0]));

    // Seeding again (a restart) keeps the organization, the admin password and the account.
    seeder.seed();
    Map<String, String> again = read(env);
    assertThat(again.get("AVIARY_DEMO_ORG")).isEqualTo(org);
    assertThat(again.get("AVIARY_DEMO_USERNAME")).isEqualTo(values.get("AVIARY_DEMO_USERNAME"));
    assertThat(again.get("AVIARY_DEMO_ADMIN_PASSWORD"))
        .isEqualTo(values.get("AVIARY_DEMO_ADMIN_PASSWORD"));
    assertThat(Set.copyOf(again.keySet())).isEqualTo(Set.copyOf(values.keySet()));
  }

  @Test
  void devModeServesSwaggerUi() {
    given().get("/q/swagger-ui/").then().statusCode(200);
  }

  @Test
  void devModeAcceptsHttpIdpUrls() {
    Map<String, String> values = read(dataDir.resolve("demo.env"));
    String token =
        given()
            .contentType(ContentType.JSON)
            .body(
                Map.of(
                    "email", values.get("AVIARY_DEMO_ADMIN_EMAIL"),
                    "password", values.get("AVIARY_DEMO_ADMIN_PASSWORD")))
            .post("/api/v1/auth/token")
            .then()
            .extract()
            .path("access_token");
    TestApi.as(token)
        .body(Map.of("name", "local keycloak", "issuer", "http://localhost:8180/realms/dev"))
        .post("/api/v1/orgs/" + values.get("AVIARY_DEMO_ORG") + "/idps")
        .then()
        .statusCode(201)
        .body(
            "discovery_url",
            equalTo("http://localhost:8180/realms/dev/.well-known/openid-configuration"));
  }

  private static Map<String, String> read(Path env) {
    try {
      Map<String, String> values = new HashMap<>();
      for (String line : Files.readAllLines(env)) {
        if (line.isBlank() || line.startsWith("#")) {
          continue;
        }
        int eq = line.indexOf('=');
        String value = line.substring(eq + 1);
        if (value.startsWith("'") && value.endsWith("'")) {
          value = value.substring(1, value.length() - 1).replace("'\\''", "'");
        }
        values.put(line.substring(0, eq), value);
      }
      return values;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}

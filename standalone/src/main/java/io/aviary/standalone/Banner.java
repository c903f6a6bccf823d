package io.aviary.standalone;

import java.nio.file.Path;

/** What {@code ./aviary dev} prints once the platform is up: where things are, how to connect. */
final class Banner {
  private Banner() {}

  static String text(
      Path data,
      String httpPort,
      String aclHttpPort,
      String auditHttpPort,
      String brokerHttpPort,
      String mqttsPort,
      int brokerNodes) {
    Path demoEnv = data.resolve("demo.env");
    return String.join(
        "\n",
        "",
        "Aviary is running in development mode"
            + (brokerNodes > 1 ? ", with " + brokerNodes + " broker nodes in one cluster." : "."),
        "  console                http://localhost:" + httpPort + "/",
        "  REST API               http://localhost:"
            + httpPort
            + "/api/v1  (the console's edge routes each path to its service)",
        "  ACL API (acl-service)  http://localhost:"
            + aclHttpPort
            + "/api/v1/orgs/{org}/acl  (also through the edge; OpenAPI at /q/openapi)",
        "  audit API              http://localhost:"
            + auditHttpPort
            + "/api/v1/orgs/{org}/audit/events  (also through the edge; OpenAPI at /q/openapi)",
        "  broker health/metrics  http://localhost:" + brokerHttpPort + "/q/health, /q/metrics",
        brokerNodes == 1
            ? "  MQTT over TLS          mqtts://localhost:" + mqttsPort
            : "  MQTT over TLS          mqtts://localhost:"
                + mqttsPort
                + " to "
                + (Integer.parseInt(mqttsPort) + brokerNodes - 1)
                + " (node i on "
                + mqttsPort
                + " + i; its health and metrics on "
                + brokerHttpPort
                + " + i)",
        "  data directory         " + data,
        "",
        "The demo organization's credentials are in " + demoEnv + ". In two terminals:",
        "  set -a; . " + demoEnv + "; set +a",
        "  mosquitto_sub -h localhost -p "
            + mqttsPort
            + " --cafile \"$AVIARY_DEMO_CA\" -u \"$AVIARY_DEMO_USERNAME\" -P \"$AVIARY_DEMO_PASSWORD\""
            + " -t 'demo/#' -v",
        "  mosquitto_pub -h localhost -p "
            + mqttsPort
            + " --cafile \"$AVIARY_DEMO_CA\" -u \"$AVIARY_DEMO_USERNAME\" -P \"$AVIARY_DEMO_PASSWORD\""
            + " -t demo/hello -m 'hello from Aviary'",
        "",
        "Sign up your own organization: curl -s localhost:"
            + httpPort
            + "/api/v1/signup -H 'content-type: application/json'"
            + " -d '{\"organization_name\":\"acme\",\"email\":\"you@example.com\",\"password\":\"a long password\"}'",
        "");
  }
}

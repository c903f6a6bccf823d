package io.aviary.deploy.image;

import java.util.List;
import java.util.NoSuchElementException;

/**
 * A service that gets an image: its Maven module (whose {@code target/quarkus-app} goes to /app),
 * the variable that sets its HTTP port (the image sets it to 8080, as the chart does), and the
 * ports it listens on.
 */
public record ServiceImage(
    String name, String description, String portVariable, List<Integer> ports) {

  public static final List<ServiceImage> ALL =
      List.of(
          new ServiceImage(
              "tenant-api",
              "Aviary tenant-api: organizations, identity providers, credentials, platform tokens",
              "AVIARY_TENANT_HTTP_PORT",
              List.of(8080)),
          new ServiceImage(
              "acl-service",
              "Aviary acl-service: ACL v2 topic policies, versions and the simulator",
              "AVIARY_ACL_HTTP_PORT",
              List.of(8080)),
          new ServiceImage(
              "audit-pipeline",
              "Aviary audit-pipeline: the audit trail from Kafka to its store, query and export",
              "AVIARY_AUDIT_HTTP_PORT",
              List.of(8080)),
          // HTTP, MQTT over TLS, MQTT over WSS, cluster membership, cluster event bus.
          new ServiceImage(
              "broker-node",
              "Aviary broker node: MQTT 3.1.1 and 5.0 with per-organization isolation and ACLs",
              "AVIARY_HTTP_PORT",
              List.of(8080, 8883, 8443, 5701, 5801)),
          new ServiceImage(
              "console",
              "Aviary console: the web app and the HTTP edge in front of the REST APIs",
              "AVIARY_HTTP_PORT",
              List.of(8080)));

  public static ServiceImage named(String name) {
    return ALL.stream()
        .filter(s -> s.name().equals(name))
        .findFirst()
        .orElseThrow(() -> new NoSuchElementException("no service named " + name));
  }
}

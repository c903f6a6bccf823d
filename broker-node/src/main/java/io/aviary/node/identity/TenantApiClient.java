package io.aviary.node.identity;

import io.aviary.broker.tenant.OrgId;
import io.aviary.node.platform.InternalApiClient;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.util.Optional;
import java.util.concurrent.CompletionStage;

/** tenant-api's internal endpoints: organization configurations and the platform's token facts. */
public final class TenantApiClient extends InternalApiClient implements OrgSource<OrgConfig> {

  /** What platform-issued MQTT credentials look like: who signs them and where their keys are. */
  public record Platform(String issuer, URI jwksUri, String mqttAudience) {}

  public TenantApiClient(URI base, String token) {
    super("tenant-api", base, token);
  }

  @Override
  public CompletionStage<Optional<OrgConfig>> fetch(OrgId org) {
    return get("internal/v1/orgs/" + org.value() + "/broker-config")
        .thenApply(body -> body.map(OrgConfigJson::parse));
  }

  /** The platform credential facts; fails when tenant-api cannot be reached. */
  public CompletionStage<Platform> platform() {
    return get("internal/v1/platform")
        .thenApply(
            body -> {
              JsonObject doc =
                  body.orElseThrow(() -> new IllegalStateException("no platform document"));
              return new Platform(
                  doc.getString("issuer"),
                  URI.create(doc.getString("jwks_uri")),
                  doc.getString("mqtt_audience", "aviary-mqtt"));
            });
  }
}

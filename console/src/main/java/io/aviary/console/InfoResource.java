package io.aviary.console;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.nio.file.Files;

/** What the getting-started page tells an organization about connecting agents. */
@Path("/console/v1")
public class InfoResource {
  private static final ObjectMapper JSON = new ObjectMapper();
  private final EdgeConfig.Mqtt mqtt;

  InfoResource(EdgeConfig config) {
    this.mqtt = config.mqtt();
  }

  /** The MQTT endpoints and whether a CA must be trusted. */
  @GET
  @Path("info")
  @Produces(MediaType.APPLICATION_JSON)
  public String info() {
    ObjectNode info = JSON.createObjectNode();
    info.put("mqtt_tls_url", mqtt.tlsUrl());
    info.put("mqtt_wss_url", mqtt.wssUrl());
    info.put("ca_url", mqtt.caFile().isPresent() ? "/console/v1/ca.pem" : null);
    return info.toString();
  }

  /** The CA certificate agents trust, when one is configured. */
  @GET
  @Path("ca.pem")
  @Produces("application/x-pem-file")
  public Response ca() throws IOException {
    if (mqtt.caFile().isEmpty() || !Files.isReadable(mqtt.caFile().get())) {
      return Response.status(404)
          .type(Problems.MEDIA_TYPE)
          .entity(
              Problems.json(
                  404, "not_found", "Not found", "No CA is configured: trust the public CAs."))
          .build();
    }
    return Response.ok(Files.readAllBytes(mqtt.caFile().get()))
        .header("Content-Disposition", "attachment; filename=\"aviary-ca.pem\"")
        .build();
  }
}

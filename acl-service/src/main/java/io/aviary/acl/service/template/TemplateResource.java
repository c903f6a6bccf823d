package io.aviary.acl.service.template;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.aviary.acl.AclJson;
import io.aviary.acl.Templates;
import io.quarkus.security.Authenticated;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * The preset policies an organization can start from; any valid platform access token reads them.
 */
@Path("/api/v1/acl/templates")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "acl", description = "ACL v2 policies of an organization")
@SecurityRequirement(name = "platform")
public class TemplateResource {

  @GET
  @Authenticated
  @Operation(
      summary = "The preset templates",
      description =
          "[{id, name, description, policy}]: Permit All, Notifications, Agent Pipelines, Chat"
              + " Channels and Blank (deny everything, what a new organization has). PUT a"
              + " template's policy to /api/v1/orgs/{org}/acl to use it.")
  public ArrayNode templates() {
    ArrayNode out = JsonNodeFactory.instance.arrayNode();
    Templates.all().forEach(t -> out.add(AclJson.template(t)));
    return out;
  }
}

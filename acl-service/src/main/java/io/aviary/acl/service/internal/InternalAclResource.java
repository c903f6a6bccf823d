package io.aviary.acl.service.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.aviary.acl.service.policy.PolicyStore;
import io.aviary.acl.service.policy.StoredPolicy;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * The broker-facing API: an organization's active policy. The internal-token guard of
 * service-common protects every {@code /internal/} path; the change feed (kind {@value
 * PolicyStore#ACTIVATED}) says when to refetch.
 */
@Path("/internal/v1/orgs/{org}/acl")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "internal", description = "Broker-facing API; internal bearer token")
@SecurityRequirement(name = "internal")
public class InternalAclResource {

  private final PolicyStore store;
  private final ObjectMapper json;

  public InternalAclResource(PolicyStore store, ObjectMapper json) {
    this.store = store;
    this.json = json;
  }

  /**
   * What a broker enforces for one organization.
   *
   * @param orgId the organization
   * @param version the active version; 0 is the Blank policy (deny everything)
   * @param policy the ACL v2 document
   */
  public record ActivePolicy(String orgId, int version, JsonNode policy) {}

  @GET
  @Operation(
      summary = "The organization's active policy",
      description =
          "{org_id, version, policy}; an organization that never activated a policy gets the"
              + " Blank template as version 0. Refetch after every acl_activated event of the"
              + " organization on /internal/v1/changes.")
  public ActivePolicy active(@PathParam("org") String orgId) throws JsonProcessingException {
    StoredPolicy active = store.active(orgId);
    return new ActivePolicy(orgId, active.version(), json.readTree(active.document()));
  }
}

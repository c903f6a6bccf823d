package io.aviary.acl.service.tool;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.aviary.acl.AclJson;
import io.aviary.acl.ParseResult;
import io.aviary.acl.Policy;
import io.aviary.acl.PolicyDiff;
import io.aviary.acl.PolicyDocument;
import io.aviary.acl.Simulator;
import io.aviary.acl.service.config.AclConfig;
import io.aviary.acl.service.metrics.AclMetrics;
import io.aviary.acl.service.policy.DocumentSource;
import io.aviary.acl.service.policy.PolicyStore;
import io.aviary.acl.service.policy.StoredPolicy;
import io.aviary.service.auth.Role;
import io.aviary.service.problem.FieldError;
import io.aviary.service.problem.ProblemException;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.ArrayList;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * Read-only tools on policies: validate a document, simulate cases against a draft, a stored
 * version or the active policy, and diff two policies. Members may use them; nothing is stored.
 */
@Path("/api/v1/orgs/{org}/acl")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@RolesAllowed({Role.ADMIN_NAME, Role.MEMBER_NAME})
@Tag(name = "acl", description = "ACL v2 policies of an organization")
@SecurityRequirement(name = "platform")
public class PolicyToolResource {

  private static final String CASE_SHAPE =
      "A case: {identity: {claims}, action: publish|subscribe, topic, qos?, retain?, source_ip?,"
          + " mqtt_version?: 3.1|3.1.1|5.0}.";

  private final PolicyStore store;
  private final AclMetrics metrics;
  private final AclConfig config;

  public PolicyToolResource(PolicyStore store, AclMetrics metrics, AclConfig config) {
    this.store = store;
    this.metrics = metrics;
    this.config = config;
  }

  @POST
  @Path("/validate")
  @Operation(
      summary = "Validate a policy document",
      description =
          "The body is the ACL v2 document. An invalid document is a result, not an error:"
              + " {valid, problems: [{severity, pointer, line, column, message}]}.")
  @RequestBody(
      content =
          @Content(
              mediaType = MediaType.APPLICATION_JSON,
              schema = @Schema(type = SchemaType.OBJECT, description = "An ACL v2 document")))
  public ObjectNode validate(@PathParam("org") String org, String body) {
    ParseResult result = DocumentSource.body(body == null ? "" : body).parse();
    metrics.validated(result.valid());
    return AclJson.validation(result);
  }

  @POST
  @Path("/simulate")
  @Operation(
      summary = "Simulate one publish or subscribe",
      description =
          CASE_SHAPE
              + " Against `policy` (a draft document), `version` (a stored version; 0 is Blank)"
              + " or, with neither, the active policy. Returns {verdict, qos, rule, rule_index,"
              + " reason, bound_topic, trace}.")
  @RequestBody(content = @Content(schema = @Schema(type = SchemaType.OBJECT)))
  @APIResponse(responseCode = "422", description = "The draft policy has errors")
  public ObjectNode simulate(@PathParam("org") String org, String raw) {
    ToolRequest body = ToolRequest.parse(raw);
    Policy policy = policy(org, body);
    ObjectNode result = simulate(policy, body.tree(), "");
    metrics.simulated(1);
    return result;
  }

  @POST
  @Path("/simulate/batch")
  @Operation(
      summary = "Simulate many cases against one policy",
      description =
          "{policy | version, cases: [case, ...]} (at most aviary.acl.max-batch-cases) → {results:"
              + " [simulation, ...]} in the order given.")
  @RequestBody(content = @Content(schema = @Schema(type = SchemaType.OBJECT)))
  @APIResponse(responseCode = "422", description = "The draft policy has errors")
  public ObjectNode simulateBatch(@PathParam("org") String org, String raw) {
    ToolRequest body = ToolRequest.parse(raw);
    JsonNode cases = cases(body, true);
    Policy policy = policy(org, body);
    ObjectNode out = JsonNodeFactory.instance.objectNode();
    ArrayNode results = out.putArray("results");
    for (int i = 0; i < cases.size(); i++) {
      results.add(simulate(policy, cases.get(i), "/cases/" + i));
    }
    metrics.simulated(cases.size());
    return out;
  }

  @POST
  @Path("/diff")
  @Operation(
      summary = "What changes between two policies",
      description =
          "{from, to, cases?}: `from` and `to` are each a version number (0 is Blank) or a"
              + " document; absent means the active policy. Returns {default_changed, rules:"
              + " [{kind: added|removed|changed, from, to}], decisions: [{probe, from, to}]} where"
              + " decisions lists the cases whose verdict, deciding rule or QoS changes.")
  @RequestBody(content = @Content(schema = @Schema(type = SchemaType.OBJECT)))
  @APIResponse(responseCode = "422", description = "A document has errors")
  public ObjectNode diff(@PathParam("org") String org, String raw) {
    ToolRequest body = ToolRequest.parse(raw);
    JsonNode cases = cases(body, false);
    List<PolicyDiff.Probe> probes = new ArrayList<>();
    for (int i = 0; i < cases.size(); i++) {
      probes.add(probe(cases.get(i), "/cases/" + i));
    }
    Policy from = side(org, body, "from");
    Policy to = side(org, body, "to");
    return AclJson.diff(PolicyDiff.diff(from, to, probes));
  }

  private ObjectNode simulate(Policy policy, JsonNode node, String at) {
    PolicyDiff.Probe probe = probe(node, at);
    try {
      return AclJson.simulation(
          Simulator.simulate(
              policy, probe.subject(), probe.action(), probe.topic(), probe.qos(), probe.retain()));
    } catch (IllegalArgumentException e) {
      throw ProblemException.invalid(List.of(new FieldError(at + "/topic", e.getMessage())));
    }
  }

  private static PolicyDiff.Probe probe(JsonNode node, String at) {
    try {
      return AclJson.probe(node, at);
    } catch (AclJson.InvalidInput e) {
      throw ProblemException.invalid(List.of(new FieldError(e.pointer(), e.getMessage())));
    }
  }

  private JsonNode cases(ToolRequest body, boolean required) {
    JsonNode cases = body.get("cases");
    if (cases == null && !required) {
      return JsonNodeFactory.instance.arrayNode();
    }
    int max = config.acl().maxBatchCases();
    if (cases == null || !cases.isArray()) {
      throw ProblemException.invalid("cases", "must be an array of cases. " + CASE_SHAPE);
    }
    if (cases.size() > max) {
      throw ProblemException.invalid("cases", "must have at most " + max + " cases");
    }
    return cases;
  }

  /** The policy a simulation runs against: {@code policy}, {@code version} or the active one. */
  private Policy policy(String org, ToolRequest body) {
    JsonNode draft = body.get("policy");
    JsonNode version = body.get("version");
    if (draft != null && version != null) {
      throw ProblemException.invalid("version", "give either policy or version, not both");
    }
    if (draft != null) {
      return draft(body, "policy");
    }
    if (version != null) {
      return stored(org, version, "version");
    }
    return parseStored(store.active(org));
  }

  /** One side of a diff: a version number, a document, or (absent) the active policy. */
  private Policy side(String org, ToolRequest body, String member) {
    JsonNode node = body.get(member);
    if (node == null) {
      return parseStored(store.active(org));
    }
    if (node.isObject()) {
      return draft(body, member);
    }
    return stored(org, node, member);
  }

  private Policy draft(ToolRequest body, String member) {
    DocumentSource source = body.document(member);
    if (source == null) {
      throw ProblemException.invalid(member, "must be an ACL v2 document (a JSON object)");
    }
    ParseResult result = source.parse();
    metrics.validated(result.valid());
    if (!result.valid()) {
      throw DocumentSource.invalid(result.errors());
    }
    return result.policy();
  }

  private Policy stored(String org, JsonNode version, String member) {
    if (!version.canConvertToInt() || !version.isIntegralNumber() || version.asInt() < 0) {
      throw ProblemException.invalid(
          member, "must be a version number (0 is Blank) or an ACL v2 document");
    }
    int v = version.asInt();
    return parseStored(
        store
            .version(org, v)
            .orElseThrow(
                () -> ProblemException.invalid(member, "organization has no ACL version " + v)));
  }

  private static Policy parseStored(StoredPolicy stored) {
    ParseResult result = PolicyDocument.parse(stored.document());
    if (!result.valid()) {
      throw new IllegalStateException(
          "Stored ACL version " + stored.version() + " of " + stored.orgId() + " is not valid");
    }
    return result.policy();
  }
}

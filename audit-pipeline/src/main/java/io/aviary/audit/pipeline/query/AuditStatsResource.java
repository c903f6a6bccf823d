package io.aviary.audit.pipeline.query;

import io.aviary.service.auth.Role;
import io.aviary.service.problem.ProblemCode;
import io.aviary.service.problem.ProblemException;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.UriInfo;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.ParameterIn;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameters;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.logging.Logger;

/**
 * Refusals over time: how many authentication failures and denied ACL verdicts an organization had
 * per time bucket, for the console's chart and for alerting scripts. Bound to {@code {org}} like
 * every audit path (the organization access filter, then {@link Where}).
 */
@Path("/api/v1/orgs/{org}/audit/stats")
@Tag(name = "audit")
@SecurityRequirement(name = "platform")
@RolesAllowed({Role.ADMIN_NAME, Role.MEMBER_NAME})
public class AuditStatsResource {

  private static final Logger LOG = Logger.getLogger(AuditStatsResource.class);

  private final RefusalCounts counts;
  private final Clock clock;

  public AuditStatsResource(RefusalCounts counts, Clock clock) {
    this.counts = counts;
    this.clock = clock;
  }

  /** The body of the statistics. */
  @Schema(name = "RefusalStats")
  public record RefusalStats(
      @Schema(description = "Inclusive start of the range counted") Instant from,
      @Schema(description = "Exclusive end of the range counted") Instant to,
      @Schema(
              description = "The bucket width",
              enumeration = {"1m", "5m", "15m", "1h", "6h", "1d"})
          String bucket,
      @Schema(description = "The bucket width in seconds") long bucketSeconds,
      @Schema(description = "The sums over every bucket") Totals totals,
      @Schema(description = "Every bucket the range touches, oldest first, empty ones included")
          List<BucketCounts> buckets) {}

  /** The sums of a range. */
  @Schema(name = "RefusalTotals")
  public record Totals(long authFailures, long denials) {}

  /** One bucket's counts. */
  @Schema(name = "RefusalBucket")
  public record BucketCounts(
      @Schema(description = "Start of the bucket, aligned on the Unix epoch (UTC)") Instant start,
      @Schema(description = "auth_failure events in the bucket and the range") long authFailures,
      @Schema(description = "acl_verdict events with verdict deny in the bucket and the range")
          long denials) {}

  @GET
  @Produces(MediaType.APPLICATION_JSON)
  @Operation(
      summary = "Count authentication failures and denials per time bucket",
      description =
          "Counts `auth_failure` events and `acl_verdict` events with verdict `deny` (publish,"
              + " subscribe and will) with from ≤ time < to, per bucket. Buckets are aligned on"
              + " the Unix epoch (UTC), so the first and last may be partly outside the range;"
              + " only events inside it count. Defaults: to = now, from = 24 h before to, bucket"
              + " = 1h. At most 500 buckets. `client_id`, `principal`, `topic_prefix` and"
              + " `reason` narrow both counts as they narrow the listing. Invalid parameters are"
              + " a 400 whose `errors` point at `/query/<name>`.")
  @Parameters({
    @Parameter(
        name = "from",
        in = ParameterIn.QUERY,
        description = "Inclusive RFC 3339 instant; default 24 h before to"),
    @Parameter(
        name = "to",
        in = ParameterIn.QUERY,
        description = "Exclusive RFC 3339 instant; default now"),
    @Parameter(
        name = "bucket",
        in = ParameterIn.QUERY,
        description = "1m, 5m, 15m, 1h (default), 6h or 1d"),
    @Parameter(name = "client_id", in = ParameterIn.QUERY, description = "Exact MQTT client id"),
    @Parameter(
        name = "principal",
        in = ParameterIn.QUERY,
        description = "Exact identity (auth failures: the username as sent)"),
    @Parameter(
        name = "topic_prefix",
        in = ParameterIn.QUERY,
        description = "Topic starts with this (auth failures have none, so count 0)"),
    @Parameter(name = "reason", in = ParameterIn.QUERY, description = "Exact reason code")
  })
  @APIResponse(
      responseCode = "200",
      description = "The counts per bucket",
      content = @Content(schema = @Schema(implementation = RefusalStats.class)))
  @APIResponse(responseCode = "400", description = "An invalid query parameter")
  public RefusalStats stats(@PathParam("org") String org, @Context UriInfo uri) {
    QueryInput input = new QueryInput(uri.getQueryParameters(), QueryInput.STATS);
    EventFilter filter = input.filter();
    StatsWindow window = input.window(filter, clock.instant());
    input.check();
    List<RefusalCounts.Point> points;
    try {
      points = counts.count(org, filter, window);
    } catch (SQLException e) {
      LOG.warnf("Audit statistics failed: %s", e.getMessage());
      throw new ProblemException(ProblemCode.UNAVAILABLE, "The audit store is not reachable.");
    }
    long authFailures = 0;
    long denials = 0;
    for (RefusalCounts.Point p : points) {
      authFailures += p.authFailures();
      denials += p.denials();
    }
    return new RefusalStats(
        window.from(),
        window.to(),
        window.bucket().code(),
        window.bucket().width().toSeconds(),
        new Totals(authFailures, denials),
        points.stream()
            .map(p -> new BucketCounts(p.start(), p.authFailures(), p.denials()))
            .toList());
  }
}

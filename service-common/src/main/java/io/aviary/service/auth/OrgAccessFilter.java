package io.aviary.service.auth;

import io.aviary.service.problem.Problem;
import io.aviary.service.problem.ProblemCode;
import io.aviary.service.problem.ProblemMappers;
import io.quarkus.security.identity.CurrentIdentityAssociation;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/**
 * Tenant isolation for every resource whose path has an {@code {org}} parameter: the caller must
 * hold a platform access token of that same organization. Resources cannot forget the check,
 * because it runs for the path, not for the method.
 */
public class OrgAccessFilter {

  /** The path parameter that names the organization. */
  public static final String ORG_PARAM = "org";

  private final CurrentIdentityAssociation identities;

  public OrgAccessFilter(CurrentIdentityAssociation identities) {
    this.identities = identities;
  }

  @ServerRequestFilter
  public Uni<Response> requireSameOrg(UriInfo uri) {
    String org = uri.getPathParameters().getFirst(ORG_PARAM);
    if (org == null || !uri.getPath().startsWith("/api/")) {
      return Uni.createFrom().nullItem();
    }
    return identities
        .getDeferredIdentity()
        .map(
            identity -> {
              if (identity.isAnonymous()
                  || !(identity.getPrincipal() instanceof JsonWebToken jwt)) {
                return ProblemMappers.response(
                    Problem.of(
                        ProblemCode.UNAUTHORIZED, "A valid, unexpired bearer token is required."));
              }
              if (!org.equals(jwt.getClaim(PlatformToken.ORG_CLAIM))) {
                return ProblemMappers.response(
                    Problem.of(
                        ProblemCode.FORBIDDEN, "The token does not belong to organization " + org));
              }
              return null;
            });
  }
}

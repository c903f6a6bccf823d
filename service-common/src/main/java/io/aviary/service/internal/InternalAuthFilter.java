package io.aviary.service.internal;

import io.aviary.service.problem.Problem;
import io.aviary.service.problem.ProblemCode;
import io.aviary.service.problem.ProblemMappers;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/**
 * Guards {@code /internal/}: only callers presenting the internal token as a bearer get through.
 * Runs before routing, so nothing about internal paths is revealed without it.
 */
public class InternalAuthFilter {

  private static final String PREFIX = "/internal/";
  private static final String BEARER = "Bearer ";

  private final InternalToken token;

  public InternalAuthFilter(InternalToken token) {
    this.token = token;
  }

  @ServerRequestFilter(preMatching = true)
  public Response requireInternalToken(ContainerRequestContext request) {
    String path = request.getUriInfo().getPath();
    if (!path.startsWith(PREFIX)) {
      return null;
    }
    String header = request.getHeaderString(HttpHeaders.AUTHORIZATION);
    if (header != null
        && header.regionMatches(true, 0, BEARER, 0, BEARER.length())
        && token.matches(header.substring(BEARER.length()).strip())) {
      return null;
    }
    return ProblemMappers.response(
        Problem.of(ProblemCode.UNAUTHORIZED, "The internal API requires the internal token."));
  }
}

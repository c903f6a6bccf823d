package io.aviary.tenant.secret;

import io.aviary.service.problem.Problem;
import io.aviary.service.problem.ProblemCode;
import io.aviary.service.problem.ProblemMappers;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/** A sign-in refused because every Argon2 slot is taken: 503 with a short Retry-After. */
public class BusyMapper {

  @ServerExceptionMapper
  public Response busy(PasswordHasher.Busy e) {
    return Response.fromResponse(
            ProblemMappers.response(
                Problem.of(ProblemCode.UNAVAILABLE, "Too many sign-ins at once; retry shortly.")))
        .header(HttpHeaders.RETRY_AFTER, "2")
        .build();
  }
}

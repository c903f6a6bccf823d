package io.aviary.service.problem;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import io.quarkus.hibernate.validator.runtime.jaxrs.ResteasyReactiveViolationException;
import io.quarkus.security.AuthenticationCompletionException;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.ForbiddenException;
import io.quarkus.security.UnauthorizedException;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.ConstraintViolationException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * Turns every failure that reaches Quarkus REST into an {@code application/problem+json} body. A
 * service maps its own exceptions with further {@code @ServerExceptionMapper} methods; the most
 * specific exception type wins, {@link #unexpected} catches the rest.
 */
public class ProblemMappers {

  private static final Logger LOG = Logger.getLogger(ProblemMappers.class);

  @ServerExceptionMapper
  public Response problem(ProblemException e) {
    return response(e.problem());
  }

  @ServerExceptionMapper
  public Response violations(ResteasyReactiveViolationException e) {
    return violationResponse(e.getConstraintViolations());
  }

  @ServerExceptionMapper
  public Response violations(ConstraintViolationException e) {
    return violationResponse(e.getConstraintViolations());
  }

  @ServerExceptionMapper
  public Response mismatchedInput(MismatchedInputException e) {
    return malformed(e);
  }

  @ServerExceptionMapper
  public Response unreadableJson(JsonProcessingException e) {
    return malformed(e);
  }

  @ServerExceptionMapper
  public Response unauthorized(UnauthorizedException e) {
    return unauthorizedResponse();
  }

  @ServerExceptionMapper
  public Response authenticationFailed(AuthenticationFailedException e) {
    return unauthorizedResponse();
  }

  @ServerExceptionMapper
  public Response authenticationIncomplete(AuthenticationCompletionException e) {
    return unauthorizedResponse();
  }

  @ServerExceptionMapper
  public Response forbidden(ForbiddenException e) {
    return response(Problem.of(ProblemCode.FORBIDDEN, "Your role does not allow this operation."));
  }

  @ServerExceptionMapper
  public Response webApplication(WebApplicationException e) {
    int status = e.getResponse().getStatus();
    ProblemCode code =
        switch (status) {
          case 400 -> ProblemCode.MALFORMED_REQUEST;
          case 401 -> ProblemCode.UNAUTHORIZED;
          case 403 -> ProblemCode.FORBIDDEN;
          case 404 -> ProblemCode.NOT_FOUND;
          case 405 -> ProblemCode.METHOD_NOT_ALLOWED;
          case 406 -> ProblemCode.NOT_ACCEPTABLE;
          case 412 -> ProblemCode.PRECONDITION_FAILED;
          case 415 -> ProblemCode.UNSUPPORTED_MEDIA_TYPE;
          case 503 -> ProblemCode.UNAVAILABLE;
          default -> null;
        };
    if (code == null) {
      if (status >= 500) {
        LOG.error("Request failed", e);
        return response(Problem.of(ProblemCode.INTERNAL_ERROR, "The request failed."));
      }
      return response(
          new Problem(Problem.TYPE_PREFIX + "http_" + status, "HTTP " + status, status, "", null));
    }
    String detail =
        switch (code) {
          case NOT_FOUND -> "No resource at this path.";
          case METHOD_NOT_ALLOWED -> "This path does not accept that method.";
          case UNSUPPORTED_MEDIA_TYPE -> "Send application/json.";
          case NOT_ACCEPTABLE -> "This resource cannot produce the requested media type.";
          case UNAUTHORIZED -> "A valid bearer token is required.";
          default -> e.getMessage() == null ? code.title() : e.getMessage();
        };
    return response(Problem.of(code, detail));
  }

  @ServerExceptionMapper
  public Response unexpected(RuntimeException e) {
    LOG.error("Unexpected failure", e);
    return response(Problem.of(ProblemCode.INTERNAL_ERROR, "The request failed unexpectedly."));
  }

  /** A problem response with the right status and media type. */
  public static Response response(Problem problem) {
    Response.ResponseBuilder builder =
        Response.status(problem.status()).type(Problem.MEDIA_TYPE).entity(problem);
    if (problem.status() == 401) {
      builder.header(HttpHeaders.WWW_AUTHENTICATE, "Bearer");
    }
    return builder.build();
  }

  /** The 401 for a missing, invalid or expired bearer token. */
  public static Response unauthorizedResponse() {
    return response(
        Problem.of(ProblemCode.UNAUTHORIZED, "A valid, unexpired bearer token is required."));
  }

  private static Response violationResponse(Set<ConstraintViolation<?>> violations) {
    List<FieldError> errors =
        violations.stream()
            .map(v -> new FieldError(Pointers.of(v.getPropertyPath()), v.getMessage()))
            .sorted(Comparator.comparing(FieldError::pointer).thenComparing(FieldError::detail))
            .toList();
    return response(ProblemException.invalid(errors).problem());
  }

  private static Response malformed(JsonProcessingException e) {
    String pointer = "";
    if (e instanceof JsonMappingException mapping) {
      pointer = Pointers.of(mapping.getPath());
    }
    String detail =
        e instanceof MismatchedInputException
            ? "A value has the wrong type."
            : "The body is not valid JSON.";
    ProblemCode code = ProblemCode.MALFORMED_REQUEST;
    return response(
        new Problem(
            Problem.TYPE_PREFIX + code.code(),
            code.title(),
            code.status(),
            detail,
            List.of(new FieldError(pointer, detail))));
  }
}

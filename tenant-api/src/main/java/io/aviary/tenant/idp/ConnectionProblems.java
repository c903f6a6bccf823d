package io.aviary.tenant.idp;

import io.aviary.identity.IdpConnection;
import io.aviary.service.problem.FieldError;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Where in a request each of {@link IdpConnection#validate()}'s sentences points. The identity
 * module owns the rules and their wording; this class only places them. A sentence it does not
 * recognise is reported against the whole body ({@code ""}), so nothing is ever lost.
 */
final class ConnectionProblems {

  private static final Pattern UNSUPPORTED = Pattern.compile("^Algorithm '(.*)' is not supported");
  private static final Pattern SECRET = Pattern.compile("^HS\\d+ needs a shared secret");
  private static final Pattern RESERVED = Pattern.compile("^Binding '(.*)' is set by the broker");

  private ConnectionProblems() {}

  /**
   * The pointer {@code problem} is reported at, followed by pointers whose own errors make it
   * redundant (an error already found there, or below one of them, says the same thing more
   * precisely).
   */
  static List<String> pointers(String problem, IdpRequest request) {
    if (problem.startsWith("At least one issuer")) {
      return List.of("/issuers", "/issuer");
    }
    if (problem.startsWith("At least one signing algorithm")) {
      return List.of("/algorithms");
    }
    Matcher unsupported = UNSUPPORTED.matcher(problem);
    if (unsupported.find()) {
      int index =
          request.algorithms() == null ? -1 : request.algorithms().indexOf(unsupported.group(1));
      return List.of(index < 0 ? "/algorithms" : "/algorithms/" + index);
    }
    if (SECRET.matcher(problem).find()) {
      return List.of("/hs256_secret");
    }
    if (problem.startsWith("Asymmetric algorithms need a discovery URL or a JWKS URL")) {
      return List.of("/jwks_url", "/discovery_url", "/issuers", "/issuer", "/inputs");
    }
    if (problem.startsWith("Clock skew")) {
      return List.of("/clock_skew_seconds");
    }
    Matcher reserved = RESERVED.matcher(problem);
    if (reserved.find()) {
      return List.of("/claim_mappings/" + FieldError.escape(reserved.group(1)));
    }
    return List.of("");
  }

  /** Adds {@code problem} unless an error already reported makes it redundant. */
  static void add(List<FieldError> errors, String problem, IdpRequest request) {
    List<String> pointers = pointers(problem, request);
    String pointer = pointers.get(0);
    boolean redundant =
        !pointer.isEmpty()
            && errors.stream()
                .map(FieldError::pointer)
                .anyMatch(
                    found ->
                        pointers.stream()
                            .anyMatch(p -> found.equals(p) || found.startsWith(p + "/")));
    if (!redundant) {
      errors.add(new FieldError(pointer, problem));
    }
  }
}

package io.aviary.acl.service.policy;

import io.aviary.acl.ParseResult;
import io.aviary.acl.PolicyDocument;
import io.aviary.acl.Problem;
import io.aviary.service.problem.FieldError;
import io.aviary.service.problem.ProblemException;
import java.util.List;

/**
 * A policy document as it appears in a request: its exact text, the JSON pointer of that text in
 * the request body and where it starts, so every problem is reported at its place in what the user
 * sent (a document in {@code "policy"} of a simulate body gets {@code /policy/rules/0/topic} and
 * the line and column in that body).
 *
 * @param text the document's JSON text
 * @param pointer the document's pointer in the body, {@code ""} when it is the whole body
 * @param line 1-based line of the document's first character in the body
 * @param column 1-based column of that character
 */
public record DocumentSource(String text, String pointer, int line, int column) {

  /** A document that is the whole request body. */
  public static DocumentSource body(String text) {
    return new DocumentSource(text, "", 1, 1);
  }

  /** Validates the document; every problem is located in the request body. */
  public ParseResult parse() {
    ParseResult result = PolicyDocument.parse(text);
    if (pointer.isEmpty() && line == 1 && column == 1) {
      return result;
    }
    return new ParseResult(result.policy(), result.problems().stream().map(this::locate).toList());
  }

  /**
   * The valid result, or a 422 {@code invalid_policy} problem listing every error with its pointer,
   * line and column.
   */
  public ParseResult require() {
    ParseResult result = parse();
    if (!result.valid()) {
      throw invalid(result.errors());
    }
    return result;
  }

  /** The 422 problem for these errors. */
  public static ProblemException invalid(List<Problem> errors) {
    List<FieldError> fields =
        errors.stream()
            .map(
                p ->
                    p.line() > 0
                        ? new FieldError(p.pointer(), p.message(), p.line(), p.column())
                        : new FieldError(p.pointer(), p.message()))
            .toList();
    String detail =
        fields.size() == 1
            ? "The policy has an error: " + fields.get(0).detail()
            : "The policy has " + fields.size() + " errors; see errors.";
    return ProblemException.invalid(AclProblem.INVALID_POLICY, detail, fields);
  }

  private Problem locate(Problem p) {
    int atLine = p.line();
    int atColumn = p.column();
    if (atLine > 0) {
      atColumn = atLine == 1 ? column + atColumn - 1 : atColumn;
      atLine = line + atLine - 1;
    }
    return new Problem(p.severity(), pointer + p.pointer(), atLine, atColumn, p.message());
  }
}

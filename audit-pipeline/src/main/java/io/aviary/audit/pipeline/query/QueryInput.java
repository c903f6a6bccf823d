package io.aviary.audit.pipeline.query;

import io.aviary.audit.event.EventType;
import io.aviary.service.problem.FieldError;
import io.aviary.service.problem.ProblemException;
import jakarta.ws.rs.core.MultivaluedMap;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * The query string of an audit request, parsed at the edge. Every problem is collected with the
 * pointer {@code /query/<parameter>} while the parameters are read, and {@link #check} reports them
 * all at once as a 400 {@code validation_failed}; what gets past it is valid.
 */
final class QueryInput {

  static final String TYPE = "type";
  static final String FROM = "from";
  static final String TO = "to";
  static final String CLIENT_ID = "client_id";
  static final String PRINCIPAL = "principal";
  static final String TOPIC_PREFIX = "topic_prefix";
  static final String VERDICT = "verdict";
  static final String REASON = "reason";
  static final String LIMIT = "limit";
  static final String CURSOR = "cursor";
  static final String FORMAT = "format";
  static final String BUCKET = "bucket";

  /** The filter parameters every endpoint takes: all the live tail takes. */
  static final Set<String> MATCH =
      Set.of(TYPE, CLIENT_ID, PRINCIPAL, TOPIC_PREFIX, VERDICT, REASON);

  /** The listing's parameters. */
  static final Set<String> LIST = with(MATCH, FROM, TO, LIMIT, CURSOR);

  /** An export's parameters. */
  static final Set<String> EXPORT = with(MATCH, FROM, TO, FORMAT);

  /**
   * The refusal statistics' parameters: the range, the bucket and the filters that narrow both auth
   * failures and denials (type and verdict are what the statistics count).
   */
  static final Set<String> STATS =
      with(Set.of(CLIENT_ID, PRINCIPAL, TOPIC_PREFIX, REASON), FROM, TO, BUCKET);

  static final int DEFAULT_LIMIT = 100;
  static final int MAX_LIMIT = 1000;

  /** The most buckets one statistics answer holds. */
  static final int MAX_BUCKETS = 500;

  /** The statistics' range when {@code from} is absent: this long before {@code to}. */
  static final Duration DEFAULT_SPAN = Duration.ofHours(24);

  private static final int MAX_TEXT = 1024;
  private static final List<String> TYPES =
      Arrays.stream(EventType.values()).map(EventType::code).toList();

  private final MultivaluedMap<String, String> params;
  private final List<FieldError> errors = new ArrayList<>();

  /**
   * @param allowed the parameters this endpoint takes; any other is an error, so that a misspelt
   *     filter never silently widens a result
   */
  QueryInput(MultivaluedMap<String, String> params, Set<String> allowed) {
    this.params = params;
    for (String name : new TreeSet<>(params.keySet())) {
      if (!allowed.contains(name)) {
        errors.add(
            error(name, "is not a parameter of this endpoint; it takes " + new TreeSet<>(allowed)));
      } else if (!name.equals(TYPE) && params.get(name).size() > 1) {
        errors.add(error(name, "must be given at most once"));
      }
    }
  }

  /** The filter; problems are collected for {@link #check}. */
  EventFilter filter() {
    List<String> types = new ArrayList<>();
    for (String type : params.getOrDefault(TYPE, List.of())) {
      if (TYPES.contains(type)) {
        types.add(type);
      } else {
        errors.add(error(TYPE, "must be one of " + TYPES + ", got '" + type + "'"));
      }
    }
    Instant from = instant(FROM);
    Instant to = instant(TO);
    if (from != null && to != null && !to.isAfter(from)) {
      errors.add(error(TO, "must be after from"));
    }
    String verdict = text(VERDICT);
    if (verdict != null && !verdict.equals("allow") && !verdict.equals("deny")) {
      errors.add(error(VERDICT, "must be allow or deny"));
    }
    return new EventFilter(
        types,
        from,
        to,
        text(CLIENT_ID),
        text(PRINCIPAL),
        text(TOPIC_PREFIX),
        verdict,
        text(REASON));
  }

  /** The page size: 100 when absent, at most 1000. */
  int limit() {
    String value = params.getFirst(LIMIT);
    if (value == null) {
      return DEFAULT_LIMIT;
    }
    try {
      int limit = Integer.parseInt(value.strip());
      if (limit >= 1 && limit <= MAX_LIMIT) {
        return limit;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    errors.add(error(LIMIT, "must be an integer from 1 to " + MAX_LIMIT));
    return DEFAULT_LIMIT;
  }

  /** Where the previous page ended, or null for the first page. */
  Cursor cursor() {
    String value = params.getFirst(CURSOR);
    if (value == null || value.isEmpty()) {
      return null;
    }
    return Cursor.decode(value)
        .orElseGet(
            () -> {
              errors.add(error(CURSOR, "is not a cursor this service returned (next_cursor)"));
              return null;
            });
  }

  /** The export format: {@code ndjson} (default) or {@code csv}. */
  String format() {
    String value = params.getFirst(FORMAT);
    if (value == null || value.equals("ndjson") || value.equals("csv")) {
      return value == null ? "ndjson" : value;
    }
    errors.add(error(FORMAT, "must be ndjson or csv"));
    return "ndjson";
  }

  /**
   * The statistics' range and bucket: {@code to} defaults to {@code now}, {@code from} to {@link
   * #DEFAULT_SPAN} before {@code to}, the bucket to an hour; at most {@link #MAX_BUCKETS} buckets.
   * Null when the range is invalid (the problem is collected for {@link #check}).
   *
   * @param filter what {@link #filter} returned, which holds the range as given
   */
  StatsWindow window(EventFilter filter, Instant now) {
    String code = params.getFirst(BUCKET);
    Bucket bucket = code == null ? Bucket.HOUR : Bucket.of(code.strip()).orElse(null);
    if (bucket == null) {
      errors.add(error(BUCKET, "must be one of " + Bucket.CODES + ", got '" + code + "'"));
    }
    boolean givenFrom = params.containsKey(FROM);
    boolean givenTo = params.containsKey(TO);
    if ((givenFrom && filter.from() == null)
        || (givenTo && filter.to() == null)
        || bucket == null) {
      return null; // already reported
    }
    Instant to = givenTo ? filter.to() : now;
    Instant from = givenFrom ? filter.from() : to.minus(DEFAULT_SPAN);
    if (!to.isAfter(from)) {
      if (givenFrom && !givenTo) {
        errors.add(error(FROM, "must be before to, which is now (" + now + ") when absent"));
      }
      return null; // both given: filter() reported it
    }
    StatsWindow window = new StatsWindow(from, to, bucket);
    if (window.count() > MAX_BUCKETS) {
      errors.add(
          error(
              BUCKET,
              "of "
                  + bucket.code()
                  + " makes "
                  + window.count()
                  + " buckets from "
                  + from
                  + " to "
                  + to
                  + "; at most "
                  + MAX_BUCKETS
                  + ": choose a wider bucket or a shorter range"));
      return null;
    }
    return window;
  }

  /** Throws the collected problems, if any. */
  void check() {
    if (!errors.isEmpty()) {
      throw ProblemException.invalid(List.copyOf(errors));
    }
  }

  private Instant instant(String name) {
    String value = params.getFirst(name);
    if (value == null) {
      return null;
    }
    try {
      return Instant.parse(value.strip());
    } catch (DateTimeParseException e) {
      errors.add(
          error(
              name,
              "must be an RFC 3339 instant such as 2026-12-01T00:00:00Z, got '" + value + "'"));
      return null;
    }
  }

  private String text(String name) {
    String value = params.getFirst(name);
    if (value == null) {
      return null;
    }
    if (value.isEmpty() || value.length() > MAX_TEXT || value.indexOf('\0') >= 0) {
      errors.add(error(name, "must be 1 to " + MAX_TEXT + " characters without U+0000"));
      return null;
    }
    return value;
  }

  private static Set<String> with(Set<String> base, String... more) {
    Set<String> all = new TreeSet<>(base);
    all.addAll(List.of(more));
    return Set.copyOf(all);
  }

  private static FieldError error(String name, String detail) {
    return new FieldError("/query/" + FieldError.escape(name), name + " " + detail);
  }
}

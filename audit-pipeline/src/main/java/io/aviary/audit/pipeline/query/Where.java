package io.aviary.audit.pipeline.query;

import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

/**
 * The WHERE clause of an organization's events under a filter, with its parameters. The
 * organization is always the first condition: no query of this service can read across
 * organizations, and org-less events (null org id) never match.
 */
final class Where {

  private final StringBuilder sql = new StringBuilder(" where org_id = ?");
  private final List<Object> params = new ArrayList<>();

  Where(String org, EventFilter filter) {
    params.add(org);
    if (!filter.types().isEmpty()) {
      sql.append(" and type in (");
      for (int i = 0; i < filter.types().size(); i++) {
        sql.append(i == 0 ? "?" : ", ?");
        params.add(filter.types().get(i));
      }
      sql.append(')');
    }
    if (filter.from() != null) {
      add("time >= ?", timestamp(filter.from()));
    }
    if (filter.to() != null) {
      add("time < ?", timestamp(filter.to()));
    }
    equal("client_id", filter.clientId());
    equal("principal", filter.principal());
    equal("verdict", filter.verdict());
    equal("reason", filter.reason());
    if (filter.topicPrefix() != null) {
      // A byte-wise range, which the (org_id, topic text_pattern_ops) index answers.
      add("topic ~>=~ ?", filter.topicPrefix());
      String upper = successor(filter.topicPrefix());
      if (upper != null) {
        add("topic ~<~ ?", upper);
      }
    }
  }

  /** Adds {@code condition} with its {@code values} in order. */
  Where add(String condition, Object... values) {
    sql.append(" and ").append(condition);
    params.addAll(List.of(values));
    return this;
  }

  String sql() {
    return sql.toString();
  }

  /** Binds the parameters from index 1; returns the next free index. */
  int bind(PreparedStatement st) throws SQLException {
    int i = 1;
    for (Object p : params) {
      st.setObject(i++, p);
    }
    return i;
  }

  static OffsetDateTime timestamp(Instant instant) {
    return instant.atOffset(ZoneOffset.UTC);
  }

  /**
   * The least string greater than every string starting with {@code prefix}, in code point (and so
   * UTF-8 byte) order: the prefix with its last code point incremented; null when there is none.
   */
  static String successor(String prefix) {
    int[] cps = prefix.codePoints().toArray();
    for (int i = cps.length - 1; i >= 0; i--) {
      if (cps[i] < Character.MAX_CODE_POINT) {
        int next = cps[i] + 1;
        if (next >= Character.MIN_SURROGATE && next <= Character.MAX_SURROGATE) {
          next = Character.MAX_SURROGATE + 1;
        }
        StringBuilder out = new StringBuilder();
        for (int j = 0; j < i; j++) {
          out.appendCodePoint(cps[j]);
        }
        return out.appendCodePoint(next).toString();
      }
    }
    return null;
  }

  private void equal(String column, String value) {
    if (value != null) {
      add(column + " = ?", value);
    }
  }
}

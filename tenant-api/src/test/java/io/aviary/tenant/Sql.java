package io.aviary.tenant;

import io.agroal.api.AgroalDataSource;
import io.quarkus.arc.Arc;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

/** Direct reads of the service's database in tests, outside any transaction of the service. */
final class Sql {

  private Sql() {}

  /** The single number {@code query} returns, with {@code params} bound in order. */
  static long number(String query, Object... params) {
    AgroalDataSource ds = Arc.container().instance(AgroalDataSource.class).get();
    try (Connection c = ds.getConnection();
        PreparedStatement st = c.prepareStatement(query)) {
      for (int i = 0; i < params.length; i++) {
        st.setObject(i + 1, params[i]);
      }
      try (ResultSet rs = st.executeQuery()) {
        rs.next();
        return rs.getLong(1);
      }
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Rows of the audit outbox for {@code orgId}. */
  static long outboxRows(String orgId) {
    return number("select count(*) from audit_outbox where org_id = ?", orgId);
  }
}

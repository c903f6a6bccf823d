package io.aviary.audit.pipeline.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.sql.DataSource;
import org.jboss.logging.Logger;

/**
 * The daily partitions of {@code audit_event}: {@code audit_event_pYYYYMMDD} holds one UTC day.
 * They are created ahead of time and for a late event's day within a window; anything outside goes
 * to {@code audit_event_default}. Creating a day moves that day's rows out of the default partition
 * first, so a day that once caught a stray event can still get its own partition.
 */
public final class Partitions {

  private static final Logger LOG = Logger.getLogger(Partitions.class);
  private static final String PREFIX = "audit_event_p";
  private static final Pattern NAME = Pattern.compile(PREFIX + "(\\d{8})");
  private static final DateTimeFormatter DAY = DateTimeFormatter.BASIC_ISO_DATE;
  // Serializes partition DDL between pipeline instances (and with the retention sweep).
  private static final long DDL_LOCK = 0x6176_6961_7279_02L;

  private final DataSource dataSource;
  private final Clock clock;
  private final int aheadDays;
  private final int backDays;
  private final Set<LocalDate> known = ConcurrentHashMap.newKeySet();

  /**
   * @param aheadDays days after today that get a partition ahead of time
   * @param backDays days before today for which a late event gets a partition
   */
  public Partitions(DataSource dataSource, Clock clock, int aheadDays, int backDays) {
    this.dataSource = dataSource;
    this.clock = clock;
    this.aheadDays = aheadDays;
    this.backDays = backDays;
  }

  /** The partition table of {@code day}. */
  private static String name(LocalDate day) {
    return PREFIX + DAY.format(day);
  }

  /** Today (UTC) through today + ahead days. */
  public void ensureAhead() throws SQLException {
    LocalDate today = today();
    List<LocalDate> days = new ArrayList<>();
    for (int i = 0; i <= aheadDays; i++) {
      days.add(today.plusDays(i));
    }
    ensure(days);
  }

  /**
   * Makes sure each of {@code days} inside the window (today - back days to today + ahead days) has
   * its partition; days outside are left to the default partition.
   */
  public void ensure(Collection<LocalDate> days) throws SQLException {
    LocalDate today = today();
    LocalDate first = today.minusDays(backDays);
    LocalDate last = today.plusDays(aheadDays);
    for (LocalDate day : days) {
      if (!known.contains(day) && !day.isBefore(first) && !day.isAfter(last)) {
        create(day);
      }
    }
  }

  /** The days that have a partition, oldest first. */
  public List<LocalDate> list() throws SQLException {
    List<LocalDate> days = new ArrayList<>();
    try (Connection c = dataSource.getConnection();
        PreparedStatement st =
            c.prepareStatement(
                "select c.relname from pg_inherits i join pg_class c on c.oid = i.inhrelid"
                    + " where i.inhparent = 'audit_event'::regclass");
        ResultSet rs = st.executeQuery()) {
      while (rs.next()) {
        Matcher m = NAME.matcher(rs.getString(1));
        if (m.matches()) {
          days.add(LocalDate.parse(m.group(1), DAY));
        }
      }
    }
    days.sort(null);
    known.addAll(days);
    return days;
  }

  /** Drops every day partition that ends at or before {@code cutoff}; returns the days dropped. */
  public List<LocalDate> dropBefore(Instant cutoff) throws SQLException {
    Set<LocalDate> dropped = new TreeSet<>();
    for (LocalDate day : list()) {
      if (!day.plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant().isAfter(cutoff)) {
        try (Connection c = dataSource.getConnection()) {
          c.setAutoCommit(false);
          try (Statement st = c.createStatement()) {
            st.execute("select pg_advisory_xact_lock(" + DDL_LOCK + ")");
            st.execute("drop table if exists " + name(day));
          }
          c.commit();
        }
        known.remove(day);
        dropped.add(day);
        LOG.infof("Dropped audit partition %s", name(day));
      }
    }
    return List.copyOf(dropped);
  }

  private void create(LocalDate day) throws SQLException {
    String table = name(day);
    String from = "'" + day + " 00:00:00+00'";
    String to = "'" + day.plusDays(1) + " 00:00:00+00'";
    try (Connection c = dataSource.getConnection()) {
      c.setAutoCommit(false);
      try (Statement st = c.createStatement()) {
        st.execute("select pg_advisory_xact_lock(" + DDL_LOCK + ")");
        try (ResultSet rs = st.executeQuery("select to_regclass('" + table + "') is not null")) {
          rs.next();
          if (rs.getBoolean(1)) {
            c.commit();
            known.add(day);
            return;
          }
        }
        // Created detached, filled with the day's strays from the default partition, then
        // attached: attaching checks the default partition no longer holds rows of that day.
        st.execute("create table " + table + " (like audit_event including defaults)");
        int moved =
            st.executeUpdate(
                "with moved as (delete from audit_event_default where time >= "
                    + from
                    + " and time < "
                    + to
                    + " returning *) insert into "
                    + table
                    + " select * from moved");
        st.execute(
            "alter table audit_event attach partition "
                + table
                + " for values from ("
                + from
                + ") to ("
                + to
                + ")");
        c.commit();
        known.add(day);
        LOG.infof(
            "Created audit partition %s (%d rows moved from the default partition)", table, moved);
      } catch (SQLException | RuntimeException e) {
        c.rollback();
        throw e;
      }
    }
  }

  private LocalDate today() {
    return LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC);
  }
}

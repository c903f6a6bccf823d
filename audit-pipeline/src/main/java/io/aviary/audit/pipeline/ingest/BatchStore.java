package io.aviary.audit.pipeline.ingest;

import io.aviary.audit.pipeline.ingest.Batch.Letter;
import io.aviary.audit.pipeline.ingest.DeadLetters.Kind;
import io.aviary.audit.pipeline.store.EventRow;
import io.aviary.audit.pipeline.store.EventWriter;
import io.aviary.audit.pipeline.store.Partitions;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The database side of one batch: its days' partitions, then its rows in one transaction. A batch
 * the database refuses for its data (SQLSTATE class 22, such as {@code \u0000} in a string), not
 * for being down, is written again row by row, so that only the rows it cannot store are set aside,
 * as dead letters, instead of failing their batch forever.
 */
final class BatchStore {

  /**
   * What storing a batch did.
   *
   * @param inserted rows that were new (the rest were already stored)
   * @param unstorable rows the database refused, to dead-letter
   * @param took time from the first statement to the commit
   */
  record Stored(int inserted, List<Letter> unstorable, Duration took) {}

  private final Partitions partitions;
  private final EventWriter writer;

  BatchStore(Partitions partitions, EventWriter writer) {
    this.partitions = partitions;
    this.writer = writer;
  }

  /**
   * Stores the batch's rows.
   *
   * @throws SQLException when the database failed; nothing of the batch is known to be stored
   */
  Stored store(Batch batch) throws SQLException {
    partitions.ensure(batch.days());
    long start = System.nanoTime();
    List<Letter> unstorable = new ArrayList<>();
    int inserted;
    try {
      inserted = writer.write(batch.rows());
    } catch (SQLException e) {
      if (!isDataError(e)) {
        throw e;
      }
      inserted = writeOneByOne(batch, unstorable);
    }
    return new Stored(inserted, unstorable, Duration.ofNanos(System.nanoTime() - start));
  }

  private int writeOneByOne(Batch batch, List<Letter> unstorable) throws SQLException {
    int inserted = 0;
    List<EventRow> rows = batch.rows();
    for (int i = 0; i < rows.size(); i++) {
      try {
        inserted += writer.write(List.of(rows.get(i)));
      } catch (SQLException e) {
        if (!isDataError(e)) {
          throw e;
        }
        unstorable.add(
            new Letter(
                batch.sources().get(i),
                Kind.UNSTORABLE,
                "the database cannot store it: " + e.getMessage(),
                ""));
      }
    }
    return inserted;
  }

  /** SQLSTATE class 22: the data, not the database, is at fault; retrying cannot help. */
  private static boolean isDataError(SQLException e) {
    return e.getSQLState() != null && e.getSQLState().startsWith("22");
  }
}

package io.aviary.loadgen;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicLong;

/** Counts errors and keeps the first few messages as samples. Thread-safe. */
public final class ErrorLog {

  /** How many sample messages are kept. */
  public static final int MAX_SAMPLES = 5;

  private final AtomicLong count = new AtomicLong();
  private final List<String> samples = new ArrayList<>();

  /** Records one error described by {@code message}. */
  public void record(String message) {
    count.incrementAndGet();
    synchronized (samples) {
      if (samples.size() < MAX_SAMPLES) {
        samples.add(message);
      }
    }
  }

  /** Records one error: {@code what} failed because of {@code cause}. */
  public void record(String what, Throwable cause) {
    record(what + ": " + describe(cause));
  }

  /** Errors recorded so far. */
  public long count() {
    return count.get();
  }

  /** The first (up to {@value #MAX_SAMPLES}) error messages. */
  public List<String> samples() {
    synchronized (samples) {
      return List.copyOf(samples);
    }
  }

  /** A one-line description of a throwable, unwrapping future wrappers. */
  public static String describe(Throwable t) {
    Throwable cause = t;
    while ((cause instanceof CompletionException || cause instanceof ExecutionException)
        && cause.getCause() != null) {
      cause = cause.getCause();
    }
    String message = cause.getMessage();
    String name = cause.getClass().getSimpleName();
    return message == null || message.isBlank() ? name : name + ": " + message;
  }
}

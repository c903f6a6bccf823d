package io.aviary.loadgen;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/** Runs one scenario from a validated configuration. */
public final class ScenarioRunner {

  private ScenarioRunner() {}

  /** Runs the configured scenario and returns what it measured. */
  public static RunResult run(LoadGenConfig config) throws Exception {
    ErrorLog errors = new ErrorLog();
    ExecutorService launcher =
        Executors.newSingleThreadExecutor(
            r -> {
              Thread thread = new Thread(r, "loadgen-connect");
              thread.setDaemon(true);
              return thread;
            });
    try {
      return config.scenario().isMessaging()
          ? new MessagingScenario(config, errors, launcher).run()
          : new ConnectionScenario(config, errors, launcher).run();
    } finally {
      launcher.shutdownNow();
    }
  }
}

package io.aviary.loadgen;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;

/** The storm and idle scenarios: connections only, no messages. */
final class ConnectionScenario {

  private static final Duration DISCONNECT_TIMEOUT = Duration.ofSeconds(10);

  private final LoadGenConfig config;
  private final ErrorLog errors;
  private final ExecutorService launcher;

  ConnectionScenario(LoadGenConfig config, ErrorLog errors, ExecutorService launcher) {
    this.config = config;
    this.errors = errors;
    this.launcher = launcher;
  }

  RunResult run() throws Exception {
    ClientFactory factory = new ClientFactory(config);
    String idBase = "aviary-lg-" + config.runId() + "-";
    if (config.scenario() == Scenario.STORM && config.warmConnects() > 0) {
      // Unmeasured round: warms up the JIT and the broker's allocation paths.
      List<BenchClient> warm = new ArrayList<>();
      for (int i = 0; i < config.warmConnects(); i++) {
        warm.add(factory.create(idBase + "w" + i, null));
      }
      ErrorLog warmErrors = new ErrorLog();
      try {
        Connector.connectAll(
            warm,
            config.connectConcurrency(),
            config.keepAlive(),
            deadline(warm.size()),
            launcher,
            warmErrors);
      } finally {
        Connector.disconnectAll(warm, DISCONNECT_TIMEOUT, warmErrors);
      }
      if (warmErrors.count() > 0) {
        errors.record(
            "warm-up round: "
                + warmErrors.count()
                + " errors, first: "
                + warmErrors.samples().get(0));
      }
    }

    ConnectionTracker tracker = new ConnectionTracker(errors);
    List<BenchClient> clients = new ArrayList<>();
    for (int i = 0; i < config.clients(); i++) {
      clients.add(factory.create(idBase + "c" + i, tracker));
    }
    PhaseMeter meter = new PhaseMeter(config.brokerPid(), errors);
    try {
      if (config.scenario() == Scenario.STORM) {
        meter.start();
        Connector.Stats connect =
            Connector.connectAll(
                clients,
                config.connectConcurrency(),
                config.keepAlive(),
                deadline(clients.size()),
                launcher,
                errors);
        meter.stop();
        return result(connect, connect.elapsedNanos() / 1e9, meter, null);
      }
      // Idle: connect, then hold for the duration.
      Connector.Stats connect =
          Connector.connectAll(
              clients,
              config.connectConcurrency(),
              config.keepAlive(),
              deadline(clients.size()),
              launcher,
              errors);
      int connected = countConnected(clients);
      meter.start();
      MessagingScenario.parkUntil(System.nanoTime() + config.duration().toNanos());
      meter.stop();
      int stillConnected = countConnected(clients);
      return result(
          connect,
          meter.seconds(),
          meter,
          new RunResult.Idle(connected, stillConnected, tracker.dropped()));
    } finally {
      tracker.stopping();
      Connector.disconnectAll(clients, DISCONNECT_TIMEOUT, errors);
    }
  }

  private long deadline(int clients) {
    int waves = (clients + config.connectConcurrency() - 1) / config.connectConcurrency();
    return System.nanoTime()
        + Math.min(config.maxRuntime().toNanos(), config.connectTimeout().toNanos() * (waves + 1));
  }

  private static int countConnected(List<BenchClient> clients) {
    int count = 0;
    for (BenchClient client : clients) {
      if (client.isConnected()) {
        count++;
      }
    }
    return count;
  }

  private RunResult result(
      Connector.Stats connect, double seconds, PhaseMeter meter, RunResult.Idle idle) {
    return new RunResult(
        config,
        connect.succeeded() > 0,
        0,
        0,
        config.clients(),
        seconds,
        0,
        null,
        connect,
        idle,
        errors.count(),
        errors.samples(),
        meter.loadgenCpuPercent(),
        meter.broker());
  }
}

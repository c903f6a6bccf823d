package io.aviary.audit.pipeline.tail;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Optional;
import java.util.Properties;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Runs the {@link TailListener} for the life of the application, on a connection of its own made
 * from {@code quarkus.datasource.*} (it is held open, so it stays out of the pool).
 */
@ApplicationScoped
public class TailService {

  private final TailHub hub;
  private final String url;
  private final Optional<String> username;
  private final Optional<String> password;
  private volatile TailListener listener;

  public TailService(
      TailHub hub,
      @ConfigProperty(name = "quarkus.datasource.jdbc.url") String url,
      @ConfigProperty(name = "quarkus.datasource.username") Optional<String> username,
      @ConfigProperty(name = "quarkus.datasource.password") Optional<String> password) {
    this.hub = hub;
    this.url = url;
    this.username = username;
    this.password = password;
  }

  void onStart(@Observes StartupEvent event) {
    listener = new TailListener(hub, this::connect).start();
  }

  void onStop(@Observes ShutdownEvent event) {
    TailListener running = listener;
    if (running != null) {
      running.close();
    }
  }

  /** Whether the LISTEN connection is up. */
  public boolean listening() {
    TailListener running = listener;
    return running != null && running.listening();
  }

  private Connection connect() throws SQLException {
    Properties props = new Properties();
    username.ifPresent(u -> props.setProperty("user", u));
    password.ifPresent(p -> props.setProperty("password", p));
    props.setProperty("ApplicationName", "aviary-audit-pipeline tail listener");
    props.setProperty("tcpKeepAlive", "true");
    return DriverManager.getConnection(url, props);
  }
}

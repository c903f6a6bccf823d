package io.aviary.service.feed;

import io.quarkus.runtime.ShutdownEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.CopyOnWriteArrayList;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Starts {@link NotifyListener}s on the service's own database ({@code
 * quarkus.datasource.jdbc.url}, {@code username}, {@code password}), each on a connection of its
 * own outside the pool, and closes them when the application stops.
 */
@ApplicationScoped
public class NotifyListeners {

  private final String application;
  private final String url;
  private final Optional<String> username;
  private final Optional<String> password;
  private final List<NotifyListener> started = new CopyOnWriteArrayList<>();

  public NotifyListeners(
      @ConfigProperty(name = "quarkus.application.name") String application,
      @ConfigProperty(name = "quarkus.datasource.jdbc.url") String url,
      @ConfigProperty(name = "quarkus.datasource.username") Optional<String> username,
      @ConfigProperty(name = "quarkus.datasource.password") Optional<String> password) {
    this.application = application;
    this.url = url;
    this.username = username;
    this.password = password;
  }

  /** Starts listening on {@code channel}; the listener runs until the application stops. */
  public NotifyListener start(String channel, NotifyListener.Handler handler) {
    NotifyListener listener = new NotifyListener(channel, () -> connect(channel), handler);
    started.add(listener);
    return listener.start();
  }

  void onStop(@Observes ShutdownEvent event) {
    started.forEach(NotifyListener::close);
    started.clear();
  }

  private Connection connect(String channel) throws SQLException {
    Properties props = new Properties();
    username.ifPresent(u -> props.setProperty("user", u));
    password.ifPresent(p -> props.setProperty("password", p));
    props.setProperty("ApplicationName", application + " LISTEN " + channel);
    props.setProperty("tcpKeepAlive", "true");
    Connection c = new org.postgresql.Driver().connect(url, props);
    if (c == null) {
      throw new SQLException("Not a PostgreSQL JDBC URL: " + url);
    }
    return c;
  }
}

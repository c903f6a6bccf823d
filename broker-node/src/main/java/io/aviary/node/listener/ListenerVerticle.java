package io.aviary.node.listener;

import io.aviary.node.connection.BrokerServices;
import io.aviary.node.connection.ConnectCapture;
import io.aviary.node.connection.ConnectionTracker;
import io.aviary.node.connection.MqttConnection;
import io.vertx.core.AbstractVerticle;
import io.vertx.core.Promise;
import io.vertx.mqtt.MqttServer;
import io.vertx.mqtt.MqttServerOptions;
import org.jboss.logging.Logger;

/**
 * One instance of a listener on one event loop. A listener deploys one instance per loop on the
 * same port, so connections spread over every core.
 */
final class ListenerVerticle extends AbstractVerticle {
  private static final Logger LOG = Logger.getLogger(ListenerVerticle.class);

  private final String name;
  private final MqttServerOptions options;
  private final BrokerServices broker;
  private final ConnectionTracker tracker;
  private MqttServer server;

  ListenerVerticle(
      String name, MqttServerOptions options, BrokerServices broker, ConnectionTracker tracker) {
    this.name = name;
    this.options = options;
    this.broker = broker;
    this.tracker = tracker;
  }

  @Override
  public void start(Promise<Void> started) {
    server = MqttServer.create(vertx, options);
    ConnectCapture.install(server);
    server.endpointHandler(endpoint -> MqttConnection.accept(endpoint, broker, name, tracker));
    server.exceptionHandler(e -> LOG.debugf("%s listener: %s", name, e.getMessage()));
    server.listen().<Void>mapEmpty().onComplete(started);
  }

  int actualPort() {
    return server.actualPort();
  }

  @Override
  public void stop(Promise<Void> stopped) {
    server.close().onComplete(stopped);
  }
}

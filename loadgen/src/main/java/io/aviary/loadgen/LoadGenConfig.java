package io.aviary.loadgen;

import java.nio.file.Path;
import java.time.Duration;

/**
 * A validated run configuration (built by {@link LoadGenCommand}).
 *
 * @param scenario the load shape
 * @param host broker host
 * @param port broker port
 * @param subscriberPort the port subscribers connect to: another node of a clustered broker, or
 *     {@code port}
 * @param clients N: publishers (fanin), subscribers (fanout), pairs (pairs) or connections
 * @param qos publish and subscribe QoS
 * @param payloadSize payload bytes, at least {@link Payload#MIN_SIZE}
 * @param rate total publish rate in messages per second, 0 for unlimited
 * @param window closed-loop bound on messages sent but not yet received by all subscribers, 0 for
 *     none
 * @param warmup unmeasured publishing before the measured window
 * @param duration the measured window (idle: how long connections are held)
 * @param drain how long to wait after publishing stops for stragglers
 * @param maxRuntime hard cap on the whole run, enforced by a watchdog
 * @param tls whether to use TLS
 * @param caFile PEM file of CA certificates to trust, or {@code null} for the JDK default
 * @param certFile PEM file of the client certificate (chain, leaf first) for mutual TLS, or {@code
 *     null} for none
 * @param keyFile PEM file of the client certificate's unencrypted PKCS#8 private key, or {@code
 *     null} for none
 * @param mqttVersion 3 (3.1.1) or 5
 * @param username optional user name
 * @param password optional password (from {@code --password} or {@code --password-file})
 * @param threads Netty event loop threads of the client, 0 for the client's default
 * @param topicPrefix prefix of every topic used
 * @param connectConcurrency at most this many CONNECTs outstanding
 * @param warmConnects storm: unmeasured connect/disconnect round size before the measured one
 * @param keepAlive MQTT keep-alive in seconds
 * @param sessionExpiry subscribers' Session Expiry Interval in seconds; above 0 their sessions are
 *     persistent (MQTT 3.1.1: Clean Session 0)
 * @param connectTimeout socket and MQTT connect timeout per client
 * @param maxInflight per-publisher bound on publishes not yet completed by the client
 * @param label free text echoed in the output
 * @param brokerPid broker process to sample from /proc, or 0 for none
 * @param jsonOnly print only the JSON line
 * @param runId random id of this run
 */
public record LoadGenConfig(
    Scenario scenario,
    String host,
    int port,
    int subscriberPort,
    int clients,
    int qos,
    int payloadSize,
    long rate,
    int window,
    Duration warmup,
    Duration duration,
    Duration drain,
    Duration maxRuntime,
    boolean tls,
    Path caFile,
    Path certFile,
    Path keyFile,
    int mqttVersion,
    String username,
    String password,
    int threads,
    String topicPrefix,
    int connectConcurrency,
    int warmConnects,
    int keepAlive,
    long sessionExpiry,
    Duration connectTimeout,
    int maxInflight,
    String label,
    long brokerPid,
    boolean jsonOnly,
    String runId) {}

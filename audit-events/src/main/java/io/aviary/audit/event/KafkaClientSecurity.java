package io.aviary.audit.event;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * How a Kafka client of the platform authenticates to Kafka and encrypts its connections, read once
 * from the operator's Kafka client properties ({@code kafka.*} keys without their prefix, as every
 * service receives them): {@code security.protocol} and every {@code sasl.*} and {@code ssl.*} key,
 * passed to kafka-clients as they are, plus {@code sasl.username} and {@code sasl.password}, from
 * which the JAAS configuration of PLAIN and SCRAM is written (so that a password never has to be
 * quoted by hand, nor assembled into {@code sasl.jaas.config} by a deployment). Every Kafka client
 * of the platform (the broker's audit producer, the services' audit outboxes, the audit pipeline's
 * consumer and dead-letter producer) takes its security from here, so that they all accept the same
 * settings and refuse the same mistakes.
 *
 * <p>A mistake is refused when the service starts, with a sentence that names the keys involved and
 * never a secret value; {@link #toString()} is safe to log.
 */
public final class KafkaClientSecurity {

  /** No TLS, no SASL: Kafka's own default. */
  public static final KafkaClientSecurity PLAINTEXT =
      new KafkaClientSecurity("PLAINTEXT", Map.of(), null);

  /** The {@code security.protocol} values kafka-clients knows. */
  public static final Set<String> PROTOCOLS =
      Set.of("PLAINTEXT", "SSL", "SASL_PLAINTEXT", "SASL_SSL");

  /**
   * The SASL mechanisms for which a JAAS configuration is written from a user name and password.
   */
  public static final Map<String, String> PASSWORD_MECHANISMS =
      Map.of(
          "PLAIN", "org.apache.kafka.common.security.plain.PlainLoginModule",
          "SCRAM-SHA-256", "org.apache.kafka.common.security.scram.ScramLoginModule",
          "SCRAM-SHA-512", "org.apache.kafka.common.security.scram.ScramLoginModule");

  /** Not kafka-clients keys: the user name and password a JAAS configuration is written from. */
  public static final String USERNAME = "sasl.username";

  public static final String PASSWORD = "sasl.password";

  private static final String PROTOCOL = "security.protocol";
  private static final String MECHANISM = "sasl.mechanism";
  private static final String JAAS = "sasl.jaas.config";
  private static final String ENDPOINT_IDENTIFICATION = "ssl.endpoint.identification.algorithm";
  private static final List<String> FILES =
      List.of("ssl.truststore.location", "ssl.keystore.location");

  /** Keys whose values are shown by {@link #toString()}; every other value is a secret or noise. */
  private static final Set<String> SHOWN =
      Set.of(
          PROTOCOL,
          MECHANISM,
          USERNAME,
          "ssl.truststore.location",
          "ssl.truststore.type",
          "ssl.keystore.location",
          "ssl.keystore.type",
          ENDPOINT_IDENTIFICATION);

  private final String protocol;
  private final Map<String, String> properties;
  private final String username;

  private KafkaClientSecurity(String protocol, Map<String, String> properties, String username) {
    this.protocol = protocol;
    this.properties = Collections.unmodifiableMap(properties);
    this.username = username;
  }

  /**
   * Reads the security settings among {@code clientProperties} (any other key is ignored). Values
   * are taken as strings; an empty value is an unset key, as an empty environment variable is.
   *
   * @throws IllegalArgumentException with a sentence naming the keys at fault (never a value that
   *     may be secret) when the settings contradict each other or name a file that cannot be read
   */
  public static KafkaClientSecurity from(Map<String, ?> clientProperties) {
    Map<String, String> given = new TreeMap<>();
    clientProperties.forEach(
        (key, value) -> {
          if (isSecurityKey(key) && value != null && !value.toString().isBlank()) {
            given.put(key, value.toString().strip());
          }
        });
    String protocol = given.getOrDefault(PROTOCOL, "PLAINTEXT").toUpperCase(Locale.ROOT);
    if (!PROTOCOLS.contains(protocol)) {
      throw new IllegalArgumentException(
          PROTOCOL + " must be one of PLAINTEXT, SSL, SASL_PLAINTEXT or SASL_SSL");
    }
    boolean sasl = protocol.startsWith("SASL_");
    boolean tls = protocol.endsWith("SSL");
    List<String> saslKeys = given.keySet().stream().filter(k -> k.startsWith("sasl.")).toList();
    List<String> sslKeys = given.keySet().stream().filter(k -> k.startsWith("ssl.")).toList();
    if (!sasl && !saslKeys.isEmpty()) {
      throw new IllegalArgumentException(
          saslKeys + " need " + PROTOCOL + " SASL_SSL or SASL_PLAINTEXT (it is " + protocol + ")");
    }
    if (!tls && !sslKeys.isEmpty()) {
      throw new IllegalArgumentException(
          sslKeys + " need " + PROTOCOL + " SSL or SASL_SSL (it is " + protocol + ")");
    }
    String endpoint = given.get(ENDPOINT_IDENTIFICATION);
    if (endpoint != null && !endpoint.equalsIgnoreCase("https")) {
      throw new IllegalArgumentException(
          ENDPOINT_IDENTIFICATION
              + " can only be https: Kafka brokers' certificates are always checked against their"
              + " host names");
    }
    for (String key : FILES) {
      String file = given.get(key);
      if (file != null && !Files.isReadable(Path.of(file))) {
        throw new IllegalArgumentException(key + ": " + file + " is not a readable file");
      }
    }
    Map<String, String> properties = new LinkedHashMap<>(given);
    properties.put(PROTOCOL, protocol);
    String username = properties.remove(USERNAME);
    String password = properties.remove(PASSWORD);
    if (sasl) {
      writeJaas(properties, username, password);
    }
    return new KafkaClientSecurity(protocol, properties, username);
  }

  private static void writeJaas(Map<String, String> properties, String username, String password) {
    String mechanism = properties.get(MECHANISM);
    if (username == null && password == null) {
      if (!properties.containsKey(JAAS)) {
        throw new IllegalArgumentException(
            "SASL needs "
                + USERNAME
                + " and "
                + PASSWORD
                + " (with "
                + MECHANISM
                + " PLAIN, SCRAM-SHA-256 or SCRAM-SHA-512) or "
                + JAAS);
      }
      return;
    }
    if (username == null || password == null) {
      throw new IllegalArgumentException(USERNAME + " and " + PASSWORD + " go together");
    }
    if (properties.containsKey(JAAS)) {
      throw new IllegalArgumentException(
          "set either " + USERNAME + " and " + PASSWORD + " or " + JAAS + ", not both");
    }
    String module = mechanism == null ? null : PASSWORD_MECHANISMS.get(mechanism);
    if (module == null) {
      throw new IllegalArgumentException(
          USERNAME
              + " and "
              + PASSWORD
              + " need "
              + MECHANISM
              + " PLAIN, SCRAM-SHA-256 or SCRAM-SHA-512"
              + (mechanism == null ? "" : " (it is " + mechanism + ")"));
    }
    properties.put(
        JAAS,
        module
            + " required username=\""
            + jaasQuoted(USERNAME, username)
            + "\" password=\""
            + jaasQuoted(PASSWORD, password)
            + "\";");
  }

  /**
   * A value inside a JAAS quoted string: kafka-clients reads it with {@link
   * java.io.StreamTokenizer}, which ends a quoted string at a line break and reads a backslash as
   * an escape.
   */
  private static String jaasQuoted(String key, String value) {
    if (value.indexOf('\n') >= 0 || value.indexOf('\r') >= 0) {
      throw new IllegalArgumentException(key + " cannot contain a line break");
    }
    return value.replace("\\", "\\\\").replace("\"", "\\\"");
  }

  /**
   * As {@link #from}, for a service reading its configuration at start: settings that contradict
   * each other stop it, with an {@link IllegalStateException} that places them among {@code
   * kafka.*}.
   */
  public static KafkaClientSecurity fromConfiguration(Map<String, ?> clientProperties) {
    try {
      return from(clientProperties);
    } catch (IllegalArgumentException e) {
      throw new IllegalStateException("Kafka client settings (kafka.*): " + e.getMessage(), e);
    }
  }

  /** Whether kafka-clients reads {@code key} as a security setting (or it is one read here). */
  public static boolean isSecurityKey(String key) {
    return key.equals(PROTOCOL) || key.startsWith("sasl.") || key.startsWith("ssl.");
  }

  /** {@code security.protocol}: PLAINTEXT, SSL, SASL_PLAINTEXT or SASL_SSL. */
  public String protocol() {
    return protocol;
  }

  /** The kafka-clients properties: {@code security.protocol} and the TLS and SASL settings. */
  public Map<String, String> properties() {
    return properties;
  }

  /**
   * Replaces every security setting in a client's {@code settings} with these, so that no other
   * source of security keys reaches the client; returns {@code settings}.
   */
  public Map<String, Object> applyTo(Map<String, Object> settings) {
    Iterator<String> keys = settings.keySet().iterator();
    while (keys.hasNext()) {
      if (isSecurityKey(keys.next())) {
        keys.remove();
      }
    }
    settings.putAll(properties);
    return settings;
  }

  /**
   * Sentences for the start-up log about settings that are allowed but weaker than they look: SASL
   * credentials or tokens over an unencrypted connection.
   */
  public List<String> warnings() {
    List<String> warnings = new ArrayList<>();
    if (protocol.equals("SASL_PLAINTEXT")) {
      warnings.add(
          "Kafka connections are not encrypted (SASL_PLAINTEXT): records"
              + ("PLAIN".equals(properties.get(MECHANISM)) ? " and the SASL password" : "")
              + " cross the network in clear; use SASL_SSL");
    }
    return warnings;
  }

  /**
   * The protocol, mechanism, user, files and which other keys are set, without any secret (the
   * password, JAAS configuration, key material and store passwords are named, never shown).
   */
  @Override
  public String toString() {
    StringBuilder text = new StringBuilder(protocol);
    Map<String, String> shown = new TreeMap<>(properties);
    shown.remove(PROTOCOL);
    if (username != null) {
      shown.remove(JAAS); // written here from the two below
      shown.put(USERNAME, username);
      shown.put(PASSWORD, "");
    }
    shown.forEach(
        (key, value) ->
            text.append(", ").append(key).append(SHOWN.contains(key) ? "=" + value : " (set)"));
    return text.toString();
  }
}

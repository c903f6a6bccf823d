package io.aviary.broker.message;

import java.util.List;

/**
 * The MQTT 5 PUBLISH properties a broker forwards unchanged to subscribers [MQTT-3.3.2.3]: payload
 * format indicator, content type, response topic, correlation data and user properties. Message
 * expiry and topic alias are per hop and live elsewhere.
 */
public record PublishProperties(
    Integer payloadFormatIndicator,
    String contentType,
    String responseTopic,
    byte[] correlationData,
    List<UserProperty> userProperties) {

  public static final PublishProperties NONE =
      new PublishProperties(null, null, null, null, List.of());

  public PublishProperties {
    userProperties = List.copyOf(userProperties);
  }

  public boolean isEmpty() {
    return payloadFormatIndicator == null
        && contentType == null
        && responseTopic == null
        && correlationData == null
        && userProperties.isEmpty();
  }
}

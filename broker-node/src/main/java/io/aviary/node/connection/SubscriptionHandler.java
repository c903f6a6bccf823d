package io.aviary.node.connection;

import io.aviary.acl.Decision;
import io.aviary.audit.event.AuditRecord.AclDecided;
import io.aviary.broker.routing.SubscriptionOptions;
import io.aviary.broker.topic.InvalidTopicException;
import io.aviary.broker.topic.SubscriptionFilter;
import io.netty.handler.codec.mqtt.MqttProperties;
import io.netty.handler.codec.mqtt.MqttProperties.MqttPropertyType;
import io.netty.handler.codec.mqtt.MqttQoS;
import io.netty.handler.codec.mqtt.MqttSubscriptionOption;
import io.vertx.mqtt.MqttTopicSubscription;
import io.vertx.mqtt.messages.MqttSubscribeMessage;
import io.vertx.mqtt.messages.MqttUnsubscribeMessage;
import io.vertx.mqtt.messages.codes.MqttSubAckReasonCode;
import io.vertx.mqtt.messages.codes.MqttUnsubAckReasonCode;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionStage;
import org.jboss.logging.Logger;

/** SUBSCRIBE and UNSUBSCRIBE for one connection [MQTT-3.8, MQTT-3.10]. */
final class SubscriptionHandler {
  private static final Logger LOG = Logger.getLogger(SubscriptionHandler.class);
  private final MqttConnection c;

  SubscriptionHandler(MqttConnection connection) {
    this.c = connection;
  }

  void onSubscribe(MqttSubscribeMessage msg) {
    if (c.isClosed() || c.session == null) {
      return;
    }
    int subscriptionId = 0;
    if (c.v5) {
      subscriptionId =
          Properties5.integer(msg.properties(), MqttPropertyType.SUBSCRIPTION_IDENTIFIER, 0);
    }
    List<MqttSubAckReasonCode> codes = new ArrayList<>();
    List<Runnable> retainedSends = new ArrayList<>();
    for (MqttTopicSubscription request : msg.topicSubscriptions()) {
      SubscriptionFilter filter;
      try {
        filter = SubscriptionFilter.parse(request.topicName(), c.broker.limits().maxTopicLevels());
      } catch (InvalidTopicException e) {
        codes.add(
            c.v5
                ? MqttSubAckReasonCode.TOPIC_FILTER_INVALID
                : MqttSubAckReasonCode.UNSPECIFIED_ERROR);
        continue;
      }
      MqttSubscriptionOption option = request.subscriptionOption();
      boolean noLocal = c.v5 && option.isNoLocal();
      if (filter.isShared() && noLocal) {
        c.protocolError(Reason.PROTOCOL_ERROR, "No Local on a shared subscription");
        return;
      }
      int requested = Math.min(request.qualityOfService().value(), 2);
      Decision decision = c.acl.subscribe(filter.filter(), requested);
      if (!decision.allowed()) {
        // 0x87 for MQTT 5, 0x80 (failure) for 3.1.1, which has no reason codes.
        c.aclDenied(AclDecided.Action.SUBSCRIBE, filter.value(), requested, false, decision);
        codes.add(
            c.v5 ? MqttSubAckReasonCode.NOT_AUTHORIZED : MqttSubAckReasonCode.UNSPECIFIED_ERROR);
        continue;
      }
      int granted = decision.qos(); // lower than requested when the rule downgrades
      c.audit.aclDecided(AclDecided.Action.SUBSCRIBE, filter.value(), requested, false, decision);
      c.audit.subscribed(filter, granted);
      int retainHandling = c.v5 ? option.retainHandling().value() : 0;
      SubscriptionOptions options =
          new SubscriptionOptions(
              granted,
              noLocal,
              c.v5 && option.isRetainAsPublished(),
              retainHandling,
              subscriptionId);
      SubscriptionOptions previous = c.session.state().subscribe(filter, options);
      c.tenant.router().subscribe(c.session, filter, options);
      codes.add(MqttSubAckReasonCode.qosGranted(MqttQoS.valueOf(granted)));
      // Retained messages go to new ordinary subscriptions unless Retain Handling says otherwise
      // [MQTT-3.3.1-9..11], never to shared ones.
      if (!filter.isShared()
          && (retainHandling == 0 || (retainHandling == 1 && previous == null))) {
        retainedSends.add(() -> c.tenant.router().sendRetained(c.session, filter, options));
      }
    }
    // A persistent session in a cluster is saved before the SUBACK, so that a client told it is
    // subscribed stays subscribed if this node is lost.
    CompletionStage<Void> saved = c.session.changed();
    if (saved == null) {
      acknowledge(msg.messageId(), codes, retainedSends);
    } else {
      saved.whenComplete(
          (ok, e) ->
              c.loop.execute(
                  () -> {
                    if (e != null) {
                      LOG.warnf(
                          "session %s not saved in the cluster: %s",
                          c.endpoint.clientIdentifier(), e.toString());
                    }
                    acknowledge(msg.messageId(), codes, retainedSends);
                  }));
    }
  }

  private void acknowledge(
      int packetId, List<MqttSubAckReasonCode> codes, List<Runnable> retainedSends) {
    if (!c.canAnswer()) {
      return; // closed while the session was being saved
    }
    c.endpoint.subscribeAcknowledge(packetId, codes, MqttProperties.NO_PROPERTIES);
    retainedSends.forEach(Runnable::run);
  }

  void onUnsubscribe(MqttUnsubscribeMessage msg) {
    if (c.isClosed() || c.session == null) {
      return;
    }
    List<MqttUnsubAckReasonCode> codes = new ArrayList<>();
    for (String topic : msg.topics()) {
      SubscriptionFilter filter;
      try {
        filter = SubscriptionFilter.parse(topic, c.broker.limits().maxTopicLevels());
      } catch (InvalidTopicException e) {
        codes.add(MqttUnsubAckReasonCode.TOPIC_FILTER_INVALID);
        continue;
      }
      boolean existed = c.session.state().unsubscribe(filter) != null;
      c.tenant.router().unsubscribe(c.session, filter);
      if (existed) {
        c.audit.unsubscribed(filter);
      }
      codes.add(
          existed
              ? MqttUnsubAckReasonCode.SUCCESS
              : MqttUnsubAckReasonCode.NO_SUBSCRIPTION_EXISTED);
    }
    c.session.changed();
    c.endpoint.unsubscribeAcknowledge(msg.messageId(), codes, MqttProperties.NO_PROPERTIES);
  }
}

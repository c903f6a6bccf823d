package io.aviary.broker.session;

import io.aviary.broker.message.Message;

/**
 * One message on its way to one subscriber: the QoS it goes out with (the lower of published and
 * granted), its RETAIN flag and the Subscription Identifiers that matched.
 */
public record Delivery(Message message, int qos, boolean retain, int[] subscriptionIds) {}

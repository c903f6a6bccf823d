package io.aviary.broker.message;

/** An MQTT 5 user property, passed through untouched. */
public record UserProperty(String name, String value) {}

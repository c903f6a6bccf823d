package io.aviary.tenant.internal;

/**
 * How brokers verify platform credentials offline.
 *
 * @param issuer the {@code iss} of platform tokens
 * @param jwksUri where the platform's public keys are
 * @param mqttAudience the {@code aud} of service-account MQTT credentials
 */
public record PlatformInfo(String issuer, String jwksUri, String mqttAudience) {}

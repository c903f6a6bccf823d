package io.aviary.broker.auth;

import java.util.Map;

/**
 * Who a connection is once authenticated: a principal and the attributes (claims) that policies may
 * bind to. {@code ANONYMOUS} exists only for the development mode's anonymous access.
 */
public record Identity(String principal, Map<String, String> attributes) {
  public static final Identity ANONYMOUS = new Identity("anonymous", Map.of());

  public Identity {
    attributes = Map.copyOf(attributes);
  }
}

package io.aviary.acl;

import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A rule's {@code when}: every present condition must hold for the rule to match. Conditions depend
 * only on the session, so they are decided once when a policy is bound to a session.
 *
 * @param claims binding name to accepted values: the binding must have one of them
 * @param roles accepted values of the {@code role} binding
 * @param clientId a glob ({@code *}, {@code ?}) the client id must match; may use variables; null
 *     when absent
 * @param sourceCidrs networks the client's address must be in
 * @param mqttVersions accepted protocol levels: 3 (MQTT 3.1), 4 (3.1.1), 5 (5.0)
 */
public record Conditions(
    Map<String, List<String>> claims,
    List<String> roles,
    String clientId,
    List<Cidr> sourceCidrs,
    Set<Integer> mqttVersions) {

  public static final Conditions NONE =
      new Conditions(Map.of(), List.of(), null, List.of(), Set.of());

  public Conditions {
    claims = Map.copyOf(claims);
    roles = List.copyOf(roles);
    sourceCidrs = List.copyOf(sourceCidrs);
    mqttVersions = Set.copyOf(mqttVersions);
  }

  public boolean isEmpty() {
    return claims.isEmpty()
        && roles.isEmpty()
        && clientId == null
        && sourceCidrs.isEmpty()
        && mqttVersions.isEmpty();
  }
}

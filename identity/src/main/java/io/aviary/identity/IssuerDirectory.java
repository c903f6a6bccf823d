package io.aviary.identity;

import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * Port: which organizations have a connection for an issuer. It lets the verifier tell a token
 * meant for another organization ({@code wrong_org}) from one nobody here trusts ({@code
 * unknown_issuer}); only the reason differs, both are refused.
 */
@FunctionalInterface
public interface IssuerDirectory {

  /** The ids of organizations with an enabled connection listing {@code issuer}. */
  Set<String> organizationsFor(String issuer);

  /** A directory that knows nothing: every unmatched issuer is {@code unknown_issuer}. */
  static IssuerDirectory none() {
    return issuer -> Set.of();
  }

  /** A snapshot built from every organization's connections. */
  static IssuerDirectory of(Collection<IdpConnection> connections) {
    Map<String, Set<String>> byIssuer = new HashMap<>();
    for (IdpConnection connection : connections) {
      if (connection.enabled()) {
        for (String issuer : connection.issuers()) {
          byIssuer.computeIfAbsent(issuer, k -> new HashSet<>()).add(connection.orgId());
        }
      }
    }
    Map<String, Set<String>> snapshot = new HashMap<>();
    byIssuer.forEach((issuer, orgs) -> snapshot.put(issuer, Set.copyOf(orgs)));
    return issuer -> snapshot.getOrDefault(issuer, Set.of());
  }
}

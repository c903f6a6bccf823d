package io.aviary.broker.auth;

import java.security.cert.X509Certificate;
import java.util.List;

/**
 * What a client presents when it connects, parsed from CONNECT and the transport. The password is a
 * credential: never log it.
 */
public record ConnectRequest(
    String clientId,
    String username,
    byte[] password,
    int protocolVersion,
    String remoteAddress,
    String listener,
    boolean tls,
    List<X509Certificate> clientCertificates) {

  /** The same request with another credential, for MQTT 5 re-authentication. */
  public ConnectRequest withPassword(byte[] credential) {
    return new ConnectRequest(
        clientId,
        username,
        credential,
        protocolVersion,
        remoteAddress,
        listener,
        tls,
        clientCertificates);
  }

  @Override
  public String toString() {
    return "ConnectRequest[clientId="
        + clientId
        + ", username="
        + username
        + ", listener="
        + listener
        + ", remote="
        + remoteAddress
        + "]";
  }
}

package io.aviary.pki;

import java.net.Socket;
import java.security.GeneralSecurityException;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.List;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * Client-certificate trust for a listener shared by many organizations, each with its own CA. The
 * TLS handshake still proves that the client holds the certificate's private key, and this manager
 * refuses chains that are expired, not for client authentication, or not linked by their
 * signatures; which CA the chain must lead to depends on the organization the client names in its
 * CONNECT, so that check happens there, against that organization's CAs only.
 */
public final class DeferredClientTrust extends X509ExtendedTrustManager {
  private static final String CLIENT_AUTH = "1.3.6.1.5.5.7.3.2";
  private static final String ANY_USAGE = "2.5.29.37.0";
  private static final int MAX_CHAIN = 8;

  @Override
  public void checkClientTrusted(X509Certificate[] chain, String authType)
      throws CertificateException {
    if (chain == null || chain.length == 0) {
      throw new CertificateException("no client certificate");
    }
    if (chain.length > MAX_CHAIN) {
      throw new CertificateException("client certificate chain longer than " + MAX_CHAIN);
    }
    X509Certificate leaf = chain[0];
    leaf.checkValidity();
    List<String> usages = leaf.getExtendedKeyUsage();
    if (usages != null && !usages.contains(CLIENT_AUTH) && !usages.contains(ANY_USAGE)) {
      throw new CertificateException("the certificate is not for client authentication");
    }
    for (int i = 0; i + 1 < chain.length; i++) {
      try {
        chain[i].verify(chain[i + 1].getPublicKey());
      } catch (GeneralSecurityException e) {
        throw new CertificateException("the chain's certificates do not sign each other", e);
      }
    }
  }

  @Override
  public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket)
      throws CertificateException {
    checkClientTrusted(chain, authType);
  }

  @Override
  public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
      throws CertificateException {
    checkClientTrusted(chain, authType);
  }

  @Override
  public void checkServerTrusted(X509Certificate[] chain, String authType)
      throws CertificateException {
    throw new CertificateException("a listener does not check server certificates");
  }

  @Override
  public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket)
      throws CertificateException {
    checkServerTrusted(chain, authType);
  }

  @Override
  public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
      throws CertificateException {
    checkServerTrusted(chain, authType);
  }

  /** No CA names in the certificate request: clients offer whatever certificate they have. */
  @Override
  public X509Certificate[] getAcceptedIssuers() {
    return new X509Certificate[0];
  }
}

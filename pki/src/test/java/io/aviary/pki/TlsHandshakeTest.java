package io.aviary.pki;

import static org.assertj.core.api.Assertions.assertThat;

import io.aviary.pki.TlsPolicy.ClientAuth;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Path;
import java.security.Principal;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import javax.net.ssl.KeyManager;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.X509ExtendedKeyManager;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Real handshakes over loopback between JDK sockets configured from the dev PKI and TlsPolicy. */
class TlsHandshakeTest {
  private static final int TIMEOUT_MILLIS = 10_000;
  private static final InetAddress LOOPBACK = loopback();

  @TempDir static Path dir;

  private static DevPki pki;
  private static SSLContext serverContext;
  private static IssuedCertificate trustedClient;
  private static IssuedCertificate untrustedClient;

  @BeforeAll
  static void createPki() throws IOException {
    pki = DevCertificateAuthority.ensure(dir, List.of());
    serverContext =
        SslContexts.sslContext(
            SslContexts.keyManagerFactory(pki.serverCertificateChain(), pki.serverPrivateKey()),
            SslContexts.trustManagerFactory(pki.caCertificate()));
    trustedClient =
        CertificateAuthority.load(pki.caCertificate(), pki.caPrivateKey())
            .issueClient("device-1", Duration.ofHours(1));
    untrustedClient =
        CertificateAuthority.generate("Somebody Else's CA", Duration.ofDays(1))
            .issueClient("device-1", Duration.ofHours(1));
  }

  enum ClientCert {
    NONE,
    DEV_CA,
    UNRELATED_CA
  }

  record Case(
      String name,
      ClientAuth clientAuth,
      ClientCert clientCert,
      String host,
      List<String> clientProtocols,
      List<String> clientSuites,
      String expectedProtocol,
      String expectedSuite) {
    boolean succeeds() {
      return expectedProtocol != null;
    }

    @Override
    public String toString() {
      return name;
    }
  }

  static Case ok(String name, String protocol, String suite) {
    return new Case(
        name, ClientAuth.NONE, ClientCert.NONE, "localhost", null, null, protocol, suite);
  }

  static Stream<Case> cases() {
    Case tls13 = ok("TLS 1.3 by default", "TLSv1.3", "TLS_AES_128_GCM_SHA256");
    return Stream.of(
        tls13,
        withHost(tls13, "IP SAN 127.0.0.1", "127.0.0.1"),
        withHost(fails(tls13), "host name not in the certificate", "not-in-cert.test"),
        withProtocols(
            ok("TLS 1.2 still allowed", "TLSv1.2", "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256"),
            List.of("TLSv1.2"),
            null),
        withProtocols(fails(tls13, "client only TLS 1.1"), List.of("TLSv1.1"), null),
        withProtocols(
            fails(tls13, "client only TLS_RSA (no forward secrecy)"),
            List.of("TLSv1.2"),
            List.of("TLS_RSA_WITH_AES_128_GCM_SHA256")),
        withProtocols(
            fails(tls13, "client only ECDHE with CBC (no AEAD)"),
            List.of("TLSv1.2"),
            List.of("TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA256")),
        withProtocols(
            ok(
                "TLS 1.3 client preferring AES-256 gets server order",
                "TLSv1.3",
                "TLS_AES_128_GCM_SHA256"),
            null,
            List.of("TLS_AES_256_GCM_SHA384", "TLS_AES_128_GCM_SHA256")),
        withAuth(tls13, "REQUIRED, dev CA client cert", ClientAuth.REQUIRED, ClientCert.DEV_CA),
        withAuth(
            fails(tls13),
            "REQUIRED, unrelated CA client cert",
            ClientAuth.REQUIRED,
            ClientCert.UNRELATED_CA),
        withAuth(fails(tls13), "REQUIRED, no client cert", ClientAuth.REQUIRED, ClientCert.NONE),
        withAuth(
            withProtocols(
                ok("TLS 1.2", "TLSv1.2", "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256"),
                List.of("TLSv1.2"),
                null),
            "REQUIRED over TLS 1.2, dev CA client cert",
            ClientAuth.REQUIRED,
            ClientCert.DEV_CA),
        withAuth(
            fails(withProtocols(tls13, List.of("TLSv1.2"), null)),
            "REQUIRED over TLS 1.2, unrelated CA client cert",
            ClientAuth.REQUIRED,
            ClientCert.UNRELATED_CA),
        withAuth(tls13, "OPTIONAL, no client cert", ClientAuth.OPTIONAL, ClientCert.NONE),
        withAuth(tls13, "OPTIONAL, dev CA client cert", ClientAuth.OPTIONAL, ClientCert.DEV_CA),
        withAuth(
            fails(tls13),
            "OPTIONAL, unrelated CA client cert",
            ClientAuth.OPTIONAL,
            ClientCert.UNRELATED_CA),
        withAuth(
            tls13,
            "NONE, unrelated CA client cert ignored",
            ClientAuth.NONE,
            ClientCert.UNRELATED_CA));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void handshake(Case c) throws Exception {
    Result result = connect(c);

    if (c.succeeds()) {
      assertThat(result.clientError()).as("client error").isNull();
      assertThat(result.serverError()).as("server error").isNull();
      assertThat(result.protocol()).isEqualTo(c.expectedProtocol());
      assertThat(result.cipherSuite()).isEqualTo(c.expectedSuite());
      String expectedPeer =
          c.clientAuth() != ClientAuth.NONE && c.clientCert() == ClientCert.DEV_CA
              ? "CN=device-1"
              : null;
      assertThat(result.clientPrincipal()).isEqualTo(expectedPeer);
    } else {
      assertThat(result.clientError()).as("client error").isNotNull();
      assertThat(result.serverError()).as("server error").isNotNull();
      assertThat(result.protocol()).isNull();
    }
  }

  /**
   * The JDK client refuses TLS 1.1 and static-RSA suites itself (jdk.tls.disabledAlgorithms), so
   * the cases above never reach the server with them; a hand-written ClientHello does.
   */
  record RawHello(String name, int version, int cipherSuite, int expectedAlert) {
    static final int SERVER_HELLO = -1;

    @Override
    public String toString() {
      return name;
    }
  }

  static Stream<RawHello> rawHellos() {
    return Stream.of(
        new RawHello("TLS 1.2 ECDHE-ECDSA-AES128-GCM gets a ServerHello", 0x0303, 0xC02B, -1),
        new RawHello("TLS 1.1 is refused with protocol_version", 0x0302, 0xC009, 70),
        new RawHello("TLS 1.0 is refused with protocol_version", 0x0301, 0xC009, 70),
        new RawHello("TLS_RSA_WITH_AES_128_GCM_SHA256 is refused", 0x0303, 0x009C, 40),
        new RawHello("TLS_DHE_RSA_WITH_AES_128_GCM_SHA256 is refused", 0x0303, 0x009E, 40),
        new RawHello("TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA256 is refused", 0x0303, 0xC023, 40));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("rawHellos")
  void serverAnswersAHandWrittenClientHello(RawHello hello) throws Exception {
    try (SSLServerSocket server = serverSocket(ClientAuth.NONE);
        ExecutorService executor = Executors.newSingleThreadExecutor()) {
      CompletableFuture<ServerSide> serverSide =
          CompletableFuture.supplyAsync(() -> serve(server), executor);
      byte[] header = new byte[5];
      byte[] body;
      try (Socket socket = new Socket()) {
        socket.connect(new InetSocketAddress(LOOPBACK, server.getLocalPort()), TIMEOUT_MILLIS);
        socket.setSoTimeout(TIMEOUT_MILLIS);
        socket.getOutputStream().write(clientHello(hello.version(), hello.cipherSuite()));
        DataInputStream in = new DataInputStream(socket.getInputStream());
        in.readFully(header);
        body = new byte[((header[3] & 0xff) << 8) | (header[4] & 0xff)];
        in.readFully(body);
      }
      ServerSide s = serverSide.get(TIMEOUT_MILLIS, TimeUnit.MILLISECONDS);

      assertThat(s.error()).as("the server saw no complete handshake").isNotNull();
      if (hello.expectedAlert() == RawHello.SERVER_HELLO) {
        assertThat(header[0]).as("record type handshake").isEqualTo((byte) 22);
        assertThat(body[0]).as("handshake type server_hello").isEqualTo((byte) 2);
        int sessionIdLength = body[4 + 2 + 32] & 0xff;
        int suiteOffset = 4 + 2 + 32 + 1 + sessionIdLength;
        int suite = ((body[suiteOffset] & 0xff) << 8) | (body[suiteOffset + 1] & 0xff);
        assertThat(suite).isEqualTo(hello.cipherSuite());
      } else {
        assertThat(header[0]).as("record type alert").isEqualTo((byte) 21);
        assertThat(body[0]).as("alert level fatal").isEqualTo((byte) 2);
        assertThat(body[1] & 0xff).as("alert description").isEqualTo(hello.expectedAlert());
      }
    }
  }

  /** A minimal ClientHello offering one cipher suite and the extensions ECDHE needs. */
  private static byte[] clientHello(int version, int cipherSuite) throws IOException {
    ByteArrayOutputStream extensions = new ByteArrayOutputStream();
    // supported_groups: secp256r1, x25519
    extensions.writeBytes(new byte[] {0x00, 0x0a, 0x00, 0x06, 0x00, 0x04, 0x00, 0x17, 0x00, 0x1d});
    // ec_point_formats: uncompressed
    extensions.writeBytes(new byte[] {0x00, 0x0b, 0x00, 0x02, 0x01, 0x00});
    // signature_algorithms: ecdsa_secp256r1_sha256, rsa_pss_rsae_sha256, rsa_pkcs1_sha256
    extensions.writeBytes(
        new byte[] {0x00, 0x0d, 0x00, 0x08, 0x00, 0x06, 0x04, 0x03, 0x08, 0x04, 0x04, 0x01});

    ByteArrayOutputStream hello = new ByteArrayOutputStream();
    DataOutputStream out = new DataOutputStream(hello);
    out.writeShort(version);
    byte[] random = new byte[32];
    Keys.RANDOM.nextBytes(random);
    out.write(random);
    out.writeByte(0); // no session id
    out.writeShort(2);
    out.writeShort(cipherSuite);
    out.writeByte(1); // compression methods: null only
    out.writeByte(0);
    out.writeShort(extensions.size());
    out.write(extensions.toByteArray());

    ByteArrayOutputStream record = new ByteArrayOutputStream();
    DataOutputStream r = new DataOutputStream(record);
    r.writeByte(22); // handshake
    r.writeShort(0x0301); // record version as real clients send it
    r.writeShort(4 + hello.size());
    r.writeByte(1); // client_hello
    r.writeByte(0);
    r.writeShort(hello.size());
    r.write(hello.toByteArray());
    return record.toByteArray();
  }

  @Test
  void serverSocketEnablesExactlyThePolicy() throws IOException {
    try (SSLServerSocket server = serverSocket(ClientAuth.REQUIRED)) {
      assertThat(server.getEnabledProtocols()).containsExactly("TLSv1.3", "TLSv1.2");
      assertThat(server.getEnabledCipherSuites())
          .containsExactlyElementsOf(TlsPolicy.supportedCipherSuites());
      assertThat(server.getNeedClientAuth()).isTrue();
      assertThat(server.getInetAddress()).isEqualTo(LOOPBACK);
    }
  }

  record Result(
      String protocol,
      String cipherSuite,
      String clientPrincipal,
      Throwable clientError,
      Throwable serverError) {}

  private record ServerSide(String protocol, String cipherSuite, String peer, Throwable error) {}

  private static Result connect(Case c) throws Exception {
    try (SSLServerSocket server = serverSocket(c.clientAuth());
        ExecutorService executor = Executors.newSingleThreadExecutor()) {
      CompletableFuture<ServerSide> serverSide =
          CompletableFuture.supplyAsync(() -> serve(server), executor);
      Throwable clientError = null;
      try (Socket plain = new Socket()) {
        plain.connect(new InetSocketAddress(LOOPBACK, server.getLocalPort()), TIMEOUT_MILLIS);
        try (SSLSocket client =
            (SSLSocket)
                clientContext(c.clientCert())
                    .getSocketFactory()
                    .createSocket(plain, c.host(), server.getLocalPort(), true)) {
          client.setSoTimeout(TIMEOUT_MILLIS);
          SSLParameters parameters = client.getSSLParameters();
          parameters.setEndpointIdentificationAlgorithm("HTTPS");
          if (c.clientProtocols() != null) {
            parameters.setProtocols(c.clientProtocols().toArray(String[]::new));
          }
          if (c.clientSuites() != null) {
            parameters.setCipherSuites(c.clientSuites().toArray(String[]::new));
          }
          client.setSSLParameters(parameters);
          client.startHandshake();
          // A TLS 1.3 client finishes its handshake before the server has checked the client
          // certificate, so a rejection only shows when the client reads.
          InputStream in = client.getInputStream();
          assertThat(in.read()).isEqualTo('k');
        }
      } catch (IOException e) {
        clientError = e;
      }
      ServerSide s = serverSide.get(TIMEOUT_MILLIS, TimeUnit.MILLISECONDS);
      return s.error() == null && clientError == null
          ? new Result(s.protocol(), s.cipherSuite(), s.peer(), null, null)
          : new Result(null, null, null, clientError, s.error());
    }
  }

  private static ServerSide serve(SSLServerSocket server) {
    try (SSLSocket socket = (SSLSocket) server.accept()) {
      socket.setSoTimeout(TIMEOUT_MILLIS);
      socket.startHandshake();
      String peer = null;
      if (socket.getNeedClientAuth() || socket.getWantClientAuth()) {
        try {
          Principal principal = socket.getSession().getPeerPrincipal();
          peer = principal.getName();
        } catch (javax.net.ssl.SSLPeerUnverifiedException e) {
          peer = null;
        }
      }
      socket.getOutputStream().write('k');
      socket.getOutputStream().flush();
      return new ServerSide(
          socket.getSession().getProtocol(), socket.getSession().getCipherSuite(), peer, null);
    } catch (IOException | RuntimeException e) {
      return new ServerSide(null, null, null, e);
    }
  }

  private static SSLServerSocket serverSocket(ClientAuth clientAuth) throws IOException {
    SSLServerSocket server =
        (SSLServerSocket) serverContext.getServerSocketFactory().createServerSocket(0, 1, LOOPBACK);
    server.setSoTimeout(TIMEOUT_MILLIS);
    server.setSSLParameters(TlsPolicy.apply(server.getSSLParameters(), clientAuth));
    return server;
  }

  private static SSLContext clientContext(ClientCert clientCert) throws IOException {
    var trust = SslContexts.trustManagerFactory(pki.caCertificate());
    return switch (clientCert) {
      case NONE -> SslContexts.sslContext(null, trust);
      case DEV_CA ->
          SslContexts.sslContext(
              SslContexts.keyManagerFactory(trustedClient.chain(), trustedClient.privateKey()),
              trust);
      case UNRELATED_CA -> {
        // The JDK's key manager would withhold a certificate whose issuer the server did not
        // list; always presenting it makes the server's own check the one under test.
        try {
          SSLContext context = SSLContext.getInstance("TLS");
          context.init(
              new KeyManager[] {new FixedKeyManager(untrustedClient)},
              trust.getTrustManagers(),
              null);
          yield context;
        } catch (java.security.GeneralSecurityException e) {
          throw new IllegalStateException(e);
        }
      }
    };
  }

  private static Case withHost(Case c, String name, String host) {
    return new Case(
        name,
        c.clientAuth(),
        c.clientCert(),
        host,
        c.clientProtocols(),
        c.clientSuites(),
        c.expectedProtocol(),
        c.expectedSuite());
  }

  private static Case withProtocols(Case c, List<String> protocols, List<String> suites) {
    return new Case(
        c.name(),
        c.clientAuth(),
        c.clientCert(),
        c.host(),
        protocols,
        suites,
        c.expectedProtocol(),
        c.expectedSuite());
  }

  private static Case withAuth(Case c, String name, ClientAuth clientAuth, ClientCert cert) {
    return new Case(
        name,
        clientAuth,
        cert,
        c.host(),
        c.clientProtocols(),
        c.clientSuites(),
        c.expectedProtocol(),
        c.expectedSuite());
  }

  private static Case fails(Case c) {
    return fails(c, c.name());
  }

  private static Case fails(Case c, String name) {
    return new Case(
        name,
        c.clientAuth(),
        c.clientCert(),
        c.host(),
        c.clientProtocols(),
        c.clientSuites(),
        null,
        null);
  }

  private static InetAddress loopback() {
    try {
      return InetAddress.getByAddress(new byte[] {127, 0, 0, 1});
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Presents one certificate chain whatever the server asks for. */
  private static final class FixedKeyManager extends X509ExtendedKeyManager {
    private static final String ALIAS = "fixed";
    private final X509Certificate[] chain;
    private final PrivateKey key;

    FixedKeyManager(IssuedCertificate issued) {
      this.chain = issued.chain().toArray(X509Certificate[]::new);
      this.key = issued.privateKey();
    }

    @Override
    public String[] getClientAliases(String keyType, Principal[] issuers) {
      return new String[] {ALIAS};
    }

    @Override
    public String chooseClientAlias(String[] keyType, Principal[] issuers, Socket socket) {
      return ALIAS;
    }

    @Override
    public String chooseEngineClientAlias(String[] keyType, Principal[] issuers, SSLEngine engine) {
      return ALIAS;
    }

    @Override
    public String[] getServerAliases(String keyType, Principal[] issuers) {
      return new String[0];
    }

    @Override
    public String chooseServerAlias(String keyType, Principal[] issuers, Socket socket) {
      return null;
    }

    @Override
    public X509Certificate[] getCertificateChain(String alias) {
      return chain.clone();
    }

    @Override
    public PrivateKey getPrivateKey(String alias) {
      return key;
    }
  }
}

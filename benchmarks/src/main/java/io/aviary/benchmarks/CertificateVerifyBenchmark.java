package io.aviary.benchmarks;

import io.aviary.identity.CertificateVerifier;
import io.aviary.identity.ClientCaTrust;
import io.aviary.identity.Verification;
import io.aviary.pki.CertificateAuthority;
import java.io.ByteArrayInputStream;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The CONNECT-time check of a client certificate against its organization's CA ({@code
 * CertificateVerifier.verify(chain, trust)}): PKIX path validation, revocation lookup and the
 * identity's bindings. An EC P-256 CA (the {@code pki} module's) issues EC P-256 client
 * certificates; the organization revokes 100 other serials. The TLS handshake before it (where the
 * client proves it holds the key) is not part of these figures.
 *
 * <p>The JDK remembers, per certificate object, the last key its signature was checked with, and
 * its {@code CertificateFactory} hands out the same object for the same bytes (a cache of 750). So
 * a broker that sees one certificate over and over (a benchmark with a single client certificate)
 * checks the CA's signature once; a fleet of devices each with its own certificate pays for it on
 * every CONNECT. {@code verify} decodes the next of {@value #DEVICES} distinct certificates, as the
 * TLS layer does for each handshake, and verifies it; {@code verifySameCertificate} verifies one
 * certificate object again and again; {@code decodeOnly} is the decoding alone.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class CertificateVerifyBenchmark {
  /** More distinct certificates than the JDK's certificate cache holds. */
  static final int DEVICES = 2000;

  CertificateVerifier verifier;
  ClientCaTrust trust;
  CertificateFactory factory;
  byte[][] encoded;
  List<X509Certificate> sameChain;
  int next;

  @Setup(Level.Trial)
  public void setUp() throws CertificateException {
    CertificateAuthority ca = CertificateAuthority.generate("Bench org CA", Duration.ofDays(30));
    encoded = new byte[DEVICES][];
    for (int i = 0; i < DEVICES; i++) {
      encoded[i] = ca.issueClient("device-" + i, Duration.ofDays(1)).certificate().getEncoded();
    }
    List<String> revoked = new ArrayList<>();
    for (int i = 1; i <= 100; i++) {
      revoked.add(Integer.toHexString(0x100000 + i));
    }
    trust =
        ClientCaTrust.fromPem(
            TokenVerifyBenchmark.ORG,
            List.of(ca.certificatePem()),
            Map.of(ca.fingerprintSha256(), revoked));
    verifier = new CertificateVerifier();
    factory = CertificateFactory.getInstance("X.509");
    sameChain = decodeOnly();
    for (Verification v : List.of(verify(), verifySameCertificate())) {
      if (!(v instanceof Verification.Verified)) {
        throw new IllegalStateException("the benchmark certificate is refused: " + v);
      }
    }
  }

  @Benchmark
  public Verification verify() throws CertificateException {
    return verifier.verify(decodeOnly(), trust);
  }

  @Benchmark
  public Verification verifySameCertificate() {
    return verifier.verify(sameChain, trust);
  }

  @Benchmark
  public List<X509Certificate> decodeOnly() throws CertificateException {
    byte[] der = encoded[next];
    next = (next + 1) % DEVICES;
    return List.of((X509Certificate) factory.generateCertificate(new ByteArrayInputStream(der)));
  }
}

package io.aviary.pki;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.bouncycastle.asn1.DEROctetString;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.util.IPAddress;

/**
 * Turns host names and IP literals into subjectAltName entries, and compares them in one canonical
 * form ({@code dns:name} / {@code ip:address}) so "::1" and "0:0:0:0:0:0:0:1" are the same name.
 */
final class SubjectAltNames {
  private static final Pattern DNS_LABEL = Pattern.compile("[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?");
  private static final int GENERAL_NAME_DNS = 2;
  private static final int GENERAL_NAME_IP = 7;

  private SubjectAltNames() {}

  /** Trims, lower-cases and validates names, dropping duplicates (by canonical form). */
  static List<String> normalize(Collection<String> names) {
    Set<String> seen = new LinkedHashSet<>();
    Set<String> result = new LinkedHashSet<>();
    for (String name : names) {
      String normalized = normalize(name);
      if (seen.add(canonical(normalized))) {
        result.add(normalized);
      }
    }
    return List.copyOf(result);
  }

  /**
   * Returns the name as it goes into a certificate: an IP literal without brackets, or a lower-case
   * DNS name without a trailing dot.
   *
   * @throws IllegalArgumentException if the name is neither an IP literal nor a valid DNS name
   */
  static String normalize(String name) {
    if (name == null) {
      throw new IllegalArgumentException("host name must not be null");
    }
    String trimmed = name.strip();
    String unbracketed =
        trimmed.startsWith("[") && trimmed.endsWith("]")
            ? trimmed.substring(1, trimmed.length() - 1)
            : trimmed;
    if (IPAddress.isValid(unbracketed)) {
      return unbracketed;
    }
    String dns = trimmed.toLowerCase(Locale.ROOT);
    if (dns.endsWith(".")) {
      dns = dns.substring(0, dns.length() - 1);
    }
    if (!isDnsName(dns)) {
      throw new IllegalArgumentException(
          "'"
              + name
              + "' is neither an IP address nor a DNS name (letters, digits, '-' and '.'; "
              + "'*.' only as the first label)");
    }
    return dns;
  }

  static boolean isIpLiteral(String normalizedName) {
    return IPAddress.isValid(normalizedName);
  }

  static GeneralNames toGeneralNames(List<String> normalizedNames) {
    return new GeneralNames(
        normalizedNames.stream().map(SubjectAltNames::toGeneralName).toArray(GeneralName[]::new));
  }

  /** Canonical forms of the DNS and IP subjectAltNames of a certificate. */
  static Set<String> canonicalNames(X509Certificate certificate)
      throws CertificateParsingException {
    Collection<List<?>> entries = certificate.getSubjectAlternativeNames();
    Set<String> names = new LinkedHashSet<>();
    if (entries == null) {
      return names;
    }
    for (List<?> entry : entries) {
      int type = (Integer) entry.get(0);
      if (type == GENERAL_NAME_DNS) {
        names.add("dns:" + ((String) entry.get(1)).toLowerCase(Locale.ROOT));
      } else if (type == GENERAL_NAME_IP) {
        names.add("ip:" + literal((String) entry.get(1)).getHostAddress());
      }
    }
    return names;
  }

  /**
   * The DNS and IP subjectAltNames of a certificate in certificate order, each spelled as in {@code
   * spellings} when one there has the same canonical form (so "::1" rather than the JDK's
   * "0:0:0:0:0:0:0:1").
   */
  static List<String> displayNames(X509Certificate certificate, List<String> spellings)
      throws CertificateParsingException {
    Map<String, String> byCanonical = new HashMap<>();
    for (String spelling : spellings) {
      byCanonical.putIfAbsent(canonical(spelling), spelling);
    }
    return canonicalNames(certificate).stream()
        .map(
            canonical ->
                byCanonical.getOrDefault(
                    canonical, canonical.substring(canonical.indexOf(':') + 1)))
        .toList();
  }

  static String canonical(String normalizedName) {
    return isIpLiteral(normalizedName)
        ? "ip:" + literal(normalizedName).getHostAddress()
        : "dns:" + normalizedName;
  }

  private static GeneralName toGeneralName(String normalizedName) {
    return isIpLiteral(normalizedName)
        ? new GeneralName(
            GeneralName.iPAddress, new DEROctetString(literal(normalizedName).getAddress()))
        : new GeneralName(GeneralName.dNSName, normalizedName);
  }

  /** Only ever called with a validated literal, so InetAddress parses it without any DNS lookup. */
  private static InetAddress literal(String ipLiteral) {
    try {
      return InetAddress.getByName(ipLiteral);
    } catch (UnknownHostException e) {
      throw new IllegalArgumentException("'" + ipLiteral + "' is not an IP address", e);
    }
  }

  private static boolean isDnsName(String name) {
    if (name.isEmpty() || name.length() > 253) {
      return false;
    }
    String[] labels = name.split("\\.", -1);
    for (int i = 0; i < labels.length; i++) {
      boolean wildcard = i == 0 && labels.length > 2 && labels[i].equals("*");
      if (!wildcard && !DNS_LABEL.matcher(labels[i]).matches()) {
        return false;
      }
    }
    return true;
  }
}

package io.aviary.tenant.ca;

import java.time.Instant;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * What an organization sees of one CA certificate.
 *
 * @param subject subject DN (RFC 2253)
 * @param issuer issuer DN (RFC 2253)
 * @param serialNumber lower-case hex
 * @param notBefore start of validity
 * @param notAfter end of validity
 * @param sha256Fingerprint SHA-256 of the DER encoding, colon-separated upper-case hex
 * @param selfSigned whether subject and issuer are the same
 * @param pathLength the basicConstraints path length, or null when unlimited
 */
public record CertificateInfo(
    String subject,
    String issuer,
    String serialNumber,
    Instant notBefore,
    Instant notAfter,
    String sha256Fingerprint,
    boolean selfSigned,
    @Schema(nullable = true) Integer pathLength) {}

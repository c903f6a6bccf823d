package io.aviary.tenant.ca;

import java.time.Instant;
import java.util.List;

/**
 * An organization's CA bundle.
 *
 * @param certificates what each certificate is
 * @param pem the canonical PEM text
 * @param updatedAt when it was last set
 */
public record CaView(List<CertificateInfo> certificates, String pem, Instant updatedAt) {}

package io.aviary.tenant.ca;

/**
 * Body of {@code POST /api/v1/orgs/{org}/certificates/revocations}.
 *
 * @param serial the certificate serial number in hex ({@code 0A:1B}, {@code 0x0a1b} and {@code a1b}
 *     are the same)
 * @param issuer the issuer DN, for the record; optional
 * @param reason an RFC 5280 reason: unspecified (default), key_compromise, ca_compromise,
 *     affiliation_changed, superseded, cessation_of_operation, certificate_hold,
 *     privilege_withdrawn, aa_compromise
 */
public record RevocationRequest(String serial, String issuer, String reason) {}

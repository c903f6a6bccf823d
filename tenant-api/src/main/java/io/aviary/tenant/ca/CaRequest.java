package io.aviary.tenant.ca;

/**
 * Body of {@code PUT /api/v1/orgs/{org}/ca} as JSON.
 *
 * @param pem one or more PEM CERTIFICATE blocks
 */
public record CaRequest(String pem) {}

package io.aviary.node.it.tenancy;

import io.quarkus.test.junit.QuarkusTestProfile;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * The broker with real authentication: organizations come from a directory of broker-config files
 * that tests write ({@link TestOrgs}), instead of the anonymous test organization.
 */
public final class TenancyProfile implements QuarkusTestProfile {
  public static final Path ORGS_DIR;

  static {
    try {
      ORGS_DIR = Files.createTempDirectory("aviary-orgs");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public Map<String, String> getConfigOverrides() {
    return Map.of(
        "aviary.tenancy.anonymous-org", "",
        "aviary.tenancy.orgs-dir", ORGS_DIR.toString(),
        // The OIDC provider in tests serves discovery and JWKS over http on loopback.
        "aviary.tenancy.allow-insecure-idp-urls", "true");
  }
}

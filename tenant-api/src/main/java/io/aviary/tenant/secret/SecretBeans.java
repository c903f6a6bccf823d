package io.aviary.tenant.secret;

import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

/** CDI producers for the framework-free secret helpers. */
public class SecretBeans {

  @Produces
  @Singleton
  PasswordHasher passwordHasher() {
    return PasswordHasher.owaspDefaults();
  }
}

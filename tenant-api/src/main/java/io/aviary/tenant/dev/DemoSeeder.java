package io.aviary.tenant.dev;

import io.aviary.service.audit.Actor;
import io.aviary.service.auth.Role;
import io.aviary.service.secret.PrivateFiles;
import io.aviary.service.secret.RandomIds;
import io.aviary.tenant.config.TenantConfig;
import io.aviary.tenant.org.ConsoleUser;
import io.aviary.tenant.org.OrgService;
import io.aviary.tenant.org.Organization;
import io.aviary.tenant.secret.PasswordHasher;
import io.aviary.tenant.serviceaccount.CredentialView;
import io.aviary.tenant.serviceaccount.ServiceAccount;
import io.aviary.tenant.serviceaccount.ServiceAccountService;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.persistence.EntityManager;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.jboss.logging.Logger;

/**
 * Dev mode only: makes sure a {@code demo} organization with an admin and a {@code demo} service
 * account exists, and writes {@code <data-dir>/demo.env} with a fresh MQTT credential so that a
 * newcomer (or a script) can publish at once. Idempotent across restarts: the organization id is
 * kept in {@code platform_setting}, the admin password in {@code <data-dir>/demo-admin-password}.
 */
@ApplicationScoped
public class DemoSeeder {

  static final String ORG_NAME = "demo";
  static final String ADMIN_EMAIL = "demo@aviary.local";
  static final String SERVICE_ACCOUNT = "demo";
  static final String ORG_SETTING = "demo_org_id";
  static final String PASSWORD_FILE = "demo-admin-password";

  /** The file scripts source. */
  public static final String ENV_FILE = "demo.env";

  private static final Logger LOG = Logger.getLogger(DemoSeeder.class);
  private static final long SEED_LOCK = 0x6176_6961_7279_03L;
  private static final Pattern SHELL_SAFE = Pattern.compile("[A-Za-z0-9_./@:+=,-]*");

  private final TenantConfig config;
  private final OrgService orgs;
  private final ServiceAccountService accounts;
  private final PasswordHasher hasher;
  private final EntityManager em;

  public DemoSeeder(
      TenantConfig config,
      OrgService orgs,
      ServiceAccountService accounts,
      PasswordHasher hasher,
      EntityManager em) {
    this.config = config;
    this.orgs = orgs;
    this.accounts = accounts;
    this.hasher = hasher;
    this.em = em;
  }

  void onStart(@Observes StartupEvent event) {
    if (!config.dev().seedDemo()) {
      return;
    }
    if (!config.devMode()) {
      LOG.warn("aviary.dev.seed-demo is ignored outside dev mode");
      return;
    }
    Path env = seed();
    LOG.infof("Demo organization ready; credentials in %s", env);
  }

  /** Ensures the demo organization and writes demo.env; returns its path. */
  public Path seed() {
    Path dir = config.dataDir().toAbsolutePath().normalize();
    String adminPassword = readOrCreatePassword(dir.resolve(PASSWORD_FILE));
    ServiceAccount sa = QuarkusTransaction.requiringNew().call(() -> ensure(adminPassword));
    CredentialView credential = accounts.issue(sa, config.dev().demoCredentialTtl());
    Path ca = config.dev().demoCa().orElse(dir.resolve("certs").resolve("ca.pem"));
    Map<String, String> values = new LinkedHashMap<>();
    values.put("AVIARY_DEMO_ORG", sa.orgId);
    values.put("AVIARY_DEMO_USERNAME", credential.username());
    values.put("AVIARY_DEMO_PASSWORD", credential.password());
    values.put("AVIARY_DEMO_PASSWORD_EXPIRES_AT", credential.expiresAt().toString());
    values.put("AVIARY_DEMO_CA", ca.toAbsolutePath().normalize().toString());
    values.put("AVIARY_DEMO_ADMIN_EMAIL", ADMIN_EMAIL);
    values.put("AVIARY_DEMO_ADMIN_PASSWORD", adminPassword);
    Path env = dir.resolve(ENV_FILE);
    PrivateFiles.write(env, envFile(values));
    return env;
  }

  private ServiceAccount ensure(String adminPassword) {
    em.createNativeQuery("select 1 from pg_advisory_xact_lock(?1)")
        .setParameter(1, SEED_LOCK)
        .getSingleResult();
    String orgId = demoOrgId();
    ConsoleUser admin = ConsoleUser.byEmail(ADMIN_EMAIL).orElse(null);
    if (orgId == null && admin != null) {
      orgId = admin.orgId;
    }
    if (orgId == null) {
      orgId = orgs.create(ORG_NAME, ADMIN_EMAIL, hasher.hash(adminPassword)).org().id;
      admin = ConsoleUser.byEmail(ADMIN_EMAIL).orElseThrow();
    } else if (admin == null) {
      admin =
          orgs.addMember(
              orgId, ADMIN_EMAIL, hasher.hash(adminPassword), Role.ADMIN, Actor.PLATFORM);
    } else if (!hasher.verify(adminPassword, admin.passwordHash)) {
      // The password file was replaced or lost: the file is the truth in dev mode.
      admin.passwordHash = hasher.hash(adminPassword);
    }
    em.createNativeQuery(
            "insert into platform_setting (name, value) values (?1, ?2)"
                + " on conflict (name) do update set value = excluded.value")
        .setParameter(1, ORG_SETTING)
        .setParameter(2, orgId)
        .executeUpdate();
    String id = orgId;
    return ServiceAccount.byName(id, SERVICE_ACCOUNT)
        .orElseGet(() -> accounts.create(id, SERVICE_ACCOUNT, "Seeded by dev mode"));
  }

  private String demoOrgId() {
    @SuppressWarnings("unchecked")
    List<String> ids =
        em.createNativeQuery("select value from platform_setting where name = ?1")
            .setParameter(1, ORG_SETTING)
            .getResultList();
    if (ids.isEmpty() || Organization.findById(ids.get(0)) == null) {
      return null;
    }
    return ids.get(0);
  }

  private static String readOrCreatePassword(Path file) {
    try {
      if (Files.isRegularFile(file)) {
        String existing = Files.readString(file, StandardCharsets.UTF_8).strip();
        if (existing.length() >= 12) {
          return existing;
        }
      }
      String password = RandomIds.base32(24);
      PrivateFiles.write(file, password + "\n");
      return password;
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read " + file, e);
    }
  }

  static String envFile(Map<String, String> values) {
    StringBuilder out = new StringBuilder();
    out.append("# Written by aviary tenant-api (dev mode) at ")
        .append(Instant.now())
        .append(". Connect as the demo service account:\n")
        .append("#   . ./demo.env && mosquitto_pub -h localhost -p 8883 --cafile")
        .append(" \"$AVIARY_DEMO_CA\" -u \"$AVIARY_DEMO_USERNAME\" -P \"$AVIARY_DEMO_PASSWORD\"")
        .append(" -t hello -m hi\n");
    values.forEach((k, v) -> out.append(k).append('=').append(shellQuote(v)).append('\n'));
    return out.toString();
  }

  private static String shellQuote(String value) {
    if (SHELL_SAFE.matcher(value).matches()) {
      return value;
    }
    return "'" + value.replace("'", "'\\''") + "'";
  }
}

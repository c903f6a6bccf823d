package io.aviary.standalone;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.BrowserType;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Playwright;
import com.microsoft.playwright.options.AriaRole;
import com.nimbusds.jose.JOSEObjectType;
import java.net.InetAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import no.nav.security.mock.oauth2.MockOAuth2Server;
import no.nav.security.mock.oauth2.token.DefaultOAuth2TokenCallback;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The console in real headless Chromium (Debian's, driven by Playwright) against the whole platform
 * as {@code ./aviary dev} runs it: the edge, tenant-api and the rest. Screenshots of each page go
 * to {@code target/screenshots}; the README's copies in {@code docs/images} come from there.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ConsoleIT {
  private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
  private static final Path SCREENSHOTS = Path.of("target", "screenshots");

  private Platform platform;
  private MockOAuth2Server oidc;
  private Playwright playwright;
  private Browser browser;

  @BeforeAll
  void start() throws Exception {
    if (!Files.isExecutable(CHROMIUM)) {
      throw new IllegalStateException(
          CHROMIUM + " is missing: install Debian's chromium package (.ci/run does)");
    }
    platform = Platform.start().awaitReady(Duration.ofMinutes(3));
    oidc = new MockOAuth2Server();
    oidc.start(InetAddress.getLoopbackAddress(), 0);
    playwright =
        Playwright.create(
            new Playwright.CreateOptions().setEnv(Map.of("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1")));
    browser =
        playwright
            .chromium()
            .launch(
                new BrowserType.LaunchOptions()
                    .setExecutablePath(CHROMIUM)
                    .setHeadless(true)
                    .setArgs(
                        List.of(
                            "--no-sandbox",
                            "--disable-gpu",
                            "--disable-background-networking",
                            "--disable-component-update",
                            "--no-first-run",
                            "--disable-sync",
                            "--disable-quic")));
    Files.createDirectories(SCREENSHOTS);
  }

  @AfterAll
  void stop() throws Exception {
    if (browser != null) {
      browser.close();
    }
    if (playwright != null) {
      playwright.close();
    }
    if (oidc != null) {
      oidc.shutdown();
    }
    if (platform != null) {
      platform.close();
    }
  }

  private String url(String path) {
    return "http://localhost:" + platform.port("HTTP") + path;
  }

  /** Clicks the button whose accessible name is {@code name}. */
  private static void click(Page page, String name) {
    page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName(name)).click();
  }

  /** Follows the link whose accessible name is {@code name}. */
  private static void follow(Page page, String name) {
    page.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName(name)).click();
  }

  private static void screenshot(Page page, String name) {
    page.screenshot(
        new Page.ScreenshotOptions().setPath(SCREENSHOTS.resolve(name + ".png")).setFullPage(true));
  }

  @Test
  void signUpGetStartedLogOutAndBackIn() {
    String email = "ana+" + UUID.randomUUID().toString().substring(0, 8) + "@example.com";
    String password = "a long enough password";
    try (BrowserContext context = browser.newContext();
        Page page = context.newPage()) {
      page.navigate(url("/"));
      assertThat(page).hasURL(url("/signup"));
      assertThat(page.getByRole(AriaRole.HEADING)).hasText("Create your organization");

      // Bad input: every message next to its field, before anything is sent.
      page.getByLabel("Password").fill("short");
      click(page, "Create organization");
      assertThat(page.locator("#organization_name-error")).hasText("is required");
      assertThat(page.locator("#email-error")).hasText("is required");
      assertThat(page.locator("#password-error")).hasText("must be 12 to 256 characters long");
      assertThat(page.getByLabel("Organization name")).hasAttribute("aria-invalid", "true");
      screenshot(page, "signup-errors");

      page.getByLabel("Organization name").fill("Acme Robotics");
      page.getByLabel("Your email").fill(email);
      page.getByLabel("Password").fill(password);
      screenshot(page, "signup");
      click(page, "Create organization");

      assertThat(page).hasURL(url("/start"));
      assertThat(page.getByRole(AriaRole.HEADING, new Page.GetByRoleOptions().setLevel(1)))
          .hasText("Getting started");
      String org = page.getByTestId("org-id").textContent();
      assertThat(org).matches("org_[a-z0-9]{12}");
      assertThat(page.locator("pre").first()).containsText("-u 'agent-1@" + org + "'");
      assertThat(page.getByText("Download aviary-ca.pem")).isVisible();
      screenshot(page, "getting-started");

      // The session is a cookie no script can read.
      assertThat(context.cookies())
          .singleElement()
          .satisfies(
              c -> {
                assertThat(c.name).isEqualTo("__Host-aviary-session");
                assertThat(c.httpOnly).isTrue();
                assertThat(c.secure).isTrue();
              });
      assertThat(page.evaluate("document.cookie")).isEqualTo("");

      click(page, "Log out");
      assertThat(page).hasURL(url("/login"));
      page.navigate(url("/start"));
      assertThat(page).hasURL(url("/login?next=%2Fstart"));

      page.getByLabel("Email").fill(email);
      page.getByLabel("Password").fill("not the password");
      click(page, "Log in");
      assertThat(page.getByRole(AriaRole.ALERT)).hasText("Email or password is wrong.");
      screenshot(page, "login-refused");

      page.getByLabel("Password").fill(password);
      click(page, "Log in");
      assertThat(page).hasURL(url("/start"));
      assertThat(page.getByTestId("org-id")).hasText(org);
    }
  }

  /**
   * Signs up a new organization in {@code page} and returns its id, on the getting-started page.
   */
  private String signUp(Page page, String name) {
    page.navigate(url("/signup"));
    page.getByLabel("Organization name").fill(name);
    page.getByLabel("Your email")
        .fill("admin+" + UUID.randomUUID().toString().substring(0, 8) + "@example.com");
    page.getByLabel("Password").fill("a long enough password");
    click(page, "Create organization");
    assertThat(page).hasURL(url("/start"));
    return page.getByTestId("org-id").textContent();
  }

  private int tokenStatusFor(String apiKey) throws Exception {
    return HttpClient.newHttpClient()
        .send(
            HttpRequest.newBuilder(URI.create(url("/api/v1/auth/token")))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"api_key\":\"" + apiKey + "\"}"))
                .build(),
            HttpResponse.BodyHandlers.discarding())
        .statusCode();
  }

  @Test
  void anApiKeyIsShownOnceWorksUntilRevokedAndAnotherOrganizationCannotSeeIt() throws Exception {
    try (BrowserContext a = browser.newContext();
        BrowserContext b = browser.newContext();
        Page pageA = a.newPage();
        Page pageB = b.newPage()) {
      String orgA = signUp(pageA, "Key Holder");
      signUp(pageB, "Neighbour");

      follow(pageA, "API keys");
      assertThat(pageA).hasURL(url("/keys"));
      assertThat(pageA.getByText("No API keys yet.")).isVisible();
      click(pageA, "Create API key");
      assertThat(pageA.locator("#name-error")).hasText("is required");
      pageA.getByLabel("Name").fill("deploy-bot-a");
      pageA.getByLabel("Role").selectOption("member");
      click(pageA, "Create API key");
      String key = pageA.getByTestId("new-key").textContent();
      assertThat(key).startsWith("avk_");
      assertThat(
              pageA
                  .getByRole(AriaRole.ROW)
                  .filter(
                      new com.microsoft.playwright.Locator.FilterOptions()
                          .setHasText("deploy-bot-a")))
          .containsText("member");
      screenshot(pageA, "api-keys");
      assertThat(tokenStatusFor(key)).isEqualTo(200);

      // Organization B's session, with the console's own header, gets nothing of A's.
      Object status =
          pageB.evaluate(
              "async (org) => (await fetch('/api/v1/orgs/' + org + '/api-keys',"
                  + " {headers: {'X-Aviary-Console': '1'}})).status",
              orgA);
      assertThat(status).isEqualTo(403);
      pageB.navigate(url("/keys"));
      assertThat(pageB.getByText("No API keys yet.")).isVisible();
      assertThat(pageB.getByText("deploy-bot-a")).hasCount(0);

      // The key is shown once: a reload lists it by its prefix only.
      pageA.reload();
      assertThat(pageA.getByTestId("new-key")).hasCount(0);
      assertThat(pageA.locator("table")).not().containsText(key);
      pageA.onceDialog(dialog -> dialog.accept());
      click(pageA, "Revoke deploy-bot-a");
      assertThat(pageA.locator("tr.revoked")).containsText("revoked");
      assertThat(tokenStatusFor(key)).isEqualTo(401);
    }
  }

  @Test
  void anIdentityProviderIsAddedFromAPresetTestedAndItsTokensShowTheirBindings() {
    try (BrowserContext context = browser.newContext();
        Page page = context.newPage()) {
      signUp(page, "Token Users");
      follow(page, "Identity providers");
      assertThat(page).hasURL(url("/idps"));
      assertThat(page.getByText("No identity provider yet.")).isVisible();

      page.getByLabel("Provider").selectOption("generic_oidc");
      click(page, "Add identity provider");
      assertThat(page.locator("#idp-name-error")).hasText("is required");
      assertThat(page.locator("#input-issuer-error")).hasText("is required");

      String issuer = oidc.issuerUrl("acme").toString();
      page.getByLabel("Name").fill("Acme OIDC");
      page.locator("#input-issuer").fill(issuer);
      page.locator("#input-audience").fill("aviary");
      click(page, "Add identity provider");
      assertThat(page.locator(".card h3")).hasText("Acme OIDC");
      assertThat(page.locator(".card")).containsText(issuer);

      click(page, "Test connection of Acme OIDC");
      assertThat(page.locator(".card .probe")).containsText("Connection works");

      String token =
          oidc.issueToken(
                  "acme",
                  "agents",
                  new DefaultOAuth2TokenCallback(
                      "acme",
                      "agent-7",
                      JOSEObjectType.JWT.getType(),
                      List.of("aviary"),
                      Map.of("email", "agent-7@acme.example"),
                      600))
              .serialize();
      page.getByLabel("A JWT an agent would send as its MQTT password").fill(token);
      click(page, "Check token");
      assertThat(page.locator("section .probe")).containsText("Accepted as agent-7");
      assertThat(page.locator("section .probe table")).containsText("org_id");
      screenshot(page, "identity-providers");

      page.getByLabel("A JWT an agent would send as its MQTT password").fill("not-a-jwt");
      click(page, "Check token");
      assertThat(page.locator("section .probe")).containsText("Refused (malformed)");
    }
  }

  @Test
  void anAddedMemberLogsInToTheSameOrganizationAndTheServersRefusalIsShown() {
    String email = "mia+" + UUID.randomUUID().toString().substring(0, 8) + "@example.com";
    try (BrowserContext admin = browser.newContext();
        BrowserContext member = browser.newContext();
        Page adminPage = admin.newPage();
        Page memberPage = member.newPage()) {
      String org = signUp(adminPage, "Team");
      follow(adminPage, "Members");
      assertThat(adminPage.locator("tbody tr")).hasCount(1);
      adminPage.getByLabel("Your email").fill("not an email");
      adminPage.getByLabel("Password").fill("a long enough password");
      click(adminPage, "Add member");
      // The browser lets this through; the server's pointer puts its message by the field.
      assertThat(adminPage.locator("#email-error")).hasText("must be an email address");

      adminPage.getByLabel("Your email").fill(email);
      click(adminPage, "Add member");
      assertThat(adminPage.getByRole(AriaRole.STATUS)).hasText(email + " can now log in.");
      assertThat(adminPage.locator("tbody tr")).hasCount(2);
      assertThat(adminPage.locator("tbody")).containsText(email);
      screenshot(adminPage, "members");

      memberPage.navigate(url("/login"));
      memberPage.getByLabel("Email").fill(email);
      memberPage.getByLabel("Password").fill("a long enough password");
      click(memberPage, "Log in");
      assertThat(memberPage.getByTestId("org-id")).hasText(org);
      follow(memberPage, "API keys");
      memberPage.getByLabel("Name").fill("not-allowed");
      click(memberPage, "Create API key");
      // Members may neither list nor create keys: the server says so, the page shows it.
      assertThat(memberPage.getByRole(AriaRole.ALERT).first()).containsText("Not allowed");
    }
  }

  @Test
  void aDuplicateEmailGetsTheServersMessageNextToTheField() {
    String email = "dup+" + UUID.randomUUID().toString().substring(0, 8) + "@example.com";
    for (int attempt = 0; attempt < 2; attempt++) {
      try (BrowserContext context = browser.newContext();
          Page page = context.newPage()) {
        page.navigate(url("/signup"));
        page.getByLabel("Organization name").fill("Dup " + attempt);
        page.getByLabel("Your email").fill(email);
        page.getByLabel("Password").fill("a long enough password");
        click(page, "Create organization");
        if (attempt == 0) {
          assertThat(page).hasURL(url("/start"));
        } else {
          assertThat(page).hasURL(url("/signup"));
          assertThat(page.locator("#email-error")).not().isEmpty();
          assertThat(page.getByLabel("Your email")).hasAttribute("aria-invalid", "true");
        }
      }
    }
  }
}

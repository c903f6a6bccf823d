package io.aviary.standalone;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.deque.html.axecore.playwright.AxeBuilder;
import com.deque.html.axecore.results.AxeResults;
import com.deque.html.axecore.results.Rule;
import com.hivemq.client.mqtt.mqtt5.Mqtt5BlockingClient;
import com.hivemq.client.mqtt.mqtt5.exceptions.Mqtt5ConnAckException;
import com.hivemq.client.mqtt.mqtt5.exceptions.Mqtt5DisconnectException;
import com.hivemq.client.mqtt.mqtt5.exceptions.Mqtt5SubAckException;
import com.hivemq.client.mqtt.mqtt5.message.disconnect.Mqtt5DisconnectReasonCode;
import com.hivemq.client.mqtt.mqtt5.message.subscribe.suback.Mqtt5SubAckReasonCode;
import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.BrowserType;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Playwright;
import com.microsoft.playwright.assertions.PlaywrightAssertions;
import com.microsoft.playwright.options.AriaRole;
import com.microsoft.playwright.options.ColorScheme;
import com.nimbusds.jose.JOSEObjectType;
import java.net.InetAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
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
  private static final String SSO_ISSUER = "platform-sso";
  private static final String SSO_CLIENT = "aviary-console";

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
    oidc = new MockOAuth2Server();
    oidc.start(InetAddress.getLoopbackAddress(), 0);
    // The same provider is also the platform's own, for console sign-in (another issuer).
    platform =
        Platform.start(
                1,
                Map.of(
                    "AVIARY_CONSOLE_OIDC_ISSUER",
                    oidc.issuerUrl(SSO_ISSUER).toString(),
                    "AVIARY_CONSOLE_OIDC_CLIENT_ID",
                    SSO_CLIENT,
                    "AVIARY_CONSOLE_OIDC_CLIENT_SECRET",
                    "console-it-client-secret",
                    "AVIARY_CONSOLE_OIDC_DISPLAY_NAME",
                    "Acme SSO"))
            .awaitReady(Duration.ofMinutes(3));
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
    // How long an expectation waits for the page to get there: generous, as a sign-up's password
    // hashing on a busy two-core machine can take seconds.
    PlaywrightAssertions.setDefaultAssertionTimeout(20_000);
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

  @Test
  void aMemberSignsInThroughThePlatformsIdentityProviderAndLandsWhereTheSessionEnded() {
    String email = "sso+" + UUID.randomUUID().toString().substring(0, 8) + "@example.com";
    try (BrowserContext context = browser.newContext();
        Page page = context.newPage()) {
      String org = signUp(page, "Single Sign-On", email);
      click(page, "Log out");
      assertThat(page).hasURL(url("/login"));
      page.navigate(url("/members"));
      assertThat(page).hasURL(url("/login?next=%2Fmembers"));
      screenshot(page, "login-oidc");

      // The provider signs the browser in at once (no login form) and vouches for the address.
      providerVouchesFor(email, true);
      click(page, "Sign in with Acme SSO");
      assertThat(page).hasURL(url("/members"));
      assertThat(page.getByRole(AriaRole.HEADING, new Page.GetByRoleOptions().setLevel(1)))
          .hasText("Members");
      assertThat(page.locator("main")).containsText(email);
      assertThat(page.locator("header")).containsText(email);
      // The code left the address bar; the sign-in cookie is gone, the session cookie stays.
      assertThat(context.cookies())
          .singleElement()
          .satisfies(c -> assertThat(c.name).isEqualTo("__Host-aviary-session"));
      follow(page, "Getting started");
      assertThat(page.getByTestId("org-id")).hasText(org);

      // An address the provider does not vouch for: refused, and said so.
      click(page, "Log out");
      providerVouchesFor(email, false);
      click(page, "Sign in with Acme SSO");
      assertThat(page).hasURL(url("/login/callback"));
      assertThat(page.getByRole(AriaRole.ALERT)).containsText("did not vouch for an email");
      screenshot(page, "login-oidc-refused");
      follow(page, "Back to sign-in");
      assertThat(page).hasURL(url("/login"));
    }
  }

  /** The next ID token the platform's provider issues: for {@code email}, to the console. */
  private void providerVouchesFor(String email, boolean verified) {
    oidc.enqueueCallback(
        new DefaultOAuth2TokenCallback(
            SSO_ISSUER,
            "sso-user",
            JOSEObjectType.JWT.getType(),
            List.of(SSO_CLIENT),
            Map.of("email", email, "email_verified", verified),
            3600));
  }

  /**
   * Signs up a new organization in {@code page} and returns its id, on the getting-started page.
   */
  private String signUp(Page page, String name) {
    return signUp(
        page, name, "admin+" + UUID.randomUUID().toString().substring(0, 8) + "@example.com");
  }

  /** Signs up a new organization with its admin {@code email}; returns its id. */
  private String signUp(Page page, String name, String email) {
    page.navigate(url("/signup"));
    page.getByLabel("Organization name").fill(name);
    page.getByLabel("Your email").fill(email);
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
                  .filter(new Locator.FilterOptions().setHasText("deploy-bot-a")))
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
  void aPolicyIsValidatedOnItsLinesSimulatedReviewedActivatedAndRolledBack() {
    try (BrowserContext context = browser.newContext();
        Page page = context.newPage()) {
      signUp(page, "Pipelines Co");
      follow(page, "Access control");
      assertThat(page).hasURL(url("/policies"));
      assertThat(page.getByTestId("active-policy")).containsText("Blank policy");
      Locator editor = page.locator("#policy");
      assertThat(editor).hasValue(Pattern.compile("\"default_action\""));

      // An error points at its line and column; choosing it puts the caret there.
      editor.fill(
          "{\n  \"version\": \"2.0\",\n  \"rules\": [\n    {\"topic\": \"a/#/b\","
              + " \"action\": \"publish\", \"effect\": \"allow\"}\n  ]\n}\n");
      Locator problem = page.getByTestId("policy-problem").first();
      assertThat(problem).containsText("Line 4");
      assertThat(problem).containsText("/rules/0/topic");
      assertThat(page.locator(".gutter .error")).hasText("4");
      assertThat(editor).hasAttribute("aria-invalid", "true");
      screenshot(page, "policy-errors");
      problem.getByRole(AriaRole.BUTTON).click();
      assertThat(editor).isFocused();
      assertThat(
              page.getByRole(
                  AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Review changes")))
          .isDisabled();

      page.getByLabel("Start from a template").selectOption("agent-pipelines");
      page.onceDialog(dialog -> dialog.accept());
      click(page, "Use template");
      assertThat(editor).hasValue(Pattern.compile("own-inbox"));
      assertThat(page.getByTestId("policy-problem")).hasCount(0);

      simulate(page, "{\"agent_id\": \"a1\"}", "agents/a1/inbox");
      assertThat(page.getByTestId("verdict")).hasText("Allowed");
      assertThat(page.getByTestId("deciding-rule")).hasText("own-inbox");
      simulate(page, "{\"agent_id\": \"a1\"}", "agents/a2/inbox");
      assertThat(page.getByTestId("verdict")).hasText("Denied");
      assertThat(page.getByTestId("deciding-rule")).hasText("default");
      page.getByLabel("Identity claims (JSON)").fill("[\"not\", \"an object\"]");
      click(page, "Simulate");
      assertThat(page.locator("#identity-error")).containsText("must be a JSON object");

      click(page, "Review changes");
      Locator diff = page.getByTestId("policy-diff");
      assertThat(diff).containsText("Changes from version 0");
      assertThat(diff).containsText("added own-inbox: allow subscribe agents/{agent_id}/inbox");
      // The simulated case the draft decides differently from the active (Blank) policy.
      assertThat(diff)
          .containsText("subscribe agents/a1/inbox: deny (default) → allow (own-inbox)");
      screenshot(page, "access-control");
      page.getByLabel("Comment (optional)").fill("agents talk to each other");
      click(page, "Activate draft");
      assertThat(
              page.getByRole(AriaRole.STATUS)
                  .filter(new Locator.FilterOptions().setHasText("Version 1")))
          .hasText("Version 1 is active. Brokers apply it within seconds.");
      assertThat(page.getByTestId("active-policy")).containsText("Active: version 1, 6 rules");
      assertThat(page.getByTestId("policy-version")).hasCount(1);
      assertThat(page.getByTestId("policy-version")).containsText("agents talk to each other");

      page.getByLabel("Start from a template").selectOption("permit-all");
      click(page, "Use template");
      click(page, "Review changes");
      click(page, "Activate draft");
      assertThat(page.getByTestId("active-policy")).containsText("Active: version 2");
      page.onceDialog(dialog -> dialog.accept());
      click(page, "Roll back to version 1");
      assertThat(page.getByTestId("active-policy")).containsText("Active: version 1");
      page.getByLabel("the active policy").check();
      simulate(page, "{\"agent_id\": \"a1\"}", "agents/a2/inbox");
      assertThat(page.locator(".verdict")).containsText("against the active policy");
      assertThat(page.getByTestId("verdict")).hasText("Denied");
    }
  }

  /** Runs the simulator for a subscribe to {@code topic} by a client with {@code claims}. */
  private static void simulate(Page page, String claims, String topic) {
    page.getByLabel("Identity claims (JSON)").fill(claims);
    page.getByLabel("Action").selectOption("subscribe");
    page.getByLabel("Topic or filter").fill(topic);
    click(page, "Simulate");
    assertThat(page.locator(".verdict")).containsText(topic);
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
      adminPage.getByText("Add a member with an initial password").click();
      adminPage.getByLabel("Your email").fill("not an email");
      adminPage.getByLabel("Password").fill("a long enough password");
      click(adminPage, "Add member");
      // The browser lets this through; the server's pointer puts its message by the field.
      assertThat(adminPage.locator("#email-error")).hasText("must be an email address");

      adminPage.getByLabel("Your email").fill(email);
      click(adminPage, "Add member");
      assertThat(adminPage.getByRole(AriaRole.STATUS)).hasText(email + " can now log in.");
      assertThat(adminPage.locator("main > table tbody tr")).hasCount(2);
      assertThat(adminPage.locator("main > table")).containsText(email);

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
  void anInvitedPersonJoinsThroughTheLinkOnceWithTheRoleTheAdminChose() {
    String email = "ivy+" + UUID.randomUUID().toString().substring(0, 8) + "@example.com";
    try (BrowserContext admin = browser.newContext();
        BrowserContext invitee = browser.newContext();
        Page adminPage = admin.newPage();
        Page inviteePage = invitee.newPage()) {
      String org = signUp(adminPage, "Inviters");
      follow(adminPage, "Members");
      assertThat(adminPage.getByText("No open invitation.")).isVisible();
      adminPage.getByLabel("Email address to invite").fill("not an email");
      click(adminPage, "Invite");
      assertThat(adminPage.locator("#invite-email-error")).hasText("must be an email address");
      adminPage.getByLabel("Email address to invite").fill(email);
      adminPage.getByLabel("Their role").selectOption("admin");
      click(adminPage, "Invite");
      String link = adminPage.getByTestId("invite-link").textContent();
      assertThat(link).matches("http://localhost:\\d+/invite#[a-z2-7]{40}");
      assertThat(adminPage.getByTestId("invitation")).containsText(email);
      screenshot(adminPage, "members");

      inviteePage.navigate(link);
      assertThat(inviteePage.getByTestId("invited-email")).hasText(email);
      assertThat(inviteePage.locator("main")).containsText("Inviters");
      // The token leaves the address bar once read.
      assertThat(inviteePage).hasURL(url("/invite"));
      inviteePage.getByLabel("Password").fill("short");
      click(inviteePage, "Join");
      assertThat(inviteePage.locator("#password-error"))
          .hasText("must be 12 to 256 characters long");
      inviteePage.getByLabel("Password").fill("a long enough password");
      click(inviteePage, "Join");
      assertThat(inviteePage).hasURL(url("/start"));
      assertThat(inviteePage.getByTestId("org-id")).hasText(org);
      // An admin, as invited: the keys page lists (members could not).
      follow(inviteePage, "API keys");
      assertThat(inviteePage.getByText("No API keys yet.")).isVisible();

      adminPage.reload();
      assertThat(adminPage.getByText("No open invitation.")).isVisible();
      assertThat(adminPage.locator("main > table")).containsText(email);

      // The link worked once.
      try (BrowserContext again = browser.newContext();
          Page page = again.newPage()) {
        page.navigate(link);
        assertThat(page.getByRole(AriaRole.ALERT)).containsText("not valid");
      }
    }
  }

  @Test
  void theJourneyFromSignUpToADeniedSubscribeInTheAuditView() throws Exception {
    try (BrowserContext context = browser.newContext();
        Page page = context.newPage()) {
      String org = signUp(page, "Agent Works");

      // An identity provider: the test's own OIDC issuer.
      follow(page, "Identity providers");
      page.getByLabel("Provider").selectOption("generic_oidc");
      page.getByLabel("Name").fill("Agents");
      page.locator("#input-issuer").fill(oidc.issuerUrl("journey").toString());
      page.locator("#input-audience").fill("aviary");
      click(page, "Add identity provider");
      assertThat(page.locator(".card h3")).hasText("Agents");

      // The Agent Pipelines template, simulated both ways, then activated.
      follow(page, "Access control");
      Locator editor = page.locator("#policy");
      assertThat(editor).hasValue(Pattern.compile("\"default_action\""));
      page.getByLabel("Start from a template").selectOption("agent-pipelines");
      click(page, "Use template");
      assertThat(editor).hasValue(Pattern.compile("own-inbox"));
      simulate(page, "{\"agent_id\": \"agent-7\"}", "agents/agent-7/inbox");
      assertThat(page.getByTestId("verdict")).hasText("Allowed");
      simulate(page, "{\"agent_id\": \"agent-7\"}", "agents/agent-8/inbox");
      assertThat(page.getByTestId("verdict")).hasText("Denied");
      click(page, "Review changes");
      click(page, "Activate draft");
      assertThat(page.getByTestId("active-policy")).containsText("Active: version 1");

      // A real agent with a token of that provider.
      String clientId = "agent-7-" + UUID.randomUUID().toString().substring(0, 6);
      CompletableFuture<Throwable> gone = new CompletableFuture<>();
      Mqtt5BlockingClient agent =
          mqttClient(clientId, "agent-7@" + org, agentToken("agent-7"), gone);
      // The IdP and the policy reach the broker within seconds of their change.
      await().atMost(Duration.ofSeconds(30)).ignoreExceptions().until(() -> connect(agent));
      await()
          .atMost(Duration.ofSeconds(30))
          .until(() -> subscribeCode(agent, "agents/agent-7/inbox").getCode() < 0x80);
      assertThat(subscribeCode(agent, "agents/agent-8/inbox"))
          .isEqualTo(Mqtt5SubAckReasonCode.NOT_AUTHORIZED);

      // The session in the live list.
      follow(page, "Sessions");
      Locator row =
          page.getByTestId("session-row").filter(new Locator.FilterOptions().setHasText(clientId));
      assertThat(row).containsText("agent-7");
      assertThat(row).containsText("5.0");
      screenshot(page, "sessions");

      // The denied subscribe in the audit view, once the pipeline has stored it.
      follow(page, "Audit");
      page.getByLabel("Verdict").selectOption("deny");
      page.getByLabel("Client id").fill(clientId);
      Locator denied =
          page.getByTestId("audit-row")
              .filter(new Locator.FilterOptions().setHasText("agents/agent-8/inbox"));
      await()
          .atMost(Duration.ofSeconds(60))
          .pollInterval(Duration.ofSeconds(1))
          .until(
              () -> {
                click(page, "Apply filters");
                return denied.count() > 0;
              });
      assertThat(denied.first().locator("td[data-field=verdict]")).hasText("deny");
      assertThat(denied.first().locator("td[data-field=action]")).containsText("subscribe");
      assertThat(denied.first().locator("td[data-field=client_id]")).hasText(clientId);
      screenshot(page, "audit");

      // Disconnected from the console: the agent is told why.
      follow(page, "Sessions");
      page.onceDialog(dialog -> dialog.accept());
      click(page, "Disconnect " + clientId);
      assertThat(gone.get(30, TimeUnit.SECONDS))
          .isInstanceOfSatisfying(
              Mqtt5DisconnectException.class,
              e ->
                  assertThat(e.getMqttMessage().getReasonCode())
                      .isEqualTo(Mqtt5DisconnectReasonCode.ADMINISTRATIVE_ACTION));
      assertThat(row).hasCount(0);
    }
  }

  /** An MQTT 5 client of the platform's TLS listener, trusting its development CA. */
  private Mqtt5BlockingClient mqttClient(
      String clientId, String username, String password, CompletableFuture<Throwable> gone)
      throws Exception {
    return platform.mqttClient(platform.port("MQTTS"), clientId, username, password, gone);
  }

  private Path devCa() {
    return platform.data().resolve("certs").resolve("ca.pem");
  }

  @Test
  void aServiceAccountsCredentialIsShownOnceAndConnectsAnAgent() throws Exception {
    try (BrowserContext context = browser.newContext();
        Page page = context.newPage()) {
      String org = signUp(page, "Machines");
      follow(page, "Service accounts");
      click(page, "Create service account");
      assertThat(page.locator("#sa-name-error")).hasText("is required");
      page.locator("#sa-name").fill("x".repeat(65));
      click(page, "Create service account");
      assertThat(page.locator("#sa-name-error")).containsText("must be at most 64 characters");
      page.locator("#sa-name").fill("ingest");
      click(page, "Create service account");
      Locator card = page.getByTestId("service-account").filter(hasText("ingest"));
      assertThat(card).containsText("@" + org);
      page.locator("#sa-name").fill("ingest");
      click(page, "Create service account");
      assertThat(page.locator("#sa-name-error")).containsText("already exists");

      page.getByLabel("Credential lifetime for ingest").selectOption("900");
      click(page, "Issue credential for ingest");
      String username = page.getByTestId("credential-username").textContent().strip();
      String password = page.getByTestId("credential-password").textContent().strip();
      assertThat(username).endsWith("@" + org);
      assertThat(password.split("\\.")).hasSize(3);
      assertThat(page.getByTestId("credential-example")).containsText("mosquitto_pub");
      screenshot(page, "service-accounts");

      // The credential is a working MQTT password.
      Mqtt5BlockingClient client =
          mqttClient("ingest-1", username, password, new CompletableFuture<>());
      assertThat(connect(client)).isTrue();
      client.disconnect();

      page.onceDialog(dialog -> dialog.accept());
      click(page, "Delete ingest");
      assertThat(card).hasCount(0);
    }
  }

  @Test
  void anOrganizationCaIsUploadedCheckedAndItsCertificatesRevoked() throws Exception {
    try (BrowserContext context = browser.newContext();
        Page page = context.newPage()) {
      signUp(page, "Certified");
      follow(page, "Certificates");
      assertThat(page.getByTestId("no-ca")).isVisible();
      page.getByLabel("CA certificates (PEM)").fill("hello");
      click(page, "Upload CA");
      assertThat(page.locator("#pem-error")).containsText("is not a PEM certificate");
      // A server certificate is not a CA: the server says so, next to the field.
      page.getByLabel("CA certificates (PEM)")
          .fill(Files.readString(devCa().resolveSibling("server.pem")));
      click(page, "Upload CA");
      assertThat(page.locator("#pem-error")).containsText("is not a CA certificate");

      page.getByLabel("Or read a .pem file").setInputFiles(devCa());
      click(page, "Upload CA");
      assertThat(page.getByTestId("ca-certificate")).hasCount(1);
      assertThat(page.getByTestId("ca-certificate")).containsText("Aviary Development CA");
      assertThat(page.getByTestId("ca-fingerprint")).containsText(":");

      page.getByLabel("Serial number").fill("xyz");
      click(page, "Revoke certificate");
      assertThat(page.locator("#serial-error")).containsText("hex");
      page.getByLabel("Serial number").fill("0A:1B:FF");
      page.getByLabel("Reason").selectOption("key_compromise");
      click(page, "Revoke certificate");
      assertThat(page.getByTestId("revocations")).containsText("a1bff");
      assertThat(page.getByTestId("revocations")).containsText("Key compromise");
      screenshot(page, "certificates");
    }
  }

  @Test
  void everyPageMeetsWcagAaInLightAndDarkColours() {
    for (ColorScheme scheme : List.of(ColorScheme.LIGHT, ColorScheme.DARK)) {
      try (BrowserContext context =
              browser.newContext(new Browser.NewContextOptions().setColorScheme(scheme));
          Page page = context.newPage()) {
        page.navigate(url("/signup"));
        assertThat(page.getByRole(AriaRole.HEADING)).hasText("Create your organization");
        List<String> violations = new ArrayList<>(accessibilityViolations(page, "/signup"));
        // The check sees what it is for: an input without a label.
        page.evaluate("document.querySelector('main').insertAdjacentHTML('beforeend', '<input>')");
        assertThat(accessibilityViolations(page, "/signup"))
            .anySatisfy(v -> assertThat(v).contains("label"));
        page.navigate(url("/login"));
        assertThat(page.getByRole(AriaRole.HEADING)).hasText("Log in");
        violations.addAll(accessibilityViolations(page, "/login"));
        signUp(page, "Accessible " + scheme);
        for (String[] link :
            new String[][] {
              {"Getting started", "/start"},
              {"Identity providers", "/idps"},
              {"Access control", "/policies"},
              {"Sessions", "/sessions"},
              {"Audit", "/audit"},
              {"API keys", "/keys"},
              {"Service accounts", "/service-accounts"},
              {"Certificates", "/certificates"},
              {"Members", "/members"}
            }) {
          follow(page, link[0]);
          assertThat(page).hasURL(url(link[1]));
          // Loaded: the page's own data is in, not its "Loading…" placeholder.
          assertThat(page.locator("[aria-busy=true]")).hasCount(0);
          violations.addAll(accessibilityViolations(page, link[1]));
        }
        assertThat(violations).as(scheme + " colour scheme").isEmpty();
      }
    }
  }

  /** axe-core's WCAG 2.1 A and AA violations on the page, one line per element. */
  private static List<String> accessibilityViolations(Page page, String name) {
    AxeResults results =
        new AxeBuilder(page)
            .withTags(List.of("wcag2a", "wcag2aa", "wcag21a", "wcag21aa"))
            .analyze();
    List<String> out = new ArrayList<>();
    for (Rule rule : results.getViolations()) {
      rule.getNodes()
          .forEach(
              n ->
                  out.add(
                      name
                          + ": "
                          + rule.getId()
                          + " ("
                          + rule.getHelp()
                          + ") at "
                          + n.getTarget()));
    }
    return out;
  }

  private static Locator.FilterOptions hasText(String text) {
    return new Locator.FilterOptions().setHasText(text);
  }

  /** Connects, reporting a refusal as false so that a wait can try again. */
  private static boolean connect(Mqtt5BlockingClient client) {
    try {
      client.connect();
      return true;
    } catch (Mqtt5ConnAckException e) {
      return false;
    }
  }

  private static Mqtt5SubAckReasonCode subscribeCode(Mqtt5BlockingClient c, String filter) {
    try {
      return c.subscribeWith().topicFilter(filter).send().getReasonCodes().get(0);
    } catch (Mqtt5SubAckException e) {
      return e.getMqttMessage().getReasonCodes().get(0);
    }
  }

  /** A token of the test's OIDC issuer naming {@code agentId}, as an agent platform issues. */
  private String agentToken(String agentId) {
    return oidc.issueToken(
            "journey",
            "agents",
            new DefaultOAuth2TokenCallback(
                "journey",
                agentId,
                JOSEObjectType.JWT.getType(),
                List.of("aviary"),
                Map.of("agent_id", agentId),
                600))
        .serialize();
  }

  @Test
  void noOrganizationReadsAnotherOnesDataThroughTheEdge() {
    try (BrowserContext a = browser.newContext();
        BrowserContext b = browser.newContext();
        Page pageA = a.newPage();
        Page pageB = b.newPage()) {
      String orgA = signUp(pageA, "Owner");
      signUp(pageB, "Prying");
      // Something of A's in every area: a policy version and an open invitation.
      follow(pageA, "Access control");
      assertThat(pageA.locator("#policy")).hasValue(Pattern.compile("\"rules\""));
      pageA.getByLabel("Start from a template").selectOption("permit-all");
      click(pageA, "Use template");
      click(pageA, "Review changes");
      click(pageA, "Activate draft");
      assertThat(pageA.getByTestId("active-policy")).containsText("Active: version 1");

      for (String path :
          List.of(
              "",
              "/members",
              "/invitations",
              "/idps",
              "/api-keys",
              "/service-accounts",
              "/ca",
              "/certificates/revocations",
              "/acl",
              "/acl/versions",
              "/acl/versions/1",
              "/sessions",
              "/audit/events",
              "/audit/stats",
              "/audit/export?format=csv")) {
        Object status =
            pageB.evaluate(
                "async (path) => (await fetch(path, {headers: {'X-Aviary-Console': '1'}})).status",
                "/api/v1/orgs/" + orgA + path);
        assertThat(status).as(path).isEqualTo(403);
      }
      Object simulated =
          pageB.evaluate(
              "async (path) => (await fetch(path, {method: 'POST', headers: {'X-Aviary-Console':"
                  + " '1', 'Content-Type': 'application/json'}, body: JSON.stringify({identity:"
                  + " {}, action: 'publish', topic: 'a'})})).status",
              "/api/v1/orgs/" + orgA + "/acl/simulate");
      assertThat(simulated).isEqualTo(403);

      // B's own pages show B's organization only.
      follow(pageB, "Access control");
      assertThat(pageB.getByTestId("active-policy")).containsText("Blank policy");
      assertThat(pageB.getByText("No version stored yet.")).isVisible();
      follow(pageB, "Members");
      assertThat(pageB.locator("main > table tbody tr")).hasCount(1);
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

package io.aviary.acl;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;

/** The five preset templates. A new organization starts on {@link #BLANK_ID}. */
public final class Templates {
  public static final String PERMIT_ALL_ID = "permit-all";
  public static final String NOTIFICATIONS_ID = "notifications";
  public static final String AGENT_PIPELINES_ID = "agent-pipelines";
  public static final String CHAT_CHANNELS_ID = "chat-channels";
  public static final String BLANK_ID = "blank";

  private static final List<Template> ALL =
      List.of(
          load(
              PERMIT_ALL_ID,
              "Permit All",
              "Every authenticated client may publish and subscribe to every topic of the"
                  + " organization. For development and trusted fleets only."),
          load(
              NOTIFICATIONS_ID,
              "Notifications",
              "Backend services (role 'service') publish to notifications/<user>/...; each user"
                  + " subscribes to their own notifications and to broadcast/#, and publishes"
                  + " receipts."),
          load(
              AGENT_PIPELINES_ID,
              "Agent Pipelines",
              "Each agent reads its own inbox agents/{agent_id}/inbox, may message any agent's"
                  + " inbox, reports its status, and works in the pipelines its 'pipeline' claim"
                  + " names. Orchestrators (role 'orchestrator') manage agents/#."),
          load(
              CHAT_CHANNELS_ID,
              "Chat Channels",
              "Users read and post in the rooms their 'rooms' claim lists, share presence, and"
                  + " receive direct messages; moderators (role 'moderator') manage chat/#."),
          load(
              BLANK_ID,
              "Blank",
              "Denies everything: start from here and add rules. New organizations use it."));

  private Templates() {}

  /** Every template, Permit All first and Blank last. */
  public static List<Template> all() {
    return ALL;
  }

  public static Optional<Template> get(String id) {
    return ALL.stream().filter(t -> t.id().equals(id)).findFirst();
  }

  /** The deny-all policy every organization has until it activates one of its own. */
  public static Policy blank() {
    return get(BLANK_ID).orElseThrow().policy();
  }

  private static Template load(String id, String name, String description) {
    String resource = "templates/" + id + ".json";
    try (InputStream in = Templates.class.getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalStateException("missing template resource " + resource);
      }
      ParseResult parsed =
          PolicyDocument.parse(new String(in.readAllBytes(), StandardCharsets.UTF_8));
      if (!parsed.valid()) {
        throw new IllegalStateException("template " + id + " is invalid: " + parsed.errors());
      }
      return new Template(id, name, description, parsed.policy());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}

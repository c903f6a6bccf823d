import { useEffect, useState } from "preact/hooks";
import { api, Info, Me } from "../api";

/** Where a new organization starts: who it is, where agents connect, how. */
export function Start(props: { me: Me }) {
  const [info, setInfo] = useState<Info | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    api.info().then(setInfo, (e) => setError(String(e.message ?? e)));
  }, []);
  const org = props.me.org_id;
  const user = `agent-1@${org}`;
  const tls = info ? new URL(info.mqtt_tls_url.replace(/^mqtts:/, "https:")) : null;
  const host = tls?.hostname ?? "localhost";
  const port = tls?.port || "8883";
  const ca = info?.ca_url ? "--cafile aviary-ca.pem " : "";

  return (
    <main>
      <h1>Getting started</h1>
      <section aria-labelledby="org-heading">
        <h2 id="org-heading">Your organization</h2>
        <dl class="facts">
          <dt>Organization id</dt>
          <dd>
            <code data-testid="org-id">{org}</code>
          </dd>
          <dt>MQTT user name</dt>
          <dd>
            <code>{"<anything>@" + org}</code>: the part after <code>@</code> selects your
            organization; the part before it is free (a device or agent name).
          </dd>
          <dt>Password</dt>
          <dd>A JWT from your identity provider, or a service account's credential.</dd>
        </dl>
      </section>
      <section aria-labelledby="endpoints-heading">
        <h2 id="endpoints-heading">Endpoints</h2>
        {error && <p class="form-error" role="alert">{error}</p>}
        {info && (
          <dl class="facts">
            <dt>MQTT over TLS</dt>
            <dd>
              <code>{info.mqtt_tls_url}</code>
            </dd>
            <dt>MQTT over secure WebSocket</dt>
            <dd>
              <code>{info.mqtt_wss_url}</code> (subprotocol <code>mqtt</code>)
            </dd>
            <dt>CA to trust</dt>
            <dd>
              {info.ca_url ? (
                <a href={info.ca_url} download="aviary-ca.pem">
                  Download aviary-ca.pem
                </a>
              ) : (
                "The public CAs your system trusts."
              )}
            </dd>
          </dl>
        )}
      </section>
      <section aria-labelledby="snippets-heading">
        <h2 id="snippets-heading">Connect an agent with a JWT</h2>
        <p>
          Every topic is denied until a policy allows it, and a JWT is accepted once its identity
          provider is registered for the organization.
        </p>
        <h3>mosquitto</h3>
        <pre>
          <code>{`TOKEN=<a JWT from your identity provider>
mosquitto_pub -h ${host} -p ${port} ${ca}\\
  -u '${user}' -P "$TOKEN" -i agent-1 -V mqttv5 \\
  -t 'agents/agent-1/status' -m 'online'`}</code>
        </pre>
        <h3>MQTT.js</h3>
        <pre>
          <code>{`import mqtt from "mqtt";
const client = mqtt.connect("${info?.mqtt_wss_url ?? "wss://localhost:8443/mqtt"}", {
  username: "${user}",
  password: process.env.TOKEN,
  clientId: "agent-1",
  protocolVersion: 5,
});
client.on("connect", () => client.publish("agents/agent-1/status", "online"));`}</code>
        </pre>
        <h3>Paho Java</h3>
        <pre>
          <code>{`MqttConnectionOptions options = new MqttConnectionOptions();
options.setUserName("${user}");
options.setPassword(System.getenv("TOKEN").getBytes(StandardCharsets.UTF_8));
MqttClient client = new MqttClient("ssl://${host}:${port}", "agent-1", new MemoryPersistence());
client.connect(options);
client.publish("agents/agent-1/status", new MqttMessage("online".getBytes()));`}</code>
        </pre>
      </section>
    </main>
  );
}

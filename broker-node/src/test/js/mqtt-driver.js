'use strict';
// MQTT.js driver for Aviary's client-compatibility tests (io.aviary.node.it.clients.MqttJsHost).
//
// One process hosts any number of MQTT.js clients, each under a handle chosen by the caller.
// Standard input: one JSON command per line, {"req": n, "client": handle, "op": ..., ...}.
// Standard output: one JSON object per line, either the reply to a command,
//   {"req": n, "ok": true, ...} or {"req": n, "ok": false, "error": "..."},
// or a message a client received,
//   {"event": "message", "client": handle, "topic", "payload" (base64), "qos", "retain", "dup"}.
// Ops: connect, subscribe, publish, disconnect (DISCONNECT, then close), drop (destroy the socket
// without DISCONNECT, so the broker publishes the will), close (forget the client). The process
// ends when standard input closes.
const fs = require('fs');
const readline = require('readline');
const mqtt = require('mqtt');

const clients = new Map();

function out(obj) {
  process.stdout.write(JSON.stringify(obj) + '\n');
}

function reply(cmd, fields) {
  out({ req: cmd.req, ok: true, ...fields });
}

function fail(cmd, err) {
  out({ req: cmd.req, ok: false, error: String((err && err.message) || err) });
}

function clientOf(cmd) {
  const c = clients.get(cmd.client);
  if (!c) {
    throw new Error('no client ' + cmd.client);
  }
  return c;
}

function connectOptions(cmd) {
  const opts = {
    clientId: cmd.clientId,
    protocolVersion: cmd.protocolVersion,
    clean: cmd.clean,
    keepalive: 30,
    reconnectPeriod: 0,
    resubscribe: false,
    connectTimeout: cmd.timeoutMillis,
    rejectUnauthorized: true,
  };
  if (cmd.ca) {
    opts.ca = fs.readFileSync(cmd.ca);
  }
  if (cmd.cert) {
    opts.cert = fs.readFileSync(cmd.cert);
    opts.key = fs.readFileSync(cmd.key);
  }
  if (cmd.protocolVersion === 5 && cmd.sessionExpiry > 0) {
    opts.properties = { sessionExpiryInterval: cmd.sessionExpiry };
  }
  if (cmd.will) {
    opts.will = {
      topic: cmd.will.topic,
      payload: Buffer.from(cmd.will.payload, 'base64'),
      qos: cmd.will.qos,
      retain: cmd.will.retain,
    };
  }
  return opts;
}

const ops = {
  connect(cmd) {
    const previous = clients.get(cmd.client);
    if (previous) {
      previous.end(true);
    }
    const c = mqtt.connect(cmd.url, connectOptions(cmd));
    clients.set(cmd.client, c);
    let settled = false;
    const timer = setTimeout(
      () => settle(() => {
        c.end(true);
        fail(cmd, 'no CONNACK within ' + cmd.timeoutMillis + ' ms');
      }),
      cmd.timeoutMillis);
    const settle = (f) => {
      if (!settled) {
        settled = true;
        clearTimeout(timer);
        f();
      }
    };
    c.on('message', (topic, payload, packet) => {
      out({
        event: 'message',
        client: cmd.client,
        topic,
        payload: payload.toString('base64'),
        qos: packet.qos,
        retain: packet.retain,
        dup: packet.dup,
      });
    });
    c.once('connect', (connack) =>
      settle(() => reply(cmd, { sessionPresent: connack.sessionPresent === true })));
    c.on('error', (err) =>
      settle(() => {
        c.end(true);
        fail(cmd, err);
      }));
    c.on('close', () => settle(() => fail(cmd, 'connection closed before CONNACK')));
  },

  subscribe(cmd) {
    clientOf(cmd).subscribe(cmd.filter, { qos: cmd.qos }, (err, granted) => {
      if (err) {
        fail(cmd, err);
      } else {
        reply(cmd, { granted: granted.map((g) => g.qos) });
      }
    });
  },

  publish(cmd) {
    const payload = Buffer.from(cmd.payload, 'base64');
    clientOf(cmd).publish(cmd.topic, payload, { qos: cmd.qos, retain: cmd.retain }, (err) => {
      if (err) {
        fail(cmd, err);
      } else {
        reply(cmd, {});
      }
    });
  },

  disconnect(cmd) {
    clientOf(cmd).end(false, {}, () => reply(cmd, {}));
  },

  drop(cmd) {
    const c = clientOf(cmd);
    if (!c.connected || !c.stream) {
      throw new Error('not connected');
    }
    c.once('close', () => {
      c.end(true);
      reply(cmd, {});
    });
    c.stream.destroy();
  },

  close(cmd) {
    const c = clients.get(cmd.client);
    clients.delete(cmd.client);
    if (c) {
      c.end(true);
    }
    reply(cmd, {});
  },
};

readline.createInterface({ input: process.stdin }).on('line', (line) => {
  if (!line.trim()) {
    return;
  }
  let cmd = { req: -1 };
  try {
    cmd = JSON.parse(line);
    const op = ops[cmd.op];
    if (!op) {
      throw new Error('unknown op ' + cmd.op);
    }
    op(cmd);
  } catch (err) {
    fail(cmd, err);
  }
}).on('close', () => {
  for (const c of clients.values()) {
    c.end(true);
  }
  process.exit(0);
});

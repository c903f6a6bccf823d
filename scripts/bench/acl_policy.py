#!/usr/bin/env python3
"""Writes a deterministic ACL v2 policy of N rules for the broker fan-in benchmark.

Most rules govern a device fleet (literal, '+', '#' and variable topics, some with conditions,
a few denies); the load generator's topics (bench/acl/in/<i>, subscribed as bench/acl/in/#) are
decided by the last rules, so every check walks a trie built from the whole policy.
  scripts/bench/acl_policy.py OUT.json [N]
"""
import json
import random
import sys

out = sys.argv[1]
n = int(sys.argv[2]) if len(sys.argv) > 2 else 1000
rnd = random.Random(20261201)
rules = []
while len(rules) < n - 2:
    i = len(rules)
    region, site, dev = rnd.randrange(8), rnd.randrange(16), rnd.randrange(64)
    kind = i % 10
    if kind < 5:
        rule = {"topic": f"fleet/r{region}/s{site}/device-{dev}/telemetry",
                "action": "publish", "effect": "allow", "qos": [0, 1]}
    elif kind < 7:
        rule = {"topic": f"fleet/r{region}/s{site}/+/cmd", "action": "subscribe", "effect": "allow"}
    elif kind == 7:
        rule = {"topic": f"devices/{{client_id}}/r{region}/s{site}/#", "action": "all", "effect": "allow"}
    elif kind == 8:
        rule = {"topic": f"fleet/r{region}/s{site}/#", "action": "all", "effect": "allow",
                "when": {"roles": ["operator"]}, "priority": 5}
    else:
        rule = {"topic": f"fleet/r{region}/s{site}/device-{dev}/secrets/#", "action": "all",
                "effect": "deny", "priority": 10}
    rule["name"] = f"rule-{i}"
    rules.append(rule)
rules.append({"name": "bench-publish", "topic": "bench/acl/in/+", "action": "publish",
              "effect": "allow", "qos": [0, 1]})
rules.append({"name": "bench-subscribe", "topic": "bench/acl/in/#", "action": "subscribe",
              "effect": "allow"})
with open(out, "w") as f:
    json.dump({"version": "2.0", "default_action": "deny", "rules": rules}, f, indent=1)
print(f"{out}: {len(rules)} rules", file=sys.stderr)

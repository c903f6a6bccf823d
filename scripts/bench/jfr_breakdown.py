#!/usr/bin/env python3
"""Where a broker's event loops spend their CPU during a connect storm, from the JFR recordings
connect-auth.sh makes with JFR=1: every execution sample of a vert.x event-loop thread is put in
the first category its stack matches, and each recording becomes a column of a Markdown table (the
share of that recording's event-loop samples). With --verification, also breaks the token and
certificate checks down.

  jfr_breakdown.py [--verification] recording.jfr...

Needs the JDK's `jfr` tool ($JAVA_HOME/bin/jfr, else on PATH).
"""
import collections
import json
import os
import shutil
import subprocess
import sys

CATEGORIES = [
    ("JWT signature check (jose4j → JDK)", ["org.jose4j.jws.JsonWebSignature.verifySignature"]),
    ("JWT parsing, claims, key lookup", ["io.aviary.identity.TokenVerifier"]),
    ("client certificate check at CONNECT", ["io.aviary.identity.CertificateVerifier"]),
    ("TLS: checking the client's CertificateVerify (mTLS)",
     ["CertificateVerify$T13CertificateVerifyConsumer"]),
    ("TLS: signing the server's CertificateVerify",
     ["CertificateVerify$T13CertificateVerifyProducer"]),
    ("TLS: key exchange and the rest of the handshake", ["sun.security.ssl."]),
    ("rest of authentication", ["io.aviary.node.identity."]),
    ("CONNECT handling, sessions", ["io.aviary."]),
    ("Netty / Vert.x I/O", ["io.netty.", "io.vertx."]),
]

VERIFICATION = [
    ("signature arithmetic", ["java.math.BigInteger", "java.math.MutableBigInteger",
                              "sun.security.util.math", "sun.security.ec."]),
    ("JSON parsing (jose4j json_simple)", ["org.jose4j.json"]),
    ("base64url (jose4j)", ["org.jose4j.base64url"]),
    ("claims and bindings", ["ClaimRules", "ClaimMapper", "TokenKindRules"]),
    ("PKIX path validation", ["sun.security.provider.certpath"]),
    ("key cache", ["KeySetCache"]),
]
IN_VERIFICATION = ["io.aviary.identity.TokenVerifier", "io.aviary.identity.CertificateVerifier"]


def jfr_tool():
    home = os.environ.get("JAVA_HOME")
    if home and os.path.exists(os.path.join(home, "bin", "jfr")):
        return os.path.join(home, "bin", "jfr")
    return shutil.which("jfr") or sys.exit("no jfr tool: set JAVA_HOME to a JDK")


def event_loop_stacks(path):
    out = subprocess.run([jfr_tool(), "print", "--json", "--stack-depth", "256", "--events",
                          "jdk.ExecutionSample", path], capture_output=True, text=True, check=True)
    for event in json.loads(out.stdout)["recording"]["events"]:
        values = event["values"]
        thread = (values.get("sampledThread") or {}).get("javaName") or ""
        if not thread.startswith("vert.x-eventloop"):
            continue
        trace = values.get("stackTrace") or {"frames": []}
        yield [f["method"]["type"]["name"].replace("/", ".") + "." + f["method"]["name"]
               for f in trace["frames"]]


def classify(stack, categories):
    text = "\n".join(stack)
    for name, needles in categories:
        if any(n in text for n in needles):
            return name
    return "other"


def table(columns, names, counts, totals):
    print("| category | " + " | ".join(columns) + " |")
    print("| --- |" + " --- |" * len(columns))
    for name in names + ["other"]:
        cells = [f"{100 * counts[c][name] / totals[c]:.1f} %" if totals[c] else "–"
                 for c in columns]
        print(f"| {name} | " + " | ".join(cells) + " |")
    print("| (event-loop samples) | " + " | ".join(str(totals[c]) for c in columns) + " |")


def main(paths, verification):
    columns = [os.path.basename(p).removesuffix(".jfr") for p in paths]
    counts = {c: collections.Counter() for c in columns}
    totals = collections.Counter()
    inner = {c: collections.Counter() for c in columns}
    inner_totals = collections.Counter()
    for column, path in zip(columns, paths):
        for stack in event_loop_stacks(path):
            totals[column] += 1
            counts[column][classify(stack, CATEGORIES)] += 1
            if any(any(n in f for f in stack) for n in IN_VERIFICATION):
                inner_totals[column] += 1
                inner[column][classify(stack, VERIFICATION)] += 1
    table(columns, [n for n, _ in CATEGORIES], counts, totals)
    if verification:
        print()
        table(columns, [n for n, _ in VERIFICATION], inner, inner_totals)


if __name__ == "__main__":
    args = sys.argv[1:]
    if not args or args == ["--verification"]:
        sys.exit(__doc__)
    main([a for a in args if a != "--verification"], "--verification" in args)

#!/usr/bin/env python3
"""Makes the credentials connect-auth.sh benchmarks with, using only openssl and the standard
library: one organization with two IdP connections (RS256 and ES256, distinct issuers, keys served
as JWK Sets from DIR/idp/ by any static web server at BASE_URL), a long-lived token for each, and a
client-certificate CA with one client certificate. Writes:

  DIR/orgs/<org>.json        the organization's broker-config (aviary.tenancy.orgs-dir's format)
  DIR/idp/{rs256,es256}/jwks.json
  DIR/tokens/{rs256,es256}.jwt
  DIR/pki/{ca,client,client-key}.pem
  DIR/org.env                ORG=<org id>

  auth_fixtures.py DIR BASE_URL [token-hours]
"""
import base64
import json
import os
import secrets
import subprocess
import sys
import time

AUDIENCE = "aviary-bench"
BASE32 = "abcdefghijklmnopqrstuvwxyz234567"


def b64url(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def openssl(*args, stdin=None) -> bytes:
    result = subprocess.run(["openssl", *args], input=stdin, capture_output=True)
    if result.returncode != 0:
        sys.exit(f"openssl {' '.join(args)} failed: {result.stderr.decode(errors='replace')}")
    return result.stdout


def der_items(data: bytes):
    """The (tag, content) items of a DER sequence's content."""
    items, i = [], 0
    while i < len(data):
        tag, length = data[i], data[i + 1]
        i += 2
        if length & 0x80:
            n = length & 0x7F
            length = int.from_bytes(data[i:i + n], "big")
            i += n
        items.append((tag, data[i:i + length]))
        i += length
    return items


def spki_key_bytes(public_der: bytes) -> bytes:
    """The BIT STRING of a SubjectPublicKeyInfo, without its unused-bits byte."""
    (_, spki), = der_items(public_der)
    _, bit_string = der_items(spki)[1]
    return bit_string[1:]


def unsigned(integer: bytes) -> bytes:
    return integer.lstrip(b"\x00") or b"\x00"


def rsa_jwk(key_pem: str, kid: str) -> dict:
    public = openssl("pkey", "-in", key_pem, "-pubout", "-outform", "DER")
    (_, rsa), = der_items(spki_key_bytes(public))
    (_, n), (_, e) = der_items(rsa)
    return {"kty": "RSA", "use": "sig", "alg": "RS256", "kid": kid,
            "n": b64url(unsigned(n)), "e": b64url(unsigned(e))}


def ec_jwk(key_pem: str, kid: str) -> dict:
    point = spki_key_bytes(openssl("pkey", "-in", key_pem, "-pubout", "-outform", "DER"))
    if len(point) != 65 or point[0] != 4:
        sys.exit(f"{key_pem}: expected an uncompressed P-256 point")
    return {"kty": "EC", "use": "sig", "alg": "ES256", "kid": kid, "crv": "P-256",
            "x": b64url(point[1:33]), "y": b64url(point[33:])}


def sign(alg: str, key_pem: str, signing_input: bytes) -> bytes:
    der = openssl("dgst", "-sha256", "-sign", key_pem, stdin=signing_input)
    if alg == "RS256":
        return der  # PKCS#1 v1.5, as JWS wants it
    # ECDSA: openssl writes SEQUENCE { r, s }; JWS wants r || s, 32 bytes each.
    (_, sig), = der_items(der)
    (_, r), (_, s) = der_items(sig)
    return unsigned(r).rjust(32, b"\x00") + unsigned(s).rjust(32, b"\x00")


def token(alg: str, key_pem: str, kid: str, issuer: str, hours: float) -> str:
    now = int(time.time())
    header = {"alg": alg, "typ": "JWT", "kid": kid}
    claims = {"iss": issuer, "aud": AUDIENCE, "sub": "bench-device", "iat": now,
              "exp": now + int(hours * 3600), "email": "bench-device@example.com"}
    signing_input = (b64url(json.dumps(header, separators=(",", ":")).encode()) + "."
                     + b64url(json.dumps(claims, separators=(",", ":")).encode())).encode()
    return signing_input.decode() + "." + b64url(sign(alg, key_pem, signing_input))


def idp(idp_id: str, alg: str, issuer: str, jwks_url: str) -> dict:
    return {"id": idp_id, "preset": "generic_oidc", "issuers": [issuer], "audiences": [AUDIENCE],
            "algorithms": [alg], "jwks_url": jwks_url,
            "claim_mappings": {"user_id": "sub", "email": "email"},
            "accepted_types": ["JWT", ""], "clock_skew_seconds": 60, "enabled": True}


OPENSSL_CONFIG = """
[req]
distinguished_name = dn
prompt = no
[dn]
CN = unused
[ca]
basicConstraints = critical, CA:TRUE, pathlen:0
keyUsage = critical, keyCertSign, cRLSign
subjectKeyIdentifier = hash
[client]
basicConstraints = critical, CA:FALSE
keyUsage = critical, digitalSignature
extendedKeyUsage = clientAuth
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid
"""


def client_pki(pki: str) -> None:
    config = os.path.join(pki, "openssl.cnf")
    with open(config, "w") as f:
        f.write(OPENSSL_CONFIG)
    ec = ["-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes"]
    openssl("req", "-config", config, "-x509", *ec, "-keyout", f"{pki}/ca-key.pem",
            "-out", f"{pki}/ca.pem", "-days", "30", "-subj", "/CN=Aviary bench org CA",
            "-extensions", "ca")
    openssl("req", "-config", config, "-new", *ec, "-keyout", f"{pki}/client-key.pem",
            "-out", f"{pki}/client.csr", "-subj", "/CN=bench-device")
    openssl("x509", "-req", "-in", f"{pki}/client.csr", "-CA", f"{pki}/ca.pem",
            "-CAkey", f"{pki}/ca-key.pem", "-set_serial", "0x1" + secrets.token_hex(8),
            "-days", "2", "-extfile", config, "-extensions", "client", "-out", f"{pki}/client.pem")


def main(out: str, base_url: str, hours: float) -> None:
    org = "org_" + "".join(secrets.choice(BASE32) for _ in range(12))
    for sub in ("orgs", "idp/rs256", "idp/es256", "tokens", "pki"):
        os.makedirs(os.path.join(out, sub), exist_ok=True)
    base_url = base_url.rstrip("/")
    idps = []
    for alg, algorithm in (("RS256", ["-algorithm", "RSA", "-pkeyopt", "rsa_keygen_bits:2048"]),
                           ("ES256", ["-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:P-256"])):
        name = alg.lower()
        key = os.path.join(out, "tokens", f"{name}-key.pem")
        openssl("genpkey", *algorithm, "-out", key)
        kid = f"{name}-1"
        jwk = rsa_jwk(key, kid) if alg == "RS256" else ec_jwk(key, kid)
        with open(os.path.join(out, "idp", name, "jwks.json"), "w") as f:
            json.dump({"keys": [jwk]}, f)
        issuer = f"https://{name}.idp.bench.test/"
        idps.append(idp(f"idp_{name}", alg, issuer, f"{base_url}/{name}/jwks.json"))
        with open(os.path.join(out, "tokens", f"{name}.jwt"), "w") as f:
            f.write(token(alg, key, kid, issuer, hours) + "\n")
    pki = os.path.join(out, "pki")
    client_pki(pki)
    with open(os.path.join(pki, "ca.pem")) as f:
        ca_pem = f.read()
    config = {"org_id": org, "mountpoint": f"{org}/", "status": "active", "version": 1,
              "idps": idps, "ca_certificates": [ca_pem], "revoked_serials": [], "quotas": {}}
    with open(os.path.join(out, "orgs", f"{org}.json"), "w") as f:
        json.dump(config, f, indent=2)
    with open(os.path.join(out, "org.env"), "w") as f:
        f.write(f"ORG={org}\n")
    print(org)


if __name__ == "__main__":
    if len(sys.argv) not in (3, 4):
        sys.exit(__doc__)
    main(sys.argv[1], sys.argv[2], float(sys.argv[3]) if len(sys.argv) == 4 else 24)

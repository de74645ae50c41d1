#!/usr/bin/env python3
"""A minimal Docker registry token service for tests: issues RS256 JWTs (signed with `openssl dgst`) that grant
exactly the requested scope, after checking HTTP basic credentials. Every request is appended to a log file."""
import base64
import json
import subprocess
import sys
import time
import uuid
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlparse

workdir, issuer, user, password = sys.argv[1:5]


def b64url(data):
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


with open(f"{workdir}/token.crt", "rb") as f:
    pem = f.read().decode()
der_b64 = "".join(line for line in pem.splitlines() if "-----" not in line)


def sign(payload):
    header = {"alg": "RS256", "typ": "JWT", "x5c": [der_b64]}
    signing_input = (b64url(json.dumps(header).encode()) + "." + b64url(json.dumps(payload).encode())).encode()
    signature = subprocess.run(["openssl", "dgst", "-sha256", "-sign", f"{workdir}/token.key"],
                               input=signing_input, capture_output=True, check=True).stdout
    return signing_input.decode() + "." + b64url(signature)


class Handler(BaseHTTPRequestHandler):
    def do_GET(self):
        url = urlparse(self.path)
        query = parse_qs(url.query)
        auth = self.headers.get("Authorization", "")
        with open(f"{workdir}/token.log", "a") as log:
            log.write(json.dumps({"path": url.path, "query": url.query, "basic": auth.startswith("Basic ")}) + "\n")
        expected = "Basic " + base64.b64encode(f"{user}:{password}".encode()).decode()
        if auth != expected:
            self.send_response(401)
            self.send_header("Content-Type", "application/json")
            self.end_headers()
            self.wfile.write(b'{"errors":[{"code":"UNAUTHORIZED","message":"bad credentials"}]}')
            return
        access = []
        for scope in query.get("scope", []):
            for item in scope.split(" "):
                kind, _, rest = item.partition(":")
                name, _, actions = rest.rpartition(":")
                access.append({"type": kind, "name": name, "actions": actions.split(",")})
        now = int(time.time())
        token = sign({"iss": issuer, "sub": user, "aud": query.get("service", [""])[0], "exp": now + 300,
                      "nbf": now - 10, "iat": now, "jti": str(uuid.uuid4()), "access": access})
        body = json.dumps({"token": token, "expires_in": 300}).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
with open(f"{workdir}/token.port.tmp", "w") as f:
    f.write(str(server.server_address[1]))
import os
os.rename(f"{workdir}/token.port.tmp", f"{workdir}/token.port")
server.serve_forever()

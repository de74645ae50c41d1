#!/usr/bin/env python3
"""A scripted fake registry for client tests: a download that breaks midway, a server that ignores Range,
a redirect to another host, 503/429 before success, a wrong Docker-Content-Digest. Logs requests as JSON lines."""
import hashlib
import json
import os
import sys
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

workdir = sys.argv[1]
BLOB = bytes(range(256)) * 400
DIGEST = "sha256:" + hashlib.sha256(BLOB).hexdigest()
MANIFEST = json.dumps({"schemaVersion": 2, "mediaType": "application/vnd.oci.image.manifest.v1+json",
                       "config": {"mediaType": "application/vnd.oci.image.config.v1+json", "digest": DIGEST,
                                  "size": len(BLOB)}, "layers": []}).encode()
MANIFEST_DIGEST = "sha256:" + hashlib.sha256(MANIFEST).hexdigest()
counts = {}


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def reply(self, status, body=b"", headers=None):
        self.send_response(status)
        for key, value in (headers or {}).items():
            self.send_header(key, value)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def do_HEAD(self):
        self.do_GET()

    def do_GET(self):
        path = self.path
        counts[path] = counts.get(path, 0) + 1
        n = counts[path]
        with open(f"{workdir}/requests.log", "a") as log:
            log.write(json.dumps({"path": path, "host": self.headers.get("Host", ""),
                                  "range": self.headers.get("Range"), "auth": self.headers.get("Authorization")}) + "\n")
        rng = self.headers.get("Range")
        start = int(rng[len("bytes="):].split("-")[0]) if rng else 0
        if path == "/v2/":
            return self.reply(200, b"{}")
        if path.startswith("/v2/flaky/blobs/"):
            if start == 0:
                self.send_response(200)
                self.send_header("Content-Length", str(len(BLOB)))
                self.end_headers()
                self.wfile.write(BLOB[:50000])
                self.wfile.flush()
                self.close_connection = True
                self.connection.shutdown(2)
                return
            return self.reply(206, BLOB[start:], {"Content-Range": f"bytes {start}-{len(BLOB) - 1}/{len(BLOB)}"})
        if path.startswith("/v2/norange/blobs/"):
            return self.reply(200, BLOB)
        if path.startswith("/v2/corrupt/blobs/"):
            return self.reply(200, BLOB[:-1] + b"x")
        if path.startswith("/v2/redirect/blobs/"):
            if self.headers.get("Authorization") is None:
                return self.reply(401, b'{"errors":[{"code":"UNAUTHORIZED","message":"authentication required"}]}',
                                  {"WWW-Authenticate": 'Basic realm="fake"', "Content-Type": "application/json"})
            port = self.server.server_address[1]
            return self.reply(307, b"", {"Location": f"http://localhost:{port}/cdn/blob?sig=1"})
        if path.startswith("/cdn/"):
            if self.headers.get("Authorization") is not None:
                return self.reply(400, b"credentials leaked to the CDN")
            return self.reply(200, BLOB)
        if path == "/v2/busy/manifests/x":
            if n == 1:
                return self.reply(503, b'{"errors":[{"code":"UNAVAILABLE","message":"busy"}]}')
            if n == 2:
                return self.reply(429, b'{"errors":[{"code":"TOOMANYREQUESTS","message":"slow down"}]}')
            return self.reply(200, MANIFEST, {"Content-Type": "application/vnd.oci.image.manifest.v1+json",
                                              "Docker-Content-Digest": MANIFEST_DIGEST})
        if path == "/v2/down/manifests/x":
            return self.reply(503, b'{"errors":[{"code":"UNAVAILABLE","message":"down for maintenance"}]}')
        if path == "/v2/bad/manifests/x":
            return self.reply(200, MANIFEST, {"Content-Type": "application/vnd.oci.image.manifest.v1+json",
                                              "Docker-Content-Digest": "sha256:" + "0" * 64})
        return self.reply(404, b'{"errors":[{"code":"NAME_UNKNOWN","message":"repository name not known to registry"}]}')

    def log_message(self, *args):
        pass


server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
with open(f"{workdir}/port.tmp", "w") as f:
    f.write(f"{server.server_address[1]} {DIGEST} {MANIFEST_DIGEST}")
os.rename(f"{workdir}/port.tmp", f"{workdir}/port")
server.serve_forever()

#!/usr/bin/env python3
"""A transparent proxy for the Docker Engine API on a unix socket, for tests and benchmarks.

It logs every request ("METHOD PATH", one line each, flushed) so a test can count the calls a run made, and it
can SIGKILL the client process at its Nth mutating request (POST/PUT/DELETE), either before forwarding that
request or shortly after, so fault tests can kill `compose` at each engine call of an operation.

Requests are parsed only to log them and to find their end; bytes are forwarded unchanged in both
directions, so streaming answers (logs, events, build output) pass through.
"""
import argparse
import asyncio
import os
import signal
import time
import sys


class Proxy:
    def __init__(self, args):
        self.args = args
        self.mutating = 0
        self.log = open(args.log, "a", buffering=1) if args.log else None

    def record(self, method, path):
        if self.log:
            self.log.write(f"{method} {path}\n")

    def kill_client(self):
        try:
            # The test writes the pid right after starting the client; give it time to land.
            pid = None
            for _ in range(100):
                try:
                    with open(self.args.kill_pid_file) as f:
                        pid = int(f.read().strip())
                    break
                except (OSError, ValueError):
                    time.sleep(0.05)
            if pid is None:
                return
            os.kill(pid, signal.SIGKILL)
            if self.log:
                self.log.write(f"KILLED {pid}\n")
        except (OSError, ValueError):
            pass

    async def handle(self, client_reader, client_writer):
        try:
            up_reader, up_writer = await asyncio.open_unix_connection(self.args.upstream)
        except OSError:
            client_writer.close()
            return
        pump = asyncio.create_task(self.pipe(up_reader, client_writer))
        try:
            while True:
                head = await client_reader.readuntil(b"\r\n\r\n")
                lines = head.decode("latin-1").split("\r\n")
                method, path = (lines[0].split(" ") + ["", ""])[:2]
                headers = {}
                for line in lines[1:]:
                    if ":" in line:
                        key, value = line.split(":", 1)
                        headers[key.strip().lower()] = value.strip()
                body = b""
                if "content-length" in headers:
                    body = await client_reader.readexactly(int(headers["content-length"]))
                elif headers.get("transfer-encoding", "").lower() == "chunked":
                    body = await self.read_chunked(client_reader)
                self.record(method, path)
                kill_after = False
                if method in ("POST", "PUT", "DELETE") and self.args.kill_at:
                    self.mutating += 1
                    if self.mutating == self.args.kill_at:
                        if self.args.kill_when == "before":
                            self.kill_client()
                            break
                        kill_after = True
                up_writer.write(head + body)
                await up_writer.drain()
                if kill_after:
                    await asyncio.sleep(self.args.kill_delay)
                    self.kill_client()
                if "upgrade" in headers:
                    # A hijacked connection (attach, exec): raw bytes from here on.
                    await self.pipe(client_reader, up_writer)
                    break
        except (asyncio.IncompleteReadError, ConnectionError, asyncio.LimitOverrunError):
            pass
        finally:
            up_writer.close()
            pump.cancel()
            client_writer.close()

    @staticmethod
    async def read_chunked(reader):
        data = b""
        while True:
            size_line = await reader.readuntil(b"\r\n")
            data += size_line
            size = int(size_line.split(b";")[0].strip(), 16)
            chunk = await reader.readexactly(size + 2)
            data += chunk
            if size == 0:
                return data

    @staticmethod
    async def pipe(reader, writer):
        try:
            while True:
                data = await reader.read(65536)
                if not data:
                    break
                writer.write(data)
                await writer.drain()
        except (ConnectionError, asyncio.CancelledError):
            pass
        finally:
            try:
                writer.close()
            except Exception:
                pass


async def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--listen", required=True, help="unix socket to listen on")
    parser.add_argument("--upstream", required=True, help="the engine's unix socket")
    parser.add_argument("--log", help="file to append one line per request to")
    parser.add_argument("--kill-pid-file", help="file holding the pid of the client to kill")
    parser.add_argument("--kill-at", type=int, default=0, help="kill the client at this mutating request (1-based)")
    parser.add_argument("--kill-when", choices=["before", "after"], default="before")
    parser.add_argument("--kill-delay", type=float, default=0.3, help="seconds between forwarding and killing (after)")
    args = parser.parse_args()
    if os.path.exists(args.listen):
        os.unlink(args.listen)
    proxy = Proxy(args)
    server = await asyncio.start_unix_server(proxy.handle, path=args.listen, limit=1 << 20)
    print("ready", flush=True)
    async with server:
        await server.serve_forever()


if __name__ == "__main__":
    try:
        asyncio.run(main())
    except KeyboardInterrupt:
        sys.exit(0)

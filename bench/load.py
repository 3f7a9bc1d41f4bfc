"""HTTP load at a fixed concurrency, for the survey-page benchmark.

wrk (Debian's package; installed when missing and running as root) drives every
load, from a Lua script that walks a list of paths, so that every POST can use
an invitation nobody has answered yet. Without wrk, a Python thread pool does
the same, more slowly: the figures then say which generator made them, and
only ratios taken with the same generator compare.
"""

from __future__ import annotations

import contextlib
import http.client
import itertools
import json
import os
import shutil
import statistics
import subprocess
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

WRK_SCRIPT = r"""
-- Walks the paths in args[1]; with args[2], POSTs that file's body with the
-- cookie in args[3]. One wrk thread, so each path is used once per lap.
local paths, body, headers = {}, nil, nil
local n = 0

function init(args)
  for line in io.lines(args[1]) do paths[#paths + 1] = line end
  if args[2] ~= nil then
    local f = assert(io.open(args[2], "rb"))
    body = f:read("*a")
    f:close()
    headers = {["Content-Type"] = "application/x-www-form-urlencoded", ["Cookie"] = args[3]}
  end
end

function request()
  n = n + 1
  local path = paths[(n - 1) % #paths + 1]
  if body == nil then
    return wrk.format("GET", path)
  end
  return wrk.format("POST", path, headers, body)
end

function done(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    'BENCH {"requests": %d, "duration_us": %d, "p50_us": %d, "p99_us": %d, ' ..
    '"http_errors": %d, "socket_errors": %d}\n',
    summary.requests, summary.duration, math.floor(latency:percentile(50)),
    math.floor(latency:percentile(99)), e.status, e.connect + e.read + e.write + e.timeout))
end
"""


@dataclass
class Load:
    requests: int
    seconds: float
    p50_ms: float
    p99_ms: float
    errors: int  # status ≥ 400, or a socket error

    @property
    def rps(self) -> float:
        return self.requests / self.seconds

    def line(self) -> str:
        errors = f", {self.errors} errors" if self.errors else ""
        return (
            f"{self.rps:8,.0f} req/s   p50 {self.p50_ms:6.1f} ms   p99 {self.p99_ms:6.1f} ms"
            f"{errors}"
        )


def find_wrk() -> str | None:
    """wrk on the PATH, installed from Debian first when we are root."""
    if shutil.which("wrk") is None and hasattr(os, "geteuid") and os.geteuid() == 0:
        with contextlib.suppress(OSError):
            subprocess.run(
                ["apt-get", "install", "-y", "-q", "wrk"],
                env={**os.environ, "DEBIAN_FRONTEND": "noninteractive"},
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
                check=False,
                timeout=300,
            )
    return shutil.which("wrk")


class Generator:
    """Runs one load at a time against `base_url`, with wrk or threads."""

    def __init__(self, base_url: str, workdir: Path, *, concurrency: int):
        self.base_url = base_url
        self.workdir = workdir
        self.concurrency = concurrency
        self.wrk = find_wrk()
        self.name = self._describe()
        self._files = itertools.count()

    def _describe(self) -> str:
        if self.wrk is None:
            return f"Python threads ({self.concurrency})"
        out = subprocess.run([self.wrk, "-v"], capture_output=True, text=True, check=False)
        version = (out.stdout or out.stderr).split("[")[0].strip()
        return f"{version} (1 thread, {self.concurrency} connections)"

    def run(
        self, paths: list[str], *, seconds: float, body: bytes | None = None, cookie: str = ""
    ) -> Load:
        if self.wrk is None:
            return _thread_load(self.base_url, paths, seconds, self.concurrency, body, cookie)
        return self._wrk_load(paths, seconds, body, cookie)

    def _wrk_load(self, paths: list[str], seconds: float, body: bytes | None, cookie: str) -> Load:
        n = next(self._files)
        script = self.workdir / "load.lua"
        script.write_text(WRK_SCRIPT)
        paths_file = self.workdir / f"paths-{n}.txt"
        paths_file.write_text("\n".join(paths) + "\n")
        extra = []
        if body is not None:
            body_file = self.workdir / f"body-{n}.txt"
            body_file.write_bytes(body)
            extra = [str(body_file), cookie]
        argv = [
            self.wrk, "-t1", f"-c{self.concurrency}", f"-d{seconds:g}s", "--timeout", "10s",
            "-s", str(script), self.base_url, "--", str(paths_file), *extra,
        ]  # fmt: skip
        out = subprocess.run(argv, capture_output=True, text=True, check=True)
        line = next(x for x in out.stdout.splitlines() if x.startswith("BENCH "))
        figures = json.loads(line.removeprefix("BENCH "))
        return Load(
            requests=figures["requests"],
            seconds=figures["duration_us"] / 1e6,
            p50_ms=figures["p50_us"] / 1000,
            p99_ms=figures["p99_us"] / 1000,
            errors=figures["http_errors"] + figures["socket_errors"],
        )


def _thread_load(
    base_url: str, paths: list[str], seconds: float, concurrency: int, body, cookie
) -> Load:
    """The fallback: `concurrency` threads, one request at a time each."""
    target = urlsplit(base_url)
    counter = itertools.count()
    lock = threading.Lock()
    latencies: list[float] = []
    errors = [0]
    headers = {"Content-Type": "application/x-www-form-urlencoded", "Cookie": cookie}
    stop_at = time.monotonic() + seconds

    def one_client() -> None:
        while time.monotonic() < stop_at:
            path = paths[next(counter) % len(paths)]
            started = time.perf_counter()
            try:
                conn = http.client.HTTPConnection(target.hostname, target.port, timeout=10)
                if body is None:
                    conn.request("GET", path)
                else:
                    conn.request("POST", path, body=body, headers=headers)
                response = conn.getresponse()
                response.read()
                conn.close()
                failed = response.status >= 400
            except OSError:
                failed = True
            with lock:
                latencies.append(time.perf_counter() - started)
                errors[0] += failed

    started = time.perf_counter()
    with ThreadPoolExecutor(concurrency) as pool:
        for _ in range(concurrency):
            pool.submit(one_client)
    elapsed = time.perf_counter() - started
    cuts = statistics.quantiles(latencies, n=100)
    return Load(len(latencies), elapsed, cuts[49] * 1000, cuts[98] * 1000, errors[0])

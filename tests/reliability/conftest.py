"""Running the app as production does: gunicorn on loopback, over real HTTP."""

from __future__ import annotations

import http.cookiejar
import os
import re
import subprocess
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

import pytest

from tests.conftest import ARTIFACTS, ROOT
from tests.runtime import runtime_python
from tests.smtp import free_port


class Gunicorn:
    def __init__(self, env: dict[str, str], log: Path, workers: int = 4):
        self.env, self.log, self.workers = env, log, workers
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.process: subprocess.Popen | None = None

    def start(self) -> Gunicorn:
        self.log.parent.mkdir(parents=True, exist_ok=True)
        self.process = subprocess.Popen(
            [
                runtime_python(), "-m", "gunicorn", "feedback360.wsgi:application",
                "--bind", f"127.0.0.1:{self.port}", "--workers", str(self.workers),
                "--backlog", "512", "--timeout", "60", "--log-level", "warning",
            ],
            cwd=ROOT, env=self.env, stdout=self.log.open("wb"), stderr=subprocess.STDOUT,
        )  # fmt: skip
        try:
            self._wait_ready()
        except BaseException:
            self.stop()  # never leave a gunicorn behind a failed start
            raise
        return self

    def _wait_ready(self, timeout: float = 60) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            try:
                urllib.request.urlopen(self.url + "/healthz", timeout=5)
                return
            except OSError:
                # URLError, a refused connection and, on a loaded machine, a
                # TimeoutError from a slow first answer all just mean "not yet".
                if self.process.poll() is not None:
                    raise RuntimeError(f"gunicorn exited; see {self.log}") from None
                time.sleep(0.2)
        raise RuntimeError(f"gunicorn did not answer in {timeout}s; see {self.log}")

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()


@pytest.fixture
def gunicorn(worker_env, request):
    """gunicorn serving the test database, as a separate set of processes."""
    env = {**worker_env, "DEBUG": "true", "ALLOWED_HOSTS": "127.0.0.1,localhost"}
    server = Gunicorn(env, ARTIFACTS / "reliability" / f"{request.node.name}-gunicorn.log").start()
    yield server
    server.stop()


class Browser:
    """What a rep's browser does: keep cookies, read the CSRF token, post the form."""

    _csrf = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')

    def __init__(self):
        self.jar = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(self.jar), _NoRedirect()
        )

    def get(self, url: str) -> tuple[int, str]:
        return self._open(urllib.request.Request(url))

    def post(self, url: str, data: dict) -> tuple[int, str]:
        body = urllib.parse.urlencode(data, doseq=True).encode()
        return self._open(urllib.request.Request(url, data=body, method="POST"))

    def form_token(self, url: str) -> str:
        status, page = self.get(url)
        assert status == 200, status
        return self._csrf.search(page).group(1)

    def _open(self, request) -> tuple[int, str]:
        try:
            with self.opener.open(request, timeout=60) as response:
                return response.status, response.read().decode(errors="replace")
        except urllib.error.HTTPError as error:
            return error.code, error.read().decode(errors="replace")


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def pytest_collection_modifyitems(items):
    for item in items:
        if "reliability" in str(item.fspath):
            item.add_marker(pytest.mark.reliability)


os.environ.setdefault("RELIABILITY_FIGURES", str(ARTIFACTS / "reliability" / "figures.txt"))

"""Helpers of the site tests: run ``tna build``, serve a folder, open a page with foreign requests blocked."""

from __future__ import annotations

import functools
import os
import shutil
import subprocess
import sys
import threading
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from dataclasses import dataclass, field
from datetime import date, datetime, time
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parents[2]
EPOCH = "1776211200"  # 2026-04-15T00:00:00Z
DEMO_TODAY = "2026-04-15"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync"]


def run_build(data_dir: Path, out: Path, build_dir: Path, today: str = DEMO_TODAY,
              epoch: str = EPOCH, config: Path = ROOT / "mkdocs.yml") -> subprocess.CompletedProcess[str]:
    """``tna build --strict`` in a subprocess, as a user runs it."""
    environ = dict(os.environ, SOURCE_DATE_EPOCH=epoch)
    command = [sys.executable, "-m", "generator.cli", "build", "--data", str(data_dir), "--today", today,
               "--out", str(out), "--build-dir", str(build_dir), "--config", str(config), "--strict"]
    return subprocess.run(command, env=environ, capture_output=True, text=True, cwd=ROOT, check=False)


def without_tiles(source: Path, target: Path) -> Path:
    """A copy of a data folder whose reseau.yaml has an empty tile URL (no tile request in tests)."""
    shutil.copytree(source, target)
    network_file = target / "reseau.yaml"
    network = yaml.safe_load(network_file.read_text(encoding="utf-8"))
    network.setdefault("site", {})["tuiles"] = ""
    network_file.write_text(yaml.safe_dump(network, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return target


class QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        return


def serve(site: Path) -> tuple[ThreadingHTTPServer, str]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(QuietHandler, directory=str(site)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_address[1]}/"


@dataclass
class Visit:
    page: Any
    errors: list[str] = field(default_factory=list)
    foreign: list[str] = field(default_factory=list)


def visit_page(browser: Any, base: str, path: str, clock: date | None = None,
               width: int | None = None) -> Visit:
    """Open a page with every request outside the local server blocked and recorded.

    ``clock`` sets the browser's date (the day the sample describes); ``width`` the viewport.
    """
    context = browser.new_context(viewport={"width": width, "height": 800} if width else None)
    if clock is not None:
        context.clock.set_fixed_time(datetime.combine(clock, time(10, 0)))
    page = context.new_page()
    record = Visit(page)

    def route(request_route: Any) -> None:
        url = request_route.request.url
        if url.startswith(base) or url.startswith("data:") or url.startswith("blob:"):
            request_route.continue_()
        else:
            record.foreign.append(url)
            request_route.abort()

    page.route("**/*", route)
    page.on("console", lambda message: record.errors.append(message.text) if message.type == "error" else None)
    page.on("pageerror", lambda error: record.errors.append(str(error)))
    page.goto(base + path, wait_until="networkidle")
    return record

"""``tna serve``: builds, serves on localhost, rebuilds when data/ changes, stops on Ctrl-C."""

from __future__ import annotations

import signal
import socket
import sys
import urllib.request
from pathlib import Path

import pexpect

from factory import member, place, write_dataset
from sitetools import DEMO_TODAY, EPOCH, ROOT


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def fetch(url: str) -> str:
    with urllib.request.urlopen(url, timeout=10) as response:
        return str(response.read().decode("utf-8"))


def test_serve_builds_serves_rebuilds_and_stops(tmp_path: Path) -> None:
    data_dir = write_dataset(tmp_path, members=[member("mairie-a", lieux=[place("lieu-a", nom="Médiathèque Alpha")])])
    port = free_port()
    command = [sys.executable, "-m", "generator.cli", "serve", "--data", str(data_dir), "--today", DEMO_TODAY,
               "--out", str(tmp_path / "site"), "--build-dir", str(tmp_path / "build"),
               "--config", str(ROOT / "mkdocs.yml"), "--port", str(port)]
    child = pexpect.spawn(command[0], command[1:], cwd=str(ROOT), encoding="utf-8", timeout=90,
                          env={"SOURCE_DATE_EPOCH": EPOCH, "PATH": "/usr/bin:/bin", "HOME": str(tmp_path)})
    try:
        child.expect(f"Site servi sur http://127.0.0.1:{port}/")
        assert "Médiathèque Alpha" in fetch(f"http://127.0.0.1:{port}/lieux/lieu-a/")
        member_file = data_dir / "members" / "mairie-a.yaml"
        member_file.write_text(member_file.read_text(encoding="utf-8").replace("Médiathèque Alpha", "Médiathèque Bêta"),
                               encoding="utf-8")
        child.expect("Changement détecté")
        child.expect("Site reconstruit.")
        assert "Médiathèque Bêta" in fetch(f"http://127.0.0.1:{port}/lieux/lieu-a/")
        child.kill(signal.SIGINT)
        child.expect("Arrêt du serveur.")
        child.expect(pexpect.EOF)
    finally:
        child.close(force=True)
    assert child.exitstatus == 0

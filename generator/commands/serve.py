"""``tna serve``: build the site, serve it on localhost, rebuild when data/ or docs/ change."""

from __future__ import annotations

import argparse
import functools
import sys
import threading
import time
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from watchdog.events import FileSystemEvent, FileSystemEventHandler
from watchdog.observers import Observer
from watchdog.observers.api import BaseObserver

from .build import BuildRequest, add_site_arguments, build, request_from
from .common import EXIT_OK, UsageError

NAME = "serve"
HELP = "construit le site et le sert en local, reconstruit quand data/ ou docs/ changent (Ctrl-C arrête)"

QUIET_SECONDS = 0.5


class QuietHandler(SimpleHTTPRequestHandler):
    """Serves files without logging every request to the terminal."""

    def log_message(self, format: str, *args: object) -> None:
        return


class ChangeFlag(FileSystemEventHandler):
    """Remembers that something changed; the main loop rebuilds once changes have settled."""

    def __init__(self) -> None:
        self.changed = threading.Event()

    def on_any_event(self, event: FileSystemEvent) -> None:
        if event.event_type in ("created", "modified", "deleted", "moved"):
            self.changed.set()


def add_arguments(parser: argparse.ArgumentParser) -> None:
    add_site_arguments(parser)
    parser.add_argument("--port", type=int, default=8000, help="port local (par défaut : 8000)")


def start_server(site_dir: Path, port: int) -> ThreadingHTTPServer:
    site_dir.mkdir(parents=True, exist_ok=True)
    handler = functools.partial(QuietHandler, directory=str(site_dir))
    try:
        server = ThreadingHTTPServer(("127.0.0.1", port), handler)
    except OSError as exc:
        raise UsageError(f"impossible d'écouter sur le port {port} ({exc.strerror}) : choisissez-en un autre "
                         "avec --port.") from None
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


def watch(request: BuildRequest, flag: ChangeFlag) -> BaseObserver:
    observer = Observer()
    for folder in (request.data_dir, request.paths.docs_source):
        if folder.is_dir():
            observer.schedule(flag, str(folder), recursive=True)
    observer.start()
    return observer


def serve_until_interrupted(request: BuildRequest, flag: ChangeFlag) -> None:
    while True:
        if not flag.changed.wait(timeout=0.5):
            continue
        while flag.changed.is_set():  # wait until the editor has finished writing
            flag.changed.clear()
            time.sleep(QUIET_SECONDS)
        sys.stdout.write("Changement détecté : reconstruction du site…\n")
        sys.stdout.flush()
        if build(request) == EXIT_OK:
            sys.stdout.write("Site reconstruit.\n")
        else:
            sys.stdout.write("Reconstruction impossible : la version précédente reste servie.\n")
        sys.stdout.flush()


def run(args: argparse.Namespace) -> int:
    request = request_from(args)
    first = build(request)
    if first != EXIT_OK:
        return first
    server = start_server(request.paths.site_dir, args.port)
    flag = ChangeFlag()
    observer = watch(request, flag)
    sys.stdout.write(f"Site servi sur http://127.0.0.1:{server.server_address[1]}/ — "
                     "Ctrl-C pour arrêter.\n")
    sys.stdout.flush()
    try:
        serve_until_interrupted(request, flag)
    except KeyboardInterrupt:
        sys.stdout.write("\nArrêt du serveur.\n")
    finally:
        observer.stop()
        observer.join()
        server.shutdown()
        server.server_close()
    return EXIT_OK

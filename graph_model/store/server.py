"""The embedded default: Touchpoint's own local Neo4j 5.26 LTS Community server.

Neo4j comes from Maven Central (``store/launcher/pom.xml`` pins the version) and runs inside a
tiny Java launcher (``store/launcher/src/...``, built into ``launcher_build_dir``) with Bolt on
127.0.0.1 only. This module builds the launcher, writes ``neo4j.conf``, keeps a generated 0600
password file, starts the JVM detached from the caller, waits until Bolt answers, and stops it
cleanly with SIGTERM (Neo4j's shutdown hook flushes the store). Every failure names its cause
and the fix.
"""

from __future__ import annotations

import hashlib
import os
import re
import secrets
import shutil
import signal
import socket
import subprocess
import time
from dataclasses import dataclass
from pathlib import Path

from touchpoint.graph_model.model.errors import ServerError
from touchpoint.graph_model.model.files import PRIVATE_UMASK, harden
from touchpoint.graph_model.model.processes import pid_alive
from touchpoint.graph_model.model.settings import Settings
from touchpoint.graph_model.store.importer import (
    ImportFiles,
    ImportOutcome,
    import_command,
    run_import,
)

LAUNCHER_DIR = Path(__file__).with_name("launcher")  # sources, shipped as package data
LAUNCHER_MAIN = "touchpoint.Launcher"
JVM_FLAGS = (
    "--add-opens=java.base/java.nio=ALL-UNNAMED",
    "--add-opens=java.base/sun.nio.ch=ALL-UNNAMED",
    "--add-opens=java.base/java.io=ALL-UNNAMED",
    "--add-opens=java.base/java.lang=ALL-UNNAMED",
    "-Dio.netty.tryReflectionSetAccessible=true",
    "-XX:+UseG1GC",
    "-XX:+ExitOnOutOfMemoryError",
)


@dataclass(frozen=True)
class ServerStatus:
    running: bool
    pid: int | None
    uri: str
    home: Path
    detail: str


def neo4j_version() -> str:
    """The Neo4j version pinned in the launcher's pom."""
    pom = (LAUNCHER_DIR / "pom.xml").read_text(encoding="utf-8")
    match = re.search(r"<neo4j.version>([^<]+)</neo4j.version>", pom)
    if not match:
        raise ServerError(f"{LAUNCHER_DIR / 'pom.xml'} does not pin <neo4j.version>")
    return match.group(1)


class LocalServer:
    """Start, stop and inspect the local Neo4j described by ``settings``."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self.home = settings.neo4j_home
        self.import_dir = settings.neo4j_home / "import"
        self.pid_file = self.home / "neo4j.pid"
        self.log_file = self.home / "logs" / "launcher.log"
        self.conf_file = self.home / "conf" / "neo4j.conf"

    # ---- status -------------------------------------------------------------------------
    def status(self) -> ServerStatus:
        pid = self._live_pid()
        uri = self.settings.effective_uri
        if pid is None:
            return ServerStatus(False, None, uri, self.home, "not running")
        if _port_open(self.settings.bolt_port):
            return ServerStatus(True, pid, uri, self.home, f"running (pid {pid})")
        return ServerStatus(False, pid, uri, self.home, f"starting (pid {pid}, Bolt not up yet)")

    # ---- start --------------------------------------------------------------------------
    def start(self) -> ServerStatus:
        """Start the server, or reuse the one already running; return once Bolt answers."""
        harden(self.settings.data_dir)  # the store, its logs and password: the owner's alone
        pid = self._live_pid()
        if pid is not None:
            return self._wait_until_ready(pid, None)
        port = self.settings.bolt_port
        if _port_open(port):
            raise ServerError(
                f"Port {port} on 127.0.0.1 is taken by another process (not Touchpoint's "
                "server). Stop it, or set TOUCHPOINT_BOLT_PORT to a free port."
            )
        java = self._require_java()
        classpath = self.build_launcher()
        self._ensure_password()
        self._write_conf()
        self.log_file.parent.mkdir(parents=True, exist_ok=True)
        command = [
            java,
            f"-Xms{self.settings.neo4j_heap}",
            f"-Xmx{self.settings.neo4j_heap}",
            *JVM_FLAGS,
            "-cp",
            classpath,
            LAUNCHER_MAIN,
            str(self.home),
            str(self.conf_file),
            str(self.settings.password_file),
        ]
        log_offset = self.log_file.stat().st_size if self.log_file.exists() else 0
        with open(self.log_file, "ab") as log:
            process = subprocess.Popen(
                command,
                stdout=log,
                stderr=subprocess.STDOUT,
                stdin=subprocess.DEVNULL,
                start_new_session=True,
                cwd=self.home,
                umask=PRIVATE_UMASK,  # every store file Neo4j creates is 0600
            )
        self.pid_file.write_text(str(process.pid), encoding="utf-8")
        return self._wait_until_ready(process.pid, (process, log_offset))

    def _wait_until_ready(
        self, pid: int, started: tuple[subprocess.Popen, int] | None
    ) -> ServerStatus:
        deadline = time.monotonic() + self.settings.neo4j_start_timeout
        while time.monotonic() < deadline:
            if started is not None and started[0].poll() is not None:
                self.pid_file.unlink(missing_ok=True)
                raise ServerError(
                    f"Neo4j exited during start-up (code {started[0].returncode}). "
                    f"Last lines of {self.log_file}:\n{self._log_tail(started[1])}"
                )
            if started is None and not pid_alive(pid):
                raise ServerError(f"Neo4j (pid {pid}) died while starting; see {self.log_file}")
            if _port_open(self.settings.bolt_port) and self._ready_logged(started):
                return self.status()
            time.sleep(0.25)
        raise ServerError(
            f"Neo4j did not open Bolt on port {self.settings.bolt_port} within "
            f"{self.settings.neo4j_start_timeout:.0f}s (pid {pid}); see {self.log_file} and "
            f"{self.home / 'logs' / 'debug.log'}. Raise TOUCHPOINT_NEO4J_START_TIMEOUT if the "
            "machine is slow."
        )

    def _ready_logged(self, started: tuple[subprocess.Popen, int] | None) -> bool:
        """Bolt opens before the password is set: wait for the launcher's READY line."""
        if started is None:
            return True
        tail = self._log_tail(started[1], lines=400)
        if "FAILED " in tail:
            raise ServerError(
                f"Neo4j failed to start. Last lines of {self.log_file}:\n"
                + self._log_tail(started[1])
            )
        return "READY" in tail

    # ---- stop ---------------------------------------------------------------------------
    def stop(self, timeout: float = 120.0) -> bool:
        """Stop cleanly (SIGTERM → Neo4j shutdown hook). Return False if nothing was running."""
        pid = self._live_pid()
        if pid is None:
            self.pid_file.unlink(missing_ok=True)
            return False
        os.kill(pid, signal.SIGTERM)
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline and pid_alive(pid):
            time.sleep(0.2)
        if pid_alive(pid):
            raise ServerError(
                f"Neo4j (pid {pid}) did not stop within {timeout:.0f}s; it is still flushing "
                f"or hung. See {self.log_file}; `kill -9 {pid}` risks a recovery on next start."
            )
        self.pid_file.unlink(missing_ok=True)
        return True

    # ---- offline import ---------------------------------------------------------------
    def import_offline(self, files: ImportFiles, work: Path) -> ImportOutcome:
        """Replace the database with the CSV files through Neo4j's import tool.

        The server must be stopped (the tool writes the store directly). Its JVM gets the
        server's heap and, as off-heap budget, the server's page cache: memory the stopped
        server is not using."""
        if self._live_pid() is not None:
            raise ServerError("The import tool needs the server stopped; `touchpoint db stop`.")
        java = self._require_java()
        classpath = self.build_launcher()
        self._ensure_password()
        self._write_conf()
        command = import_command(
            java, classpath, self.settings.neo4j_heap, self.settings.neo4j_pagecache,
            self.settings.neo4j_database, files, work / "import.report",
        )  # fmt: skip
        return run_import(command, self.home, self.conf_file.parent, work / "import.log")

    # ---- build --------------------------------------------------------------------------
    def build_launcher(self) -> str:
        """Build the launcher jar with Maven (cached by a hash of its sources); return classpath."""
        target = self.settings.launcher_build_dir
        target.mkdir(parents=True, exist_ok=True)
        stamp = target / "touchpoint.stamp"
        classpath_file = target / "classpath.txt"
        jar = target / "touchpoint-neo4j-launcher-1.0.0.jar"
        digest = _launcher_digest()
        if (
            stamp.exists()
            and stamp.read_text() == digest
            and jar.exists()
            and classpath_file.exists()
            and _all_exist(classpath_file.read_text().strip())
        ):
            return f"{jar}{os.pathsep}{classpath_file.read_text().strip()}"
        mvn = shutil.which(self.settings.mvn)
        if mvn is None:
            raise ServerError(
                f"Maven ('{self.settings.mvn}') is not on PATH; it fetches Neo4j "
                f"{neo4j_version()} from Maven Central. Install it (Debian: apt-get install "
                "maven) or set NEO4J_URI to use an existing server."
            )
        command = [mvn, "-B", "-q", "-f", str(LAUNCHER_DIR / "pom.xml")]
        if self.settings.maven_repo:
            command.append(f"-Dmaven.repo.local={self.settings.maven_repo}")
        command += [
            "package",
            "dependency:build-classpath",
            f"-Dmdep.outputFile={classpath_file}",
            f"-Dlauncher.build.dir={target}",
        ]
        result = subprocess.run(command, capture_output=True, text=True, check=False)
        if result.returncode != 0 or not jar.exists():
            output = (result.stdout + result.stderr).strip().splitlines()[-25:]
            raise ServerError(
                f"Maven could not build the Neo4j launcher (exit {result.returncode}). "
                "The Neo4j jars come from Maven Central; the error was:\n" + "\n".join(output)
            )
        stamp.write_text(digest)
        return f"{jar}{os.pathsep}{classpath_file.read_text().strip()}"

    # ---- helpers ------------------------------------------------------------------------
    def _require_java(self) -> str:
        java = shutil.which(self.settings.java)
        if java is None:
            raise ServerError(
                f"Java ('{self.settings.java}') is not on PATH; Neo4j 5.26 needs Java 17 or 21. "
                "Install it (Debian: apt-get install openjdk-17-jre-headless) or set NEO4J_URI."
            )
        result = subprocess.run([java, "-version"], capture_output=True, text=True, check=False)
        match = re.search(r'version "(\d+)', result.stderr + result.stdout)
        if match and int(match.group(1)) < 17:
            raise ServerError(f"Neo4j 5.26 needs Java 17+; '{java}' is Java {match.group(1)}.")
        return java

    def _ensure_password(self) -> None:
        """Generate the password once; the file is readable only by its owner (0600)."""
        path = self.settings.password_file
        path.parent.mkdir(parents=True, exist_ok=True)
        if not path.exists():
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
            with os.fdopen(fd, "w", encoding="utf-8") as handle:
                handle.write(secrets.token_urlsafe(24))
        os.chmod(path, 0o600)

    def _write_conf(self) -> None:
        settings = self.settings
        port = settings.bolt_port
        lines = {
            "server.directories.data": str(self.home / "data"),
            "server.directories.logs": str(self.home / "logs"),
            # LOAD CSV may read only this folder, never arbitrary files on the machine.
            "server.directories.import": str(self.import_dir),
            "server.bolt.enabled": "true",
            "server.bolt.listen_address": f"127.0.0.1:{port}",
            "server.bolt.advertised_address": f"127.0.0.1:{port}",
            "dbms.security.auth_enabled": "true",
            "server.memory.pagecache.size": settings.neo4j_pagecache,
            "dbms.memory.transaction.total.max": settings.neo4j_tx_memory,
            "db.logs.query.enabled": "OFF",
        }
        self.conf_file.parent.mkdir(parents=True, exist_ok=True)
        self.import_dir.mkdir(parents=True, exist_ok=True)
        body = "".join(f"{key}={value}\n" for key, value in lines.items())
        self.conf_file.write_text("# Written by Touchpoint; edits are overwritten.\n" + body)

    def _live_pid(self) -> int | None:
        try:
            pid = int(self.pid_file.read_text().strip())
        except (FileNotFoundError, ValueError):
            return None
        return pid if pid_alive(pid) and _is_launcher(pid) else None

    def _log_tail(self, offset: int = 0, lines: int = 30) -> str:
        try:
            with open(self.log_file, "rb") as handle:
                handle.seek(offset)
                text = handle.read().decode("utf-8", "replace")
        except FileNotFoundError:
            return "(no log written)"
        return "\n".join(text.splitlines()[-lines:])


def _port_open(port: int, host: str = "127.0.0.1") -> bool:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.settimeout(0.5)
        return sock.connect_ex((host, port)) == 0


def _is_launcher(pid: int) -> bool:
    """Guard against a recycled pid: only ever signal our own launcher JVM."""
    try:
        return LAUNCHER_MAIN.encode() in Path(f"/proc/{pid}/cmdline").read_bytes()
    except FileNotFoundError:
        return False


def _launcher_digest() -> str:
    digest = hashlib.sha256()
    for path in sorted([LAUNCHER_DIR / "pom.xml", *LAUNCHER_DIR.glob("src/**/*.java")]):
        digest.update(path.read_bytes())
    return digest.hexdigest()


def _all_exist(classpath: str) -> bool:
    return all(Path(part).exists() for part in classpath.split(os.pathsep) if part)

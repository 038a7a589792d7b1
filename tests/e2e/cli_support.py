"""Run the real command line in a subprocess, as a user or a script would."""

from __future__ import annotations

import os
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
PASSPHRASE = "een lang wachtwoord voor de test"
# Who acts in the vaults these tests make (synthetic): ``init --name … --role …``.
PROFILE_NAME, PROFILE_ROLE = "Tessa Testers", "consulent"


@dataclass
class Result:
    code: int
    out: str
    err: str


@dataclass
class Cli:
    home: Path
    keyring_file: Path | None = None

    def env(self, passphrase: str | None = PASSPHRASE, **extra: str) -> dict[str, str]:
        env = {k: v for k, v in os.environ.items() if not k.startswith("WIJKTEAM_DESK_")}
        env["PYTHONPATH"] = str(REPO)
        env["WIJKTEAM_DESK_HOME"] = str(self.home)
        if passphrase is not None:
            env["WIJKTEAM_DESK_PASSPHRASE"] = passphrase
        if self.keyring_file is not None:
            env["PYTHON_KEYRING_BACKEND"] = "tests.support.keyrings.FileKeyring"
            env["WIJKTEAM_TEST_KEYRING_FILE"] = str(self.keyring_file)
        else:
            env["PYTHON_KEYRING_BACKEND"] = "keyring.backends.fail.Keyring"
        env.update(extra)
        return env

    def argv(self, *args: str) -> list[str]:
        return [sys.executable, "-m", "wijkteam_desk", *args]

    def run(self, *args: str, passphrase: str | None = PASSPHRASE, stdin: str | None = None,
            timeout: float = 300, **extra: str) -> Result:
        proc = subprocess.run(self.argv(*args), env=self.env(passphrase, **extra),
                              capture_output=True, text=True, timeout=timeout,
                              input=stdin if stdin is not None else "")
        return Result(proc.returncode, proc.stdout, proc.stderr)

    def popen(self, *args: str, **extra: str) -> subprocess.Popen[str]:
        return subprocess.Popen(self.argv(*args), env=self.env(**extra), text=True,
                                stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                stdin=subprocess.PIPE)

    def init(self, *extra: str) -> str:
        r = self.run("init", "--team", "Wijkteam Test", "--region", "Utrecht",
                     "--name", PROFILE_NAME, "--role", PROFILE_ROLE, *extra)
        assert r.code == 0, r.err
        [line] = [x for x in r.out.splitlines() if x.startswith("Herstelcode: ")]
        return line.removeprefix("Herstelcode: ")

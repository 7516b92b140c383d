"""``python -m reader ARGS`` for the tests, forked from a process that has already started.

A CLI test wants a real process: its own exit status, stdout and stderr, environment and
working directory, and a kill when it hangs. Starting Python and importing the CLI's modules
costs ~0.3 s of CPU a call, a third of the suite's CPU over ~350 calls. So each test process
keeps one *server*: a single-threaded Python that imported those modules once and forks a
child per call. The child takes the caller's stdin/stdout/stderr (passed over a Unix socket),
environment and folder, runs ``reader`` as ``-m`` does (``runpy``), and exits as the
interpreter would: ``SystemExit`` codes, a traceback and 1 on an error, threads joined and
``atexit`` run. The server answers the child's pid at once (the caller kills it on timeout) and
its exit status when it ends.

What a forked child cannot take from the caller goes to a real interpreter instead
(``run``'s fallback): a command prefix (``setpriv``), or a ``PYTHON*`` variable that differs,
since those act at the interpreter's start. ``READER_TESTS_NO_FORK=1`` turns the server off.
"""

from __future__ import annotations

import json
import locale
import os
import signal
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

SERVER = r'''
import io, json, os, runpy, signal, socket, sys, traceback

# What the commands import, once: the server forks with these already loaded.
import reader.cli.main
for name in ("reader.cli.search", "reader.cli.index", "reader.cli.bookmarks", "reader.cli.add",
             "reader.cli.clean", "reader.cli.importing", "reader.cli.listing", "reader.cli.opening",
             "reader.cli.where", "reader.index.searching", "reader.index.build", "reader.content",
             "reader.content.clean", "reader.bookmarks"):
    try:
        __import__(name)
    except Exception:  # a module that is not there (any more) costs only its own import
        pass

sock = socket.socket(fileno=int(sys.argv[1]))


def child(request, fds):
    sock.close()
    for target, fd in enumerate(fds):
        os.dup2(fd, target)
    for fd in fds:
        if fd > 2:
            os.close(fd)
    os.chdir(request["cwd"])
    os.environ.clear()
    os.environ.update(request["env"])
    signal.signal(signal.SIGINT, signal.default_int_handler)
    # The streams a fresh interpreter would open on these descriptors (pipes: block-buffered).
    out_enc, err_enc = sys.__stdout__.encoding, sys.__stderr__.encoding
    sys.stdin = sys.__stdin__ = io.TextIOWrapper(io.BufferedReader(io.FileIO(0, "r", closefd=False)),
                                                 encoding=sys.__stdin__.encoding, errors=sys.__stdin__.errors)
    sys.stdout = sys.__stdout__ = io.TextIOWrapper(io.BufferedWriter(io.FileIO(1, "w", closefd=False)),
                                                   encoding=out_enc, errors=sys.__stdout__.errors)
    sys.stderr = sys.__stderr__ = io.TextIOWrapper(io.BufferedWriter(io.FileIO(2, "w", closefd=False)),
                                                   encoding=err_enc, errors="backslashreplace",
                                                   line_buffering=True)
    sys.argv = [request["argv0"], *request["args"]]
    sys.path[0] = request["cwd"]  # as -m puts the working folder first
    code = 0
    try:
        runpy.run_module("reader", run_name="__main__", alter_sys=True)
    except SystemExit as exc:  # as the interpreter treats it
        if exc.code is None:
            code = 0
        elif isinstance(exc.code, int):
            code = exc.code
        else:
            print(exc.code, file=sys.stderr)
            code = 1
    except KeyboardInterrupt:
        traceback.print_exc()
        code = 130
    except BaseException:
        traceback.print_exc()
        code = 1
    try:
        import threading
        threading._shutdown()  # non-daemon threads are joined at a normal exit
        import atexit
        atexit._run_exitfuncs()
    except BaseException:
        traceback.print_exc()
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except BaseException:
            code = code or 120  # as the interpreter exits when it cannot flush stdout
    os._exit(code & 0xFF)


while True:
    try:
        message, fds, _flags, _addr = socket.recv_fds(sock, 1 << 20, 3)
    except OSError:
        break
    if not message:
        break  # the test process is gone
    request = json.loads(message)
    pid = os.fork()
    if pid == 0:
        try:
            child(request, fds)
        except BaseException:  # before reader ran (a folder that is gone): say why on its stderr
            traceback.print_exc()
        finally:
            os._exit(1)
    for fd in fds:
        os.close(fd)
    sock.send(json.dumps({"pid": pid}).encode())
    _pid, status = os.waitpid(pid, 0)
    sock.send(json.dumps({"status": os.waitstatus_to_exitcode(status)}).encode())
'''


class CliServer:
    """One server per test process, started at its first call."""

    def __init__(self, repo_root: Path) -> None:
        self._repo_root = repo_root
        self._sock: socket.socket | None = None
        self._proc: subprocess.Popen | None = None
        self._env: dict[str, str] = {}
        self._lock = threading.Lock()

    def _start(self, env: dict[str, str]) -> socket.socket:
        mine, theirs = socket.socketpair(socket.AF_UNIX, socket.SOCK_SEQPACKET)
        self._proc = subprocess.Popen([sys.executable, "-c", SERVER, str(theirs.fileno())],
                                      pass_fds=[theirs.fileno()], env=env, cwd=self._repo_root,
                                      stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL)
        theirs.close()
        self._sock, self._env = mine, env
        return mine

    def can_run(self, env: dict[str, str]) -> bool:
        """Whether a forked child would start as ``env``'s interpreter would."""
        if os.environ.get("READER_TESTS_NO_FORK") or not hasattr(socket, "send_fds") or os.name != "posix":
            return False
        if self._sock is None:
            return True
        interp = {k: v for k, v in env.items() if k.startswith("PYTHON")}
        return interp == {k: v for k, v in self._env.items() if k.startswith("PYTHON")}

    def run(self, args: list[str], *, cwd: Path, env: dict[str, str], timeout: float,
            input: str | bytes | None = None, text: bool = True) -> subprocess.CompletedProcess:
        with self._lock:
            sock = self._sock or self._start(env)
            cmd = [sys.executable, "-m", "reader", *args]
            in_r, in_w = os.pipe()
            out_r, out_w = os.pipe()
            err_r, err_w = os.pipe()
            request = {"args": args, "cwd": str(cwd), "env": env, "argv0": str(self._repo_root / "reader" / "__main__.py")}
            try:
                socket.send_fds(sock, [json.dumps(request).encode()], [in_r, out_w, err_w])
            finally:
                for fd in (in_r, out_w, err_w):
                    os.close(fd)
            pid = self._answer("pid")
            try:
                out, err = _communicate(in_w, out_r, err_r, input, timeout, pid, cmd, text)
            finally:
                status = self._answer("status")  # also after a kill: the next call starts clean
            return subprocess.CompletedProcess(cmd, status, out, err)

    def _answer(self, key: str) -> int:
        message = self._sock.recv(1 << 16)
        if not message:
            self.close()
            raise RuntimeError("the tests' CLI server ended; READER_TESTS_NO_FORK=1 runs without it")
        return json.loads(message)[key]

    def close(self) -> None:
        if self._sock is not None:
            self._sock.close()  # the server reads end-of-file and exits
            self._sock = None
        if self._proc is not None:
            try:
                self._proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self._proc.kill()
            self._proc = None


def _communicate(in_w: int, out_r: int, err_r: int, input: str | bytes | None, timeout: float, pid: int,
                 cmd: list[str], text: bool) -> tuple[str, str] | tuple[bytes, bytes]:
    """``Popen.communicate`` on the child's three pipes; kills it and raises on timeout."""
    chunks: dict[int, list[bytes]] = {out_r: [], err_r: []}

    def drain(fd: int) -> None:
        with open(fd, "rb", buffering=0) as f:
            while data := f.read(65536):
                chunks[fd].append(data)

    def feed() -> None:
        try:
            with open(in_w, "wb") as f:  # closed at once without input: the child reads EOF
                if input:
                    f.write(input.encode("utf-8") if isinstance(input, str) else input)
        except BrokenPipeError:
            pass  # the child ended without reading it all, as Popen.communicate allows

    threads = [threading.Thread(target=drain, args=(fd,), daemon=True) for fd in (out_r, err_r)]
    threads.append(threading.Thread(target=feed, daemon=True))
    for t in threads:
        t.start()
    deadline = time.monotonic() + timeout
    for t in threads:
        t.join(max(0.0, deadline - time.monotonic()))
        if t.is_alive():
            try:
                os.kill(pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
            for t2 in threads:
                t2.join(5)
            raise subprocess.TimeoutExpired(cmd, timeout)
    if not text:
        return b"".join(chunks[out_r]), b"".join(chunks[err_r])
    # as subprocess.run(text=True) decodes: the locale's encoding, universal newlines
    encoding = locale.getpreferredencoding(False)
    return tuple(b"".join(chunks[fd]).decode(encoding).replace("\r\n", "\n").replace("\r", "\n")
                 for fd in (out_r, err_r))

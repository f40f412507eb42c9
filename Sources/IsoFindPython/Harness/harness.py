"""The Python side of the custom-block worker: it runs laboratories' blocks, one job at a time.

How the worker loads this file
------------------------------
`isofind-reports python-worker` embeds libpython, applies its sandbox, then (see
WorkerProcess.runHarness in Swift) executes this source once, with no file on disk, in a fresh
module dict `g` that already holds:

    g["__builtins__"] = the builtins module
    g["__name__"]     = "isofind_harness"
    g["_SOURCES"]     = {"contract": <source of contract.py>,
                         "reportlab_subset": <source of reportlab_subset.py>}

and calls `g["main"](channel_fd, hello)`. This file builds the other two modules from
`_SOURCES` (it never imports them, nor relies on __file__ or on any third-party package).

The channel
-----------
`channel_fd` is a connected, blocking stream socket. Every message, both ways, is a 4-byte
big-endian length and that many bytes of UTF-8 JSON. `main` first sends
`{"ready": true, **hello, "python": "3.11.2"}`, then reads a job, runs it and writes its reply,
until the channel reaches end of file (then it returns). Nothing else is written to the channel.

Job:   {"key", "code", "lang", "data", "limits": {"max_items", "max_text_bytes",
        "max_image_bytes", "max_print_bytes", "cpu_seconds"}, "temp_dir"[, "id"]}
Reply: {"ok": true, "story": [items], "warnings", "printed", "printed_dropped", "recycle"[, "id"]}
   or  {"ok": false, "error": {"type", "message", "line"}, "warnings", "printed",
        "printed_dropped", "recycle"[, "id"]}

`line` is the line of the block's code (the last traceback frame in "<custom_block>"; for a
SyntaxError, its own line), or null. Story items are the JSON objects of contract.py. A job
that cannot be read gets an error of type "InvalidJob"; a fault of the harness "WorkerError"
or "HarnessError" (with recycle). A story that breaks a bound fails with a ValueError, one
whose JSON would exceed what the responder reads (Limits.max_reply_bytes) too.

`recycle: true` asks the responder to replace this worker (after a MemoryError, when the block
left threads running or files that could not be removed, or when the harness itself failed).

A job
-----
The block's code runs as a module body in a new namespace (`data`, `lang`, `story`, and the
names of contract.BLOCK_NAMES) with fresh contract and ReportLab-subset modules, in the job's
temporary folder, under an RLIMIT_CPU of `cpu_seconds` more than this process has used
(SIGXCPU then ends the worker, which the responder reports as a CPU time limit). Its output
(print, stderr) is captured, bounded. Afterwards the harness puts back what the block may have
changed (see CleanState), empties the temporary folder, checks and serialises `story`.
Modules the block imported (numpy, matplotlib...) stay in sys.modules: that is what keeps a
worker warm, and they are the system's read-only packages.

This cleaning is hygiene, not a wall between jobs: a block that sets out to tamper with the
interpreter (patching the standard library's modules, ctypes, audit hooks) can affect later
jobs of the same worker. The security boundary is the worker process and its sandbox.
"""

from __future__ import annotations

import builtins
import gc
import io
import json
import math
import os
import re
import resource
import shutil
import signal
import struct
import sys
import threading
import types
import warnings
from typing import Any

BLOCK_FILENAME = "<custom_block>"
MESSAGE_CHARS = 500
TYPE_CHARS = 100
DEFAULT_LIMITS = {"max_items": 5000, "max_text_bytes": 2 << 20, "max_image_bytes": 10 << 20,
                  "max_print_bytes": 64 << 10, "cpu_seconds": 5}

# The other modules' code, compiled once (each job runs it afresh in new modules).
try:
    _CODE = {name: compile(_SOURCES[name], f"<isofind {name}>", "exec", dont_inherit=True)  # type: ignore[name-defined]
             for name in ("contract", "reportlab_subset")}
except NameError:
    raise RuntimeError("harness.py runs with _SOURCES = {'contract': ..., 'reportlab_subset': ...} "
                       "in its globals (see the top of harness.py)") from None

# What the reply path uses, bound now: a block that replaces os.write or json.dumps (to make
# numpy values serialisable, say) does not change how later replies are written.
_os_read, _os_write = os.read, os.write
_json_loads = json.loads
_json_encode = json.JSONEncoder(ensure_ascii=False, allow_nan=False, separators=(",", ":")).encode
_catch_warnings = warnings.catch_warnings

_DELETED = object()  # `story` when the block deleted the name


# --- the channel -----------------------------------------------------------------------------

class Channel:
    """Length-prefixed frames on a blocking stream socket (or pipe) descriptor."""

    def __init__(self, fd: int) -> None:
        self.fd = fd

    def receive(self) -> bytes | None:
        """The next frame's payload, or None at end of file."""
        header = self._read_exactly(4)
        if header is None:
            return None
        return self._read_exactly(struct.unpack(">I", header)[0])

    def send(self, payload: bytes) -> None:
        data = memoryview(struct.pack(">I", len(payload)) + payload)
        while data:
            data = data[_os_write(self.fd, data):]

    def _read_exactly(self, size: int) -> bytes | None:
        chunks, remaining = [], size
        while remaining:
            chunk = _os_read(self.fd, min(remaining, 1 << 20))
            if not chunk:
                return None
            chunks.append(chunk)
            remaining -= len(chunk)
        return b"".join(chunks)


def encode(message: dict[str, Any]) -> bytes:
    return _json_encode(message).encode("utf-8")


def clean_text(text: str) -> str:
    """`text` with anything UTF-8 cannot carry (lone surrogates) replaced."""
    return text.encode("utf-8", "replace").decode("utf-8")


def truncate(text: str) -> str:
    """`text` cut to MESSAGE_CHARS characters, ending with an ellipsis when cut."""
    return text if len(text) <= MESSAGE_CHARS else text[: MESSAGE_CHARS - 1] + "\u2026"


# --- the job ---------------------------------------------------------------------------------

class Limits:
    """A job's bounds (DEFAULT_LIMITS for those the job leaves out)."""

    max_items: int
    max_text_bytes: int
    max_image_bytes: int
    max_print_bytes: int
    cpu_seconds: int

    def __init__(self, raw: Any) -> None:
        if raw is None:
            raw = {}
        if not isinstance(raw, dict):
            raise ValueError("limits must be an object")
        for name, default in DEFAULT_LIMITS.items():
            value = raw.get(name, default)
            if not isinstance(value, int) or isinstance(value, bool) or value < 0:
                raise ValueError(f"limits.{name} must be an integer >= 0")
            setattr(self, name, value)

    @property
    def max_reply_bytes(self) -> int:
        """The largest reply the responder reads (PythonBlockRunner.Limits.maxReplyBytes)."""
        return (self.max_text_bytes * 2 + self.max_image_bytes // 3 * 4 + self.max_print_bytes * 2
                + self.max_items * 256 + (1 << 20))


class Job:
    """A job frame, checked. `key` is the block's key (the responder logs with it); `id`, when
    the job has one, is sent back in the reply, so that the responder can tell a reply to this
    job from anything a block might write on the channel itself."""

    def __init__(self, payload: bytes) -> None:
        try:
            frame = _json_loads(payload.decode("utf-8"))
        except ValueError as exc:
            raise ValueError(f"the job is not UTF-8 JSON: {exc}") from None
        if not isinstance(frame, dict):
            raise ValueError("the job is not a JSON object")
        for name in ("key", "code", "lang", "temp_dir"):
            if not isinstance(frame.get(name), str):
                raise ValueError(f"the job's {name} must be a string")
        if not os.path.isabs(frame["temp_dir"]):
            raise ValueError("the job's temp_dir must be an absolute path")
        self.id: Any = frame.get("id")
        self.key: str = frame["key"]
        self.code: str = frame["code"]
        self.lang: str = frame["lang"]
        self.data: Any = frame.get("data", {})
        self.temp_dir: str = frame["temp_dir"]
        self.limits = Limits(frame.get("limits"))


class BoundedOutput(io.TextIOBase):
    """sys.stdout and sys.stderr during a job: keeps the first `limit` bytes (UTF-8) written
    and counts the rest, so that a print flood costs no memory."""

    def __init__(self, limit: int) -> None:
        super().__init__()
        self.limit = limit
        self.kept = 0
        self.dropped = 0
        self.parts: list[str] = []

    @property
    def encoding(self) -> str:  # type: ignore[override]
        return "utf-8"

    def writable(self) -> bool:
        return True

    def isatty(self) -> bool:
        return False

    def write(self, text: str) -> int:
        if not isinstance(text, str):
            raise TypeError(f"write() argument must be str, not {type(text).__name__}")
        room = self.limit - self.kept
        if room <= 0:  # the common case in a flood: count, cheaply
            self.dropped += len(text) if text.isascii() else len(text.encode("utf-8", "replace"))
            return len(text)
        data = text.encode("utf-8", "replace")
        kept = data[:room].decode("utf-8", "ignore")  # never half a character
        size = len(kept.encode("utf-8"))
        self.parts.append(kept)
        self.kept += size
        self.dropped += len(data) - size
        return len(text)

    def text(self) -> str:
        return "".join(self.parts)


class Failure:
    """Why a job produced no story: what the reply's "error" says, and whether to recycle."""

    def __init__(self, type_name: str, message: str, line: int | None = None, memory: bool = False) -> None:
        self.type_name = type_name
        self.message = message
        self.line = line
        self.memory = memory

    @classmethod
    def of(cls, exc: BaseException, line: int | None, temp_dir: str) -> Failure:
        """The exception's class name and message (paths of the worker replaced), no traceback."""
        try:
            if isinstance(exc, SystemExit):
                message = f"the block called sys.exit({'' if exc.code is None else repr(exc.code)})"
            elif isinstance(exc, SyntaxError):
                message = str(exc.msg)
            else:
                message = str(exc)
        except BaseException:  # a message that cannot be read is no reason to fail the reply
            message = "(the exception's message could not be read)"
        message = truncate(scrub_paths(clean_text(message), temp_dir))
        line = line if isinstance(line, int) and not isinstance(line, bool) else None
        return cls(clean_text(type(exc).__name__)[:TYPE_CHARS], message, line, isinstance(exc, MemoryError))

    def as_json(self) -> dict[str, Any]:
        return {"type": self.type_name, "message": self.message, "line": self.line}


def block_line(exc: BaseException) -> int | None:
    """The line of the block's code in the exception's last traceback frame that is the block's."""
    line, tb = None, exc.__traceback__
    while tb is not None:
        if tb.tb_frame.f_code.co_filename == BLOCK_FILENAME:
            line = tb.tb_lineno
        tb = tb.tb_next
    return line


def scrub_paths(message: str, temp_dir: str) -> str:
    """`message` with the worker's folders replaced: the temporary folder by ".", Python's own
    folders (sys.path) by "<python>"."""
    roots = {temp_dir: ".", os.path.realpath(temp_dir): "."}
    for entry in sys.path:
        if isinstance(entry, str) and os.path.isabs(entry) and len(entry) > 1:
            roots.setdefault(entry.rstrip("/"), "<python>")
    for root in sorted(roots, key=len, reverse=True):
        if root and root in message:
            message = re.sub(re.escape(root) + r"(?![\w.-])", roots[root], message)
    return message


# --- what a job may change, and its putting back ---------------------------------------------

class CleanState:
    """The interpreter's state that a block may change and the harness restores after each job:
    the builtins module's names, sys.stdin/stdout/stderr, sys.path, sys.meta_path,
    sys.path_hooks, the recursion limit, the int/str digits limit, os.environ, signal handlers
    and interval timers (alarm()), trace and profile functions, the garbage collector's switch.
    warnings' filters are restored by catch_warnings around the block."""

    def __init__(self) -> None:
        self.builtins = dict(vars(builtins))
        self.streams = (sys.stdin, sys.stdout, sys.stderr)
        self.path, self.meta_path, self.path_hooks = list(sys.path), list(sys.meta_path), list(sys.path_hooks)
        self.recursion_limit = sys.getrecursionlimit()
        self.int_max_str_digits = sys.get_int_max_str_digits()
        self.environ = dict(os.environ)
        self.signals = {number: signal.getsignal(number) for number in signal.valid_signals()}
        self.threads = {thread.ident for thread in threading.enumerate()}
        self.gc_enabled = gc.isenabled()

    def restore(self) -> None:
        sys.settrace(None)
        sys.setprofile(None)
        threading.settrace(None)  # type: ignore[arg-type]
        threading.setprofile(None)  # type: ignore[arg-type]
        sys.stdin, sys.stdout, sys.stderr = self.streams
        for timer in (signal.ITIMER_REAL, signal.ITIMER_VIRTUAL, signal.ITIMER_PROF):
            signal.setitimer(timer, 0)
        for number, handler in self.signals.items():
            if handler is not None and signal.getsignal(number) is not handler:
                try:
                    signal.signal(number, handler)
                except (OSError, ValueError, TypeError):
                    pass
        names = vars(builtins)
        for name in [n for n in names if n not in self.builtins]:
            del names[name]
        names.update(self.builtins)
        sys.setrecursionlimit(self.recursion_limit)
        sys.set_int_max_str_digits(self.int_max_str_digits)
        sys.path[:], sys.meta_path[:], sys.path_hooks[:] = self.path, self.meta_path, self.path_hooks
        sys.path_importer_cache.clear()
        for name in [n for n in os.environ if n not in self.environ]:
            del os.environ[name]
        for name, value in self.environ.items():
            if os.environ.get(name) != value:
                os.environ[name] = value
        if self.gc_enabled:
            gc.enable()

    def threads_left(self) -> bool:
        """Whether the block left threads of its own running."""
        return any(t.is_alive() and t.ident not in self.threads for t in threading.enumerate())


def limit_cpu(seconds: int) -> None:
    """RLIMIT_CPU's soft limit: the CPU seconds this process has used (rounded up) plus
    `seconds`, within the hard limit. 0 leaves the limit as it is; a refusal is ignored."""
    if seconds <= 0:
        return
    try:
        usage = resource.getrusage(resource.RUSAGE_SELF)
        soft = math.ceil(usage.ru_utime + usage.ru_stime) + seconds
        _, hard = resource.getrlimit(resource.RLIMIT_CPU)
        if hard != resource.RLIM_INFINITY:
            soft = min(soft, hard)
        resource.setrlimit(resource.RLIMIT_CPU, (soft, hard))
    except (OSError, ValueError):
        pass


def empty_folder(folder: str) -> bool:
    """Remove everything in `folder` (not the folder); whether it is empty afterwards."""
    try:
        with os.scandir(folder) as entries:
            for entry in entries:
                try:
                    if entry.is_dir(follow_symlinks=False):
                        shutil.rmtree(entry.path, ignore_errors=True)
                    else:
                        os.unlink(entry.path)
                except OSError:
                    pass
        with os.scandir(folder) as entries:
            return next(entries, None) is None
    except OSError:
        return False


def new_module(name: str, code: types.CodeType, **names: Any) -> types.ModuleType:
    """A module made by running `code` in it, with `names` set first (not put in sys.modules)."""
    module = types.ModuleType(name)
    module.__dict__.update(names)
    exec(code, module.__dict__)
    return module


# --- the story -------------------------------------------------------------------------------

_NOT_TEXT = {"kind", "style", "format", "note_kind", "data"}


def _text_bytes(value: Any) -> int:
    if isinstance(value, str):
        return len(value) if value.isascii() else len(value.encode("utf-8", "replace"))
    if isinstance(value, (list, tuple)):
        return sum(_text_bytes(v) for v in value)
    return 0


def serialise(story: Any, contract: types.ModuleType, limits: Limits) -> list[dict[str, Any]]:
    """The story's items as JSON objects, checked: each a story item of this job's contract,
    and the story within the job's bounds."""
    if story is _DELETED:
        raise TypeError("the block deleted `story`; it must stay a list of story items")
    if not isinstance(story, (list, tuple)):
        raise TypeError(f"story must be a list of story items, not {type(story).__name__}")
    items: list[dict[str, Any]] = []
    for position, item in enumerate(story):
        if not isinstance(item, contract.Flowable):
            raise TypeError(f"story[{position}] is a {type(item).__name__}, not a story item "
                            f"(made by {contract.ITEM_NAMES})")
        items.extend(item._items)
    if len(items) > limits.max_items:
        raise ValueError(f"the story has {len(items)} items; at most {limits.max_items} are allowed")
    text = sum(_text_bytes(v) for item in items for k, v in item.items() if k not in _NOT_TEXT)
    if text > limits.max_text_bytes:
        raise ValueError(f"the story has {text} bytes of text; at most {limits.max_text_bytes} are allowed")
    images = sum(len(item["data"]) // 4 * 3 - item["data"][-2:].count("=")  # base64's length -> bytes
                 for item in items if item.get("kind") == "image")
    if images > limits.max_image_bytes:
        raise ValueError(f"the story's images have {images} bytes; at most {limits.max_image_bytes} are allowed")
    return items


# --- running jobs ----------------------------------------------------------------------------

class Modules:
    """One job's fresh contract and ReportLab subset modules, for the folder `temp_dir`."""

    def __init__(self, temp_dir: str) -> None:
        self.temp_dir = temp_dir
        self.contract = new_module("isofind_contract", _CODE["contract"])
        self.subset = new_module("isofind_reportlab_subset", _CODE["reportlab_subset"], contract=self.contract,
                                 TEMP_DIR=temp_dir)
        self.finder = self.subset.build()


class Worker:
    """Runs jobs one at a time, restoring the interpreter's state after each. Every job gets
    modules of its own (a block that changes a style or a class changes nothing for the next
    one); they are built ahead, between jobs (`build_ahead`), since building them is most of
    what a trivial job costs."""

    def __init__(self) -> None:
        self.clean = CleanState()
        self.ahead: Modules | None = None
        self.last_temp_dir: str | None = None

    def build_ahead(self) -> None:
        """Build the next job's modules now, for the folder of the last job (a worker's jobs
        all use its own folder). Called after a reply is sent; a failure leaves it to the job."""
        self.ahead = None
        if self.last_temp_dir is None:
            return
        try:
            self.ahead = Modules(self.last_temp_dir)
        except BaseException:  # no memory left, or a fault of the harness: the job will say so
            pass

    def run(self, payload: bytes) -> bytes:
        """The encoded reply to one job frame."""
        output = BoundedOutput(DEFAULT_LIMITS["max_print_bytes"])
        try:
            job = Job(payload)
        except ValueError as exc:
            return self.reply(None, Failure("InvalidJob", str(exc)), [], output, False, Limits(None), None)
        self.last_temp_dir = job.temp_dir
        output = BoundedOutput(job.limits.max_print_bytes)
        contract: types.ModuleType | None = None
        namespace: dict[str, Any] = {}
        failure: Failure | None = None
        recycle = False
        try:
            contract = self.prepare(job)
            namespace = {"__name__": "__custom_block__", "__builtins__": builtins, "data": job.data,
                         "lang": job.lang, "story": []}
            namespace.update((name, getattr(contract, name)) for name in contract.BLOCK_NAMES)
            sys.stdin, sys.stdout, sys.stderr = io.StringIO(), output, output
            with _catch_warnings():
                failure = self.execute(job.code, namespace, job.temp_dir)
        except BaseException as exc:  # the harness's own preparation failed
            failure, recycle = Failure.of(exc, None, job.temp_dir), True
            failure.type_name = "WorkerError"
        finally:
            self.clean.restore()
        story: list[dict[str, Any]] | None = None
        if failure is None and contract is not None:
            try:
                story = serialise(namespace.get("story", _DELETED), contract, job.limits)
            except BaseException as exc:
                failure = Failure.of(exc, None, job.temp_dir)
        found = self.collected_warnings(contract)
        namespace.clear()  # what the block made goes now (before the reply, after a MemoryError)
        recycle = self.clean.threads_left() or not empty_folder(job.temp_dir) or recycle
        try:
            os.chdir(job.temp_dir)
        except OSError:
            recycle = True
        return self.reply(story, failure, found, output, recycle, job.limits, job.id)

    def prepare(self, job: Job) -> types.ModuleType:
        """The job's folder, environment, CPU limit and fresh modules; its contract module."""
        os.chdir(job.temp_dir)
        os.environ.setdefault("MPLBACKEND", "Agg")
        os.environ.setdefault("MPLCONFIGDIR", job.temp_dir)
        limit_cpu(job.limits.cpu_seconds)
        modules, self.ahead = self.ahead, None  # used once, whatever happens to this job
        if modules is None or modules.temp_dir != job.temp_dir:
            modules = Modules(job.temp_dir)
        modules.subset.install(modules.finder)
        return modules.contract

    @staticmethod
    def execute(code: str, namespace: dict[str, Any], temp_dir: str) -> Failure | None:
        """Compile and run the block's code; why it failed, or None."""
        try:
            compiled = compile(code, BLOCK_FILENAME, "exec", dont_inherit=True)
        except SyntaxError as exc:
            return Failure.of(exc, exc.lineno, temp_dir)
        except BaseException as exc:  # NUL bytes (ValueError), pathological nesting (RecursionError, MemoryError)
            return Failure.of(exc, None, temp_dir)
        try:
            exec(compiled, namespace)
        except BaseException as exc:  # SystemExit and KeyboardInterrupt included
            return Failure.of(exc, block_line(exc), temp_dir)
        return None

    @staticmethod
    def collected_warnings(contract: types.ModuleType | None) -> list[str]:
        """What warn() collected (at most MAX_WARNINGS, each at most MAX_WARNING_CHARS)."""
        if contract is None:
            return []
        try:
            found = [clean_text(w) for w in list(contract.WARNINGS) if isinstance(w, str)]
            return [w[: contract.MAX_WARNING_CHARS] for w in found[: contract.MAX_WARNINGS]]
        except Exception:
            return []

    @staticmethod
    def reply(story: list[dict[str, Any]] | None, failure: Failure | None, found: list[str],
              output: BoundedOutput, recycle: bool, limits: Limits, job_id: Any) -> bytes:
        """The encoded reply; a story that cannot be encoded, or is too large, is a failure."""
        printed: dict[str, Any] = {"warnings": found, "printed": output.text(), "printed_dropped": output.dropped}
        if job_id is not None:
            printed["id"] = job_id
        if failure is None:
            try:
                body = encode({"ok": True, "story": story, **printed, "recycle": recycle})
                if len(body) <= limits.max_reply_bytes:
                    return body
                failure = Failure("ValueError", f"the story is too large to send: {len(body)} bytes of JSON; "
                                                f"at most {limits.max_reply_bytes} are allowed")
            except BaseException as exc:  # a value JSON cannot carry, or no memory left
                failure = Failure(type(exc).__name__, truncate(f"the story could not be serialised: {exc}"),
                                  memory=isinstance(exc, MemoryError))
        return encode({"ok": False, "error": failure.as_json(), **printed, "recycle": recycle or failure.memory})


def main(channel_fd: int, hello: dict[str, Any]) -> None:
    """Serve jobs on `channel_fd` until it reaches end of file (or the responder is gone)."""
    channel = Channel(channel_fd)
    worker = Worker()
    try:
        channel.send(encode({"ready": True, **hello, "python": sys.version.split()[0]}))
        while True:
            payload = channel.receive()
            if payload is None:
                return
            try:
                reply = worker.run(payload)
            except BaseException as exc:  # a fault of the harness: say so, and be replaced
                failure = Failure("HarnessError", truncate(f"{type(exc).__name__}: {exc}"))
                reply = encode({"ok": False, "error": failure.as_json(), "warnings": [], "printed": "",
                                "printed_dropped": 0, "recycle": True})
            channel.send(reply)
            worker.build_ahead()
    except OSError:  # the channel failed: the responder closed it or is gone
        return

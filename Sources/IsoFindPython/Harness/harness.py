# being written
import json, os, struct, sys
def _send(fd, obj):
    b = json.dumps(obj).encode()
    os.write(fd, struct.pack(">I", len(b)) + b)
def _recv(fd, n):
    out = b""
    while len(out) < n:
        c = os.read(fd, n - len(out))
        if not c: return None
        out += c
    return out
def main(fd, hello):
    _send(fd, {"ready": True, **hello})
    while True:
        h = _recv(fd, 4)
        if h is None: return
        job = json.loads(_recv(fd, struct.unpack(">I", h)[0]))
        ns = {"story": [], "data": job["data"], "lang": job["lang"]}
        try:
            exec(compile(job["code"], "<custom_block>", "exec"), ns)
            _send(fd, {"ok": True, "story": [{"kind": "paragraph", "text": str(x), "style": "Normal"} for x in ns["story"]], "warnings": []})
        except BaseException as e:
            _send(fd, {"ok": False, "error": {"type": type(e).__name__, "message": str(e), "line": None}, "warnings": []})

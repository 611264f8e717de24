"""Grows a hash-chained audit log to N lines from the first record of a real one (same shape, renumbered, rechained)."""
import hashlib
import json
import sys

seed, out, count = sys.argv[1], sys.argv[2], int(sys.argv[3])
with open(seed, "rb") as f:
    first = f.readline().rstrip(b"\n").decode("utf-8")
record = json.loads(first)
for field in ("seq", "prev", "hash", "hmac"):
    record.pop(field, None)
body = json.dumps(record, ensure_ascii=False, separators=(",", ":"))[:-1]
prev = "0" * 64
with open(out, "wb") as f:
    for seq in range(1, count + 1):
        head = f'{body},"seq":{seq},"prev":"{prev}"'.encode("utf-8")
        line = head + b',"hash":"' + hashlib.sha256(head).hexdigest().encode() + b'"}'
        f.write(line + b"\n")
        prev = hashlib.sha256(line).hexdigest()

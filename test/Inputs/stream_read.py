"""stream_read.py fifo|socket PATH PREFIX CMD...: reads what CMD writes to
the trace output PATH the way a reader started before the program does:
the FIFO PATH is opened for reading, or a Unix stream socket is bound and
listening at PATH, before CMD starts. Collects everything until CMD has
exited and the stream is drained. The bytes must be whole JSON documents
one after the other; each is saved as PREFIX.N.json. Prints the exit
status and the number of documents."""
import json
import os
import socket
import subprocess
import sys
import time

kind, path, prefix, cmd = sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4:]
data = b""
if kind == "fifo":
    fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK)
    proc = subprocess.Popen(cmd)
    while True:
        try:
            chunk = os.read(fd, 1 << 16)
        except BlockingIOError:
            chunk = None
        if chunk:
            data += chunk
        elif chunk == b"" and proc.poll() is not None:
            break  # no writer left and nothing buffered
        else:
            time.sleep(0.01)
else:
    server = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    server.bind(path)
    server.listen(8)
    server.settimeout(0.05)
    proc = subprocess.Popen(cmd)
    while True:
        try:
            conn, _ = server.accept()
        except socket.timeout:
            if proc.poll() is not None:
                break
            continue
        conn.settimeout(60)
        while chunk := conn.recv(1 << 16):
            data += chunk
        conn.close()
text = data.decode("utf-8")
decoder = json.JSONDecoder()
at, n = 0, 0
while text[at:].strip():
    while text[at].isspace():
        at += 1
    doc, end = decoder.raw_decode(text, at)  # raises on a torn document
    n += 1
    with open("%s.%d.json" % (prefix, n), "w") as f:
        f.write(text[at:end])
    at = end
print("exit %d" % proc.returncode)
print("documents %d" % n)

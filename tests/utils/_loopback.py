"""A loopback HTTP server for download tests: serves a folder on 127.0.0.1
from a thread, counts requests, never touches the internet. The path
`/truncated.bin` announces 1000 bytes and sends 10, like a dropped
connection."""

from __future__ import annotations

import contextlib
import functools
import http.server
import threading


class _Handler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):  # keep pytest's output clean
        pass

    def do_GET(self):
        self.server.requests.append(self.path)
        if self.path == "/truncated.bin":  # a download cut off midway
            self.send_response(200)
            self.send_header("Content-Length", "1000")
            self.end_headers()
            self.wfile.write(b"x" * 10)
            self.wfile.flush()
            self.close_connection = True
            return
        super().do_GET()


@contextlib.contextmanager
def serve(folder):
    """Serves `folder`; yields the server, whose `.url` is the base URL
    (ending in `/`) and `.requests` the paths asked for."""
    handler = functools.partial(_Handler, directory=str(folder))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    server.requests = []
    server.url = f"http://127.0.0.1:{server.server_address[1]}/"
    thread = threading.Thread(target=server.serve_forever, args=(0.01,),
                              daemon=True)
    thread.start()
    try:
        yield server
    finally:
        server.shutdown()
        server.server_close()
        thread.join()

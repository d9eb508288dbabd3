"""Mail servers for tests and fault scripts that need one that misbehaves."""

import socket
import threading


class HangingSMTPServer:
    """Accepts connections and never says a word: an SMTP client waits for the greeting."""

    def __init__(self):
        self.socket = socket.create_server(("127.0.0.1", 0))
        self.port = self.socket.getsockname()[1]
        self.held = []
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self):
        while True:
            try:
                self.held.append(self.socket.accept()[0])
            except OSError:
                return

    def close(self):
        for held in self.held:
            held.close()
        self.socket.close()

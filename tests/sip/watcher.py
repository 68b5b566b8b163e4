"""watcher.py - a reg-event watcher for the integration tests: one UDP
socket that sends SUBSCRIBEs (as a UE, a P-CSCF or an AS, by the
P-Asserted-Identity it puts in), keeps the dialog, and receives the
NOTIFYs, answering each with the status the test chooses (200 by
default, or nothing at all to let the notifier's Timer F run)."""
import random
import re
import socket
import time


def parse_message(data):
    """(start line, [(name, value)], body) of one SIP message."""
    head, _, body = data.partition(b"\r\n\r\n")
    lines = head.decode(errors="replace").split("\r\n")
    headers = []
    for line in lines[1:]:
        if line[:1] in (" ", "\t") and headers:
            headers[-1] = (headers[-1][0], headers[-1][1] + " " + line.strip())
            continue
        name, _, value = line.partition(":")
        headers.append((name.strip(), value.strip()))
    return lines[0], headers, body


class Message:
    def __init__(self, data):
        self.raw = data
        self.start, self.headers, self.body = parse_message(data)
        self.is_request = not self.start.startswith("SIP/2.0 ")
        self.status = None if self.is_request else int(self.start.split()[1])
        self.method = self.start.split()[0] if self.is_request else None

    def get(self, name):
        """The first value of a header (long name), or None."""
        for n, v in self.headers:
            if n.lower() == name.lower():
                return v
        return None

    def all(self, name):
        return [v for n, v in self.headers if n.lower() == name.lower()]

    def text(self):
        return self.raw.decode(errors="replace")


def tag_of(value):
    m = re.search(r";\s*tag=([^;>\s]+)", value or "")
    return m.group(1) if m else None


class Watcher:
    """A subscriber to the reg event of one IMPU."""

    def __init__(self, port, pai, name="watcher", host="127.0.0.1"):
        self.port, self.pai, self.name = port, pai, name
        self.sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        self.sock.bind((host, 0))
        self.lport = self.sock.getsockname()[1]
        self.call_id = "%08x-%s@127.0.0.1" % (random.getrandbits(32), name)
        self.tag = "%08x" % random.getrandbits(32)
        self.remote_tag = None
        self.cseq = 0
        self.notifies = []   # every NOTIFY received, in order
        self.pending = []    # NOTIFYs not yet taken by next_notify()
        self.answer = 200    # status for NOTIFYs; None: do not answer
        self.answer_extra = ""
        self.impu = None

    def close(self):
        self.sock.close()

    def contact(self):
        return "<sip:%s@127.0.0.1:%d>" % (self.name, self.lport)

    def _answer(self, m):
        if self.answer is None:
            return
        lines = ["SIP/2.0 %d %s" % (self.answer, "OK" if self.answer == 200 else "Failed")]
        for n in ("Via", "From", "To", "Call-ID", "CSeq"):
            for v in m.all(n):
                lines.append("%s: %s" % (n, v))
        lines += [l for l in self.answer_extra.split("\r\n") if l]
        lines += ["Content-Length: 0", "", ""]
        via = m.get("Via")
        # answer where the Via says (rport: the source; here the same socket)
        self.sock.sendto("\r\n".join(lines).encode(), self._src)
        del via

    def _recv(self, timeout):
        self.sock.settimeout(timeout)
        data, self._src = self.sock.recvfrom(65536)
        m = Message(data)
        if m.is_request and m.method == "NOTIFY":
            self.notifies.append(m)
            self.pending.append(m)
            self._answer(m)
        return m

    def subscribe(self, impu, expires=600000, event="reg", accept="application/reginfo+xml",
                  extra="", in_dialog=False, pai=True, wait=5.0):
        """Send a SUBSCRIBE; returns the final response (a Message)."""
        self.impu = impu
        self.cseq += 1
        to = "<%s>" % impu
        if in_dialog and self.remote_tag:
            to += ";tag=%s" % self.remote_tag
        branch = "z9hG4bK%08x" % random.getrandbits(32)
        lines = ["SUBSCRIBE %s SIP/2.0" % impu,
                 "Via: SIP/2.0/UDP 127.0.0.1:%d;rport;branch=%s" % (self.lport, branch),
                 "Max-Forwards: 70",
                 "From: <%s>;tag=%s" % (self.pai if pai else impu, self.tag),
                 "To: %s" % to,
                 "Call-ID: %s" % self.call_id,
                 "CSeq: %d SUBSCRIBE" % self.cseq,
                 "Contact: %s" % self.contact()]
        if event is not None:
            lines.append("Event: %s" % event)
        if accept is not None:
            lines.append("Accept: %s" % accept)
        if expires is not None:
            lines.append("Expires: %d" % expires)
        if pai and self.pai:
            lines.append("P-Asserted-Identity: <%s>" % self.pai)
        lines += [l for l in extra.split("\r\n") if l]
        lines += ["Content-Length: 0", "", ""]
        self.sock.sendto("\r\n".join(lines).encode(), ("127.0.0.1", self.port))
        deadline = time.time() + wait
        while True:
            left = deadline - time.time()
            if left <= 0:
                raise AssertionError("%s: no answer to SUBSCRIBE" % self.name)
            m = self._recv(left)
            if not m.is_request and m.get("CSeq") == "%d SUBSCRIBE" % self.cseq \
                    and m.status >= 200:
                if m.status < 300 and not in_dialog:
                    self.remote_tag = tag_of(m.get("To"))
                return m

    def next_notify(self, timeout=5.0):
        """The next NOTIFY (already received or arriving within timeout)."""
        deadline = time.time() + timeout
        while not self.pending:
            left = deadline - time.time()
            if left <= 0:
                raise AssertionError("%s: no NOTIFY within %.1f s" % (self.name, timeout))
            try:
                self._recv(left)
            except socket.timeout:
                pass
        return self.pending.pop(0)

    def quiet(self, seconds):
        """Receive for a while; the NOTIFYs that came (and were answered)."""
        deadline = time.time() + seconds
        got = []
        while True:
            left = deadline - time.time()
            if left <= 0:
                break
            try:
                self._recv(left)
            except socket.timeout:
                break
        got, self.pending = self.pending, []
        return got

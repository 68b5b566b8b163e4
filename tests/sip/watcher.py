"""watcher.py - a reg-event watcher for the integration tests: one UDP
socket that sends SUBSCRIBEs (as a UE, a P-CSCF or an AS, by the
P-Asserted-Identity it puts in), keeps the dialog, and receives the
NOTIFYs, answering each with the status the test chooses (200 by
default, a scripted sequence, or nothing at all: held, to be answered
by hand or to let the notifier's Timer F run).

A thread reads the socket all the time, so NOTIFYs are answered as soon
as they arrive whatever the test is doing, retransmissions are told
apart from new requests (same Via branch and CSeq) and answered again with
the answer already given, and the order in which everything arrived on
the socket is kept (Watcher.log)."""
import random
import re
import socket
import threading
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


COMPACT = {"i": "call-id", "f": "from", "t": "to", "v": "via", "m": "contact",
           "c": "content-type", "l": "content-length", "o": "event", "u": "allow-events",
           "k": "supported"}


class Message:
    def __init__(self, data, at=None):
        self.raw = data
        self.at = time.time() if at is None else at
        self.start, self.headers, self.body = parse_message(data)
        self.is_request = not self.start.startswith("SIP/2.0 ")
        self.status = None if self.is_request else int(self.start.split()[1])
        self.method = self.start.split()[0] if self.is_request else None

    def get(self, name):
        """The first value of a header (long or compact name), or None."""
        v = self.all(name)
        return v[0] if v else None

    def all(self, name):
        name = name.lower()
        return [v for n, v in self.headers if COMPACT.get(n.lower(), n.lower()) == name]

    def cseq(self):
        """(number, method) of the CSeq."""
        n, _, m = (self.get("CSeq") or "0 ?").partition(" ")
        return int(n), m.strip()

    def branch(self):
        m = re.search(r";\s*branch=([^;,\s]+)", self.get("Via") or "")
        return m.group(1) if m else None

    def key(self):
        """What a retransmission repeats (RFC 3261 §17.2.3): the top Via's
        branch, and the CSeq."""
        return (self.branch(), self.get("CSeq"))

    def text(self):
        return self.raw.decode(errors="replace")


def tag_of(value):
    m = re.search(r";\s*tag=([^;>\s]+)", value or "")
    return m.group(1) if m else None


REASONS = {200: "OK", 481: "Subscription Does Not Exist", 503: "Service Unavailable",
           500: "Server Internal Error", 489: "Bad Event"}


class Watcher:
    """A subscriber to the reg event of one IMPU (and, as the socket of a
    UE, whatever else comes to that socket: answers to its REGISTERs,
    Microsoft registration-notify NOTIFYs)."""

    def __init__(self, port, pai, name="watcher", host="127.0.0.1"):
        self.port, self.pai, self.name, self.host = port, pai, name, host
        self.sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        self.sock.bind((host, 0))
        self.lport = self.sock.getsockname()[1]
        self.call_id = "%08x-%s@127.0.0.1" % (random.getrandbits(32), name)
        self.tag = "%08x" % random.getrandbits(32)
        self.remote_tag = None
        self.cseq = 0
        self.impu = None
        self.answer = 200       # status for new NOTIFYs; None: hold (do not answer)
        self.answer_extra = ""  # header lines added to the answers ("A: b\r\nC: d")
        self.script = []        # (status, extra) for the next NOTIFYs, before `answer`
        self.cond = threading.Condition()
        self.log = []           # every message received, in arrival order
        self.notifies = []      # every new NOTIFY (retransmissions not counted)
        self.pending = []       # new NOTIFYs not yet taken by next_notify()
        self.retrans = []       # retransmitted NOTIFYs
        self.held = []          # NOTIFYs left unanswered (answer None)
        self.responses = []     # responses not yet taken
        self._answered = {}     # Message.key() -> the answer sent (bytes)
        self._seen = set()
        self._closed = False
        self._thread = threading.Thread(target=self._run, name="watcher-" + name, daemon=True)
        self._thread.start()

    def close(self):
        self._closed = True
        self._thread.join(2)
        self.sock.close()

    def contact(self):
        return "<sip:%s@127.0.0.1:%d>" % (self.name, self.lport)

    # ---- receiving ----------------------------------------------------------

    def _run(self):
        self.sock.settimeout(0.05)
        while not self._closed:
            try:
                data, src = self.sock.recvfrom(65536)
            except socket.timeout:
                continue
            except OSError:
                return
            m = Message(data)
            with self.cond:
                self.log.append(m)
                if not m.is_request:
                    self.responses.append(m)
                elif m.method == "NOTIFY":
                    self._on_notify(m, src)
                self.cond.notify_all()

    def _on_notify(self, m, src):
        k = m.key()
        m.src = src
        if k in self._seen:
            self.retrans.append(m)
            if k in self._answered:
                self.sock.sendto(self._answered[k], src)
            return
        self._seen.add(k)
        self.notifies.append(m)
        self.pending.append(m)
        if self.script:
            status, extra = self.script.pop(0)
        else:
            status, extra = self.answer, self.answer_extra
        if status is None:
            self.held.append(m)
        else:
            self._send_answer(m, status, extra)

    def _send_answer(self, m, status, extra=""):
        lines = ["SIP/2.0 %d %s" % (status, REASONS.get(status, "Failed"))]
        for n in ("Via", "From", "To", "Call-ID", "CSeq"):
            for v in m.all(n):
                lines.append("%s: %s" % (n, v))
        lines += [line for line in extra.split("\r\n") if line]
        lines += ["Content-Length: 0", "", ""]
        data = "\r\n".join(lines).encode()
        self._answered[m.key()] = data
        self.sock.sendto(data, m.src)

    def respond(self, m, status=200, extra=""):
        """Answer a held NOTIFY by hand (its retransmissions get the same)."""
        with self.cond:
            if m in self.held:
                self.held.remove(m)
            self._send_answer(m, status, extra)

    def wait(self, cond, timeout, what):
        """Until cond() (called under the lock) is true; AssertionError after timeout."""
        deadline = time.time() + timeout
        with self.cond:
            while True:
                v = cond()
                if v:
                    return v
                left = deadline - time.time()
                if left <= 0:
                    raise AssertionError("%s: %s within %.1f s" % (self.name, what, timeout))
                self.cond.wait(left)

    # ---- sending ------------------------------------------------------------

    def send_request(self, lines, match, wait=5.0):
        """Send the request (its lines, without Content-Length) and return
        the final response whose CSeq is `match`."""
        lines = list(lines) + ["Content-Length: 0", "", ""]
        self.sock.sendto("\r\n".join(lines).encode(), ("127.0.0.1", self.port))

        def final():
            for r in self.responses:
                if r.get("CSeq") == match and r.status >= 200:
                    self.responses.remove(r)
                    return r
            return None
        return self.wait(final, wait, "no final answer to " + match)

    def subscribe(self, impu, expires=600000, event="reg", accept="application/reginfo+xml",
                  extra="", in_dialog=False, pai=True, to_tag=None, wait=5.0):
        """Send a SUBSCRIBE; returns the final response (a Message)."""
        self.impu = impu
        self.cseq += 1
        to = "<%s>" % impu
        if to_tag is not None:
            to += ";tag=%s" % to_tag
        elif in_dialog and self.remote_tag:
            to += ";tag=%s" % self.remote_tag
        branch = "z9hG4bK%08x" % random.getrandbits(32)
        lines = ["SUBSCRIBE %s SIP/2.0" % impu,
                 "Via: SIP/2.0/UDP 127.0.0.1:%d;rport;branch=%s" % (self.lport, branch),
                 "Max-Forwards: 70",
                 "From: <%s>;tag=%s" % (self.pai if pai and self.pai else impu, self.tag),
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
        lines += [line for line in extra.split("\r\n") if line]
        r = self.send_request(lines, "%d SUBSCRIBE" % self.cseq, wait)
        if r.status < 300 and not in_dialog and to_tag is None:
            self.remote_tag = tag_of(r.get("To"))
        return r

    # ---- reading NOTIFYs ------------------------------------------------------

    def next_notify(self, timeout=5.0):
        """The next new NOTIFY (already received or arriving within timeout)."""
        def first():
            return self.pending.pop(0) if self.pending else None
        return self.wait(first, timeout, "no NOTIFY")

    def quiet(self, seconds):
        """Receive for a while; the new NOTIFYs that came (and were answered)."""
        deadline = time.time() + seconds
        with self.cond:
            while True:
                left = deadline - time.time()
                if left <= 0:
                    break
                self.cond.wait(left)
            got, self.pending = self.pending, []
        return got

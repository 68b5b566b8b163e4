"""imslab.py - what the IMS integration tests share: the HSS simulator
process (Hss), a SIP Digest UE on a UDP socket (UA), the freeDiameter
configuration both ends use, sipp runs, and a small lab (hss-sim and
scscfd on free loopback ports, with certificates) that tests start and
always stop."""
import hashlib
import os
import random
import re
import signal
import socket
import subprocess
import time

import siptest
from siptest import free_port

DOMAIN = "open-ims.test"
SCENARIOS = os.path.join(os.path.dirname(os.path.abspath(__file__)), "scenarios")

FD_CONF = """Identity = "%(id)s";
Realm = "open-ims.test";
Port = %(port)d;
SecPort = 0;
No_SCTP;
No_IPv6;
TwTimer = 6;
TcTimer = 1;
TLS_Cred = "%(dir)s/%(id)s.cert.pem", "%(dir)s/%(id)s.key.pem";
TLS_CA = "%(dir)s/%(id)s.cert.pem";
ConnectPeer = "%(peer)s" { ConnectTo = "127.0.0.1"; Port = %(peer_port)d; No_TLS; };
"""


class Hss:
    def __init__(self, hss_sim, work, port, scscf_port, subscribers):
        self.hss_sim = hss_sim
        self.work, self.port, self.scscf_port = work, port, scscf_port
        self.sock = os.path.join(work, "hss.sock")
        self.conf = os.path.join(work, "hss.conf")
        self.subs = os.path.join(work, "subscribers.xml")
        with open(self.conf, "w") as f:
            f.write(FD_CONF % dict(id="hss.open-ims.test", port=port, dir=work,
                                   peer="scscf.open-ims.test", peer_port=scscf_port))
        with open(self.subs, "w") as f:
            f.write(subscribers)
        self.proc = None
        self.start()

    def start(self):
        self.log = open(os.path.join(self.work, "hss.log"), "a")
        self.proc = siptest.spawn([self.hss_sim, "-c", self.conf, "-u", self.subs, "-l",
                                   "127.0.0.1", "-s", self.sock, "-L", "info"],
                                  stdin=subprocess.DEVNULL, stdout=self.log,
                                  stderr=subprocess.STDOUT)

    def stop(self):
        if self.proc is not None and self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        self.proc = None
        self.log.close()

    def ctl(self, *args):
        p = subprocess.run([self.hss_sim, "--ctl", self.sock] + list(args), stdin=subprocess.DEVNULL,
                           stdout=subprocess.PIPE, stderr=subprocess.STDOUT, timeout=30)
        return p.returncode, p.stdout.decode(errors="replace")

    def history(self):
        return self.ctl("history", "50")[1]

    def clear(self):
        self.ctl("history", "clear")

    def state(self, impu):
        out = self.ctl("list")[1]
        m = re.search(r"impu=%s state=(\S+)" % re.escape(impu), out)
        return m.group(1) if m else None


def md5(s):
    return hashlib.md5(s.encode()).hexdigest()


class UA:
    """A SIP Digest UE on one UDP socket (rport, so answers come back here)."""

    def __init__(self, port, user, password, impi=None, instance=None, domain=DOMAIN):
        self.port, self.user, self.password = port, user, password
        self.domain = domain
        self.impi = impi or "%s@%s" % (user, domain)
        self.sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        self.sock.bind(("127.0.0.1", 0))
        self.lport = self.sock.getsockname()[1]
        self.callid = "%08x@127.0.0.1" % random.getrandbits(32)
        self.tag = "%08x" % random.getrandbits(32)
        self.cseq = 0
        self.nonce, self.realm, self.nc = None, None, 0
        self.instance = instance

    def close(self):
        self.sock.close()

    def contact(self, params=""):
        c = "<sip:%s@127.0.0.1:%d>" % (self.user, self.lport)
        if self.instance:
            c += ';+sip.instance="<urn:uuid:%s>";reg-id=1' % self.instance
        return c + params

    def send(self, contact=None, expires=None, auth=None, extra="", wait=3.0):
        self.cseq += 1
        lines = ["REGISTER sip:%s SIP/2.0" % self.domain,
                 "Via: SIP/2.0/UDP 127.0.0.1:%d;rport;branch=z9hG4bK%08x" % (
                     self.lport, random.getrandbits(32)),
                 "Max-Forwards: 70",
                 "From: <sip:%s@%s>;tag=%s" % (self.user, self.domain, self.tag),
                 "To: <sip:%s@%s>" % (self.user, self.domain),
                 "Call-ID: %s" % self.callid,
                 "CSeq: %d REGISTER" % self.cseq]
        if contact is not None:
            lines.append("Contact: %s" % contact)
        if expires is not None:
            lines.append("Expires: %d" % expires)
        if auth:
            lines.append("Authorization: %s" % auth)
        lines += [l for l in extra.split("\r\n") if l]
        lines += ["Content-Length: 0", "", ""]
        self.sock.settimeout(wait)
        self.sock.sendto("\r\n".join(lines).encode(), ("127.0.0.1", self.port))
        while True:
            data, _ = self.sock.recvfrom(65536)
            (st, head, _), = siptest.parse_responses(data)
            if st >= 200:
                return st, head

    def authorization(self):
        self.nc += 1
        cnonce = "%08x" % random.getrandbits(32)
        uri = "sip:%s" % self.domain
        ha1 = md5("%s:%s:%s" % (self.impi, self.realm, self.password))
        resp = md5("%s:%s:%08x:%s:auth:%s" % (ha1, self.nonce, self.nc, cnonce,
                                             md5("REGISTER:%s" % uri)))
        return ('Digest username="%s", realm="%s", nonce="%s", uri="%s", response="%s", '
                'algorithm=MD5, qop=auth, nc=%08x, cnonce="%s"' % (
                    self.impi, self.realm, self.nonce, uri, resp, self.nc, cnonce))

    def take_challenge(self, head):
        m = re.search(r'(?m)^WWW-Authenticate: Digest realm="([^"]*)", nonce="([^"]*)"', head)
        assert m, head
        self.realm, self.nonce, self.nc = m.group(1), m.group(2), 0

    def register(self, params="", expires=600, extra="", first_auth=None):
        """Challenge, then answer it; returns the final (status, head)."""
        st, head = self.send(self.contact(params), expires, first_auth, extra)
        if st != 401:
            return st, head
        self.take_challenge(head)
        return self.send(self.contact(params), expires, self.authorization(), extra)

    def again(self, contact, expires, extra=""):
        """A REGISTER reusing the nonce (next nc)."""
        return self.send(contact, expires, self.authorization(), extra)


def contacts(head):
    return re.findall(r"(?m)^Contact: (.*?)\r?$", head)


def sipp(scenario, port, workdir, keys, extra=(), subst=None, scenarios=SCENARIOS):
    local = free_port()
    path = os.path.join(scenarios, scenario)
    if subst:
        with open(path) as f:
            text = f.read()
        for k, v in subst.items():
            text = text.replace(k, v)
        path = os.path.join(workdir, scenario)
        with open(path, "w") as f:
            f.write(text)
    cmd = ["sipp", "-sf", path, "-m", "1", "-t", "u1",
           "-i", "127.0.0.1", "-p", str(local), "-timeout", "15", "-timeout_error",
           "-trace_err", "-nostdin"]
    for k, v in keys.items():
        cmd += ["-key", k, v]
    cmd += list(extra) + ["127.0.0.1:%d" % port]
    p = subprocess.run(cmd, cwd=workdir, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                       stderr=subprocess.STDOUT, timeout=60)
    if p.returncode != 0:
        errs = ""
        for f in os.listdir(workdir):
            if f.endswith("_errors.log"):
                with open(os.path.join(workdir, f), errors="replace") as fh:
                    errs += fh.read()[-1500:]
        raise AssertionError("sipp %s exited %d: %s %s" % (
            scenario, p.returncode, p.stdout.decode(errors="replace")[-600:], errs))


def wait_for(cond, what, timeout=10.0):
    deadline = time.time() + timeout
    while time.time() < deadline:
        if cond():
            return
        time.sleep(0.1)
    raise AssertionError("timed out waiting for " + what)


class Lab:
    """hss-sim and scscfd on free loopback ports, Cx between them up."""

    def __init__(self, scscfd, hss_sim, srcdir, work, subscribers, sections=(), port6=0,
                 t1=500):
        subprocess.run(["sh", os.path.join(srcdir, "scripts", "diameter-certs.sh"), work,
                        "hss.open-ims.test", "scscf.open-ims.test"], check=True,
                       stdout=subprocess.DEVNULL)
        self.work = work
        self.port = free_port()
        hss_port, scscf_port = free_port(), free_port()
        self.hss = Hss(hss_sim, work, hss_port, scscf_port, subscribers)
        fdconf = os.path.join(work, "scscf.conf")
        with open(fdconf, "w") as f:
            f.write(FD_CONF % dict(id="scscf.open-ims.test", port=scscf_port, dir=work,
                                   peer="hss.open-ims.test", peer_port=hss_port))
        try:
            self.d = siptest.Daemon(scscfd, work, self.port, port6, t1=t1, sections=[
                "[diameter]", "config = %s" % fdconf, "listen = 127.0.0.1",
                "realm = open-ims.test",
                "server_name = sip:scscf.open-ims.test:%d" % self.port,
                "timeout = 2000"] + list(sections))
        except Exception:
            self.hss.stop()
            raise

    def wait_cx(self, user, password, timeout=120):
        """Until a REGISTER of user gets its 401 (the Cx connection is up)."""
        def reachable():
            ua = UA(self.port, user, password)
            try:
                return ua.send(ua.contact(), 600)[0] == 401
            except socket.timeout:
                return False
            finally:
                ua.close()
        wait_for(reachable, "the Cx connection", timeout)

    def stop(self):
        """Stop both; scscfd's exit status."""
        try:
            return self.d.stop()
        finally:
            self.hss.stop()

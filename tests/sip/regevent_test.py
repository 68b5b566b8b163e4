#!/usr/bin/env python3
"""regevent_test.py - integration tests of scscfd's reg-event notifier
(issue 6).

Starts three labs (hss-sim and scscfd on free loopback ports, each with its
own configuration):

  oracle   the default profile; NOTIFYs retransmitted with T1 = 50 ms (so
           Timer F is 3.2 s); regevent min_expires 60, max_expires 700000
  rfc3680  [regevent] profile = rfc3680, window = 0
  ms       window = 500 (coalescing), one binding per user with eviction of
           the oldest (Microsoft policy eviction), the control socket for
           scscfctl, T1 = 100 ms

registers users with SIP Digest UEs (each UE's socket is also a watcher: it
answers the NOTIFYs that reach it), subscribes to their reg event as a UE,
a P-CSCF (named in the Path of the REGISTER), an AS (named in the user's
iFCs) and with sipp, and checks what each of them sees: every SUBSCRIBE
answer, every NOTIFY's headers and body (validated with xmllint against
tests/xsd/reginfo.xsd, then read field by field), versions and ids, the
contact events of every kind of change under both profiles, wildcarded
identities, the order of the de-REGISTER's 200 and the NOTIFY, what the
notifier does with failed NOTIFYs, coalescing, and the Microsoft
registration-notify flows.

usage: regevent_test.py SCSCFD HSS_SIM SRCDIR
environment: SCSCFD_WRAPPER  command prefix for scscfd, e.g. valgrind
Prints one line per test (PASS, or FAIL, also when a tool it needs is
missing: nothing is skipped) and a closing "N passed, N failed".
"""
import os
import random
import re
import shutil
import subprocess
import sys
import tempfile
import threading
import time
import xml.etree.ElementTree as ET

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import imslab  # noqa: E402
from imslab import wait_for  # noqa: E402
from siptest import check, results  # noqa: E402
from watcher import Message, Watcher, tag_of  # noqa: E402

SCSCFD, HSS_SIM, SRCDIR = sys.argv[1:4]
SCSCFCTL = os.path.join(os.path.dirname(os.path.abspath(SCSCFD)), "scscfctl")
XSD = os.path.join(SRCDIR, "tests", "xsd", "reginfo.xsd")
NS = {"r": "urn:ietf:params:xml:ns:reginfo", "gr": "urn:ietf:params:xml:ns:gruuinfo",
      "ere": "urn:3gpp:ns:extRegExp:1.0"}
DOMAIN = "open-ims.test"
AS_HOST = "as.open-ims.test"
PCSCF_PATH = "Path: <sip:term@pcscf.open-ims.test:4060;lr>"
PCSCF_PAI = "sip:pcscf.open-ims.test:4060"
MS_BODIES = ("deregistered;event=unregistered", "deregistered;event=rejected",
             "deregistered;event=deactivated", "deregistered;event=userservices-unavailable",
             "deregistered;event=preferred-registrar-change",
             "registered;event=userservices-unavailable")

# The sanitizer build's LeakSanitizer must not count freeDiameter's own leak
# (make check sets this; a run by hand gets the same).
os.environ.setdefault("LSAN_OPTIONS", "suppressions=%s" % os.path.join(SRCDIR, "tests",
                                                                       "lsan.supp"))

# ---- subscribers ------------------------------------------------------------

IFC = """<InitialFilterCriteria><Priority>0</Priority>
    <TriggerPoint><ConditionTypeCNF>0</ConditionTypeCNF>
     <SPT><ConditionNegated>0</ConditionNegated><Group>0</Group><Method>REGISTER</Method></SPT>
    </TriggerPoint>
    <ApplicationServer><ServerName>sip:%s:5070</ServerName><DefaultHandling>0</DefaultHandling>
    </ApplicationServer>
   </InitialFilterCriteria>""" % AS_HOST

WILDCARD = """<PublicIdentity><Identity>sip:carol!.*!@open-ims.test</Identity>
    <Extension><IdentityType>4</IdentityType>
     <Extension><Extension>
      <WildcardedIMPU>sip:carol!.*!@open-ims.test</WildcardedIMPU>
     </Extension></Extension></Extension>
   </PublicIdentity>"""


# FHoSS sends a wildcarded PSI as a glob, in Identity and WildcardedPSI
GLOB_PSI = """<PublicIdentity><Identity>sip:psi-*.v*@open-ims.test</Identity>
    <Extension><IdentityType>2</IdentityType>
     <WildcardedPSI>sip:psi-*.v*@open-ims.test</WildcardedPSI></Extension>
   </PublicIdentity>"""


def identity(uri, barred=False):
    return "<PublicIdentity>%s<Identity>%s</Identity></PublicIdentity>" % (
        "<BarringIndication>1</BarringIndication>" if barred else "", uri)


def profile(user, ids, ifc=False, extra=""):
    """The IMSSubscription document of user: ids is [(uri, barred)]."""
    return ("<IMSSubscription><PrivateID>%s@%s</PrivateID><ServiceProfile>\n   %s%s%s\n"
            "  </ServiceProfile></IMSSubscription>" % (
                user, DOMAIN, "\n   ".join(identity(u, b) for u, b in ids), extra,
                IFC if ifc else ""))


def full_ids(user, tel, work=False, tel_barred=False):
    """A user with an IMPU, a barred one and a tel URI (alice's shape)."""
    ids = [("sip:%s@%s" % (user, DOMAIN), False), ("sip:%s-barred@%s" % (user, DOMAIN), True),
           (tel, tel_barred)]
    if work:
        ids.append(("sip:%s-work@%s" % (user, DOMAIN), False))
    return ids


def subscriber(user, ids=None, ifc=False, extra=""):
    ids = ids or [("sip:%s@%s" % (user, DOMAIN), False)]
    return ('<subscriber impi="%s@%s" schemes="SIP-Digest">\n'
            '  <digest password="%s" realm="%s"/>\n  %s\n </subscriber>' % (
                user, DOMAIN, user, DOMAIN, profile(user, ids, ifc, extra)))


def subscribers(*entries):
    return ('<?xml version="1.0" encoding="UTF-8"?>\n<subscribers>\n %s\n</subscribers>\n' %
            "\n ".join(entries))


TELS = {"alice": "tel:+15551234", "dan": "tel:+15551235"}

SUBSCRIBERS_ORACLE = subscribers(
    subscriber("alice", full_ids("alice", TELS["alice"]), ifc=True),
    subscriber("bob"),
    subscriber("carol", extra=WILDCARD),
    subscriber("dan", full_ids("dan", TELS["dan"])),
    subscriber("ann", ifc=True),
    subscriber("eve"),
    subscriber("ord"),
    subscriber("sam", ifc=True),
    subscriber("pat", extra=GLOB_PSI),
    subscriber("gia", [("sip:gia@%s" % DOMAIN, False), ("sip:gia-work@%s" % DOMAIN, False),
                       ("tel:+15551236", False)]))

SUBSCRIBERS_RFC = subscribers(
    subscriber("alice", full_ids("alice", TELS["alice"]), ifc=True),
    subscriber("bob"),
    subscriber("ord"),
    subscriber("exp"))

SUBSCRIBERS_MS = subscribers(subscriber("bob"), subscriber("bea"), subscriber("mia"))


# ---- helpers ----------------------------------------------------------------

def assert_eq(a, b, what=""):
    assert a == b, "%s%r != %r" % (what + ": " if what else "", a, b)


def missing_tool(path):
    raise AssertionError("%s not found or not executable: the check cannot run" % path)


def validate(body, work):
    """xmllint against the reginfo schema; the parsed root."""
    path = os.path.join(work, "body.xml")
    with open(path, "wb") as f:
        f.write(body)
    p = subprocess.run(["xmllint", "--noout", "--schema", XSD, path], stdout=subprocess.PIPE,
                       stderr=subprocess.STDOUT)
    assert p.returncode == 0, "schema: %s\n%s" % (p.stdout.decode(errors="replace"),
                                                  body.decode(errors="replace"))
    return ET.fromstring(body)


def regs(root):
    """{aor: {state, id, wildcard, contacts: [attributes + uri, display-name]}}"""
    out = {}
    for r in root.findall("r:registration", NS):
        cs = []
        for c in r.findall("r:contact", NS):
            d = dict(c.attrib)
            d["uri"] = c.find("r:uri", NS).text
            dn = c.find("r:display-name", NS)
            d["display-name"] = dn.text if dn is not None else None
            cs.append(d)
        w = r.find("ere:wildcardedIdentity", NS)
        assert r.get("aor") not in out, "two <registration> for %s" % r.get("aor")
        out[r.get("aor")] = {"state": r.get("state"), "id": r.get("id"), "contacts": cs,
                             "wildcard": w.text if w is not None else None, "elem": r}
    return out


def contact(reg, uri):
    """The contact of reg (a regs() value) with that URI; AssertionError if none."""
    found = [c for c in reg["contacts"] if c["uri"] == uri]
    assert len(found) == 1, "contact %s: %r" % (uri, reg["contacts"])
    return found[0]


def events(reg):
    return sorted((c["uri"], c["state"], c["event"]) for c in reg["contacts"])


class UE(Watcher):
    """A SIP Digest UE on one UDP socket (rport), which is also its watcher:
    NOTIFYs that reach the UE (its own reg-event subscription, Microsoft
    registration-notify) are answered and logged in arrival order with
    the answers to its REGISTERs."""

    authorization = imslab.UA.authorization

    def __init__(self, port, user, instance=True, display=None, reg_extra="", name=None):
        Watcher.__init__(self, port, "sip:%s@%s" % (user, DOMAIN), name or user)
        self.user = self.password = user
        self.domain = DOMAIN
        self.impi = "%s@%s" % (user, DOMAIN)
        self.impu = "sip:%s@%s" % (user, DOMAIN)
        self.reg_callid = "%08x-reg@127.0.0.1" % random.getrandbits(32)
        self.reg_tag = "%08x" % random.getrandbits(32)
        self.reg_cseq = 0
        self.realm = self.nonce = None
        self.nc = 0
        self.instance = ("00000000-0000-1000-8000-%012x" % random.getrandbits(48)
                         if instance else None)
        self.display = display
        self.reg_extra = reg_extra  # header lines on every REGISTER

    def uri(self):
        return "sip:%s@127.0.0.1:%d" % (self.user, self.lport)

    def contact(self):
        c = "<%s>" % self.uri()
        if self.display:
            c = '"%s" %s' % (self.display, c)
        if self.instance:
            c += ';+sip.instance="<urn:uuid:%s>";reg-id=1' % self.instance
        return c

    def send_register(self, contact, expires, auth=None, extra=""):
        self.reg_cseq += 1
        lines = ["REGISTER sip:%s SIP/2.0" % DOMAIN,
                 "Via: SIP/2.0/UDP 127.0.0.1:%d;rport;branch=z9hG4bK%08x" % (
                     self.lport, random.getrandbits(32)),
                 "Max-Forwards: 70",
                 "From: <%s>;tag=%s" % (self.impu, self.reg_tag),
                 "To: <%s>" % self.impu,
                 "Call-ID: %s" % self.reg_callid,
                 "CSeq: %d REGISTER" % self.reg_cseq]
        if contact is not None:
            lines.append("Contact: %s" % contact)
        if expires is not None:
            lines.append("Expires: %d" % expires)
        if auth:
            lines.append("Authorization: %s" % auth)
        for e in (self.reg_extra, extra):
            lines += [line for line in e.split("\r\n") if line]
        return self.send_request(lines, "%d REGISTER" % self.reg_cseq)

    def burst(self, n, expires=600):
        """n re-REGISTERs sent back to back (credentials with the next nc
        each), then their answers: (statuses, seconds from the first send
        to the last answer)."""
        first, t0 = self.reg_cseq + 1, time.time()
        for _ in range(n):
            self.reg_cseq += 1
            lines = ["REGISTER sip:%s SIP/2.0" % DOMAIN,
                     "Via: SIP/2.0/UDP 127.0.0.1:%d;rport;branch=z9hG4bK%08x" % (
                         self.lport, random.getrandbits(32)),
                     "Max-Forwards: 70",
                     "From: <%s>;tag=%s" % (self.impu, self.reg_tag),
                     "To: <%s>" % self.impu,
                     "Call-ID: %s" % self.reg_callid,
                     "CSeq: %d REGISTER" % self.reg_cseq,
                     "Contact: %s" % self.contact(),
                     "Expires: %d" % expires,
                     "Authorization: %s" % self.authorization(),
                     "Content-Length: 0", "", ""]
            self.sock.sendto("\r\n".join(lines).encode(), ("127.0.0.1", self.port))
        want = {"%d REGISTER" % c for c in range(first, self.reg_cseq + 1)}

        def answers():
            got = [r for r in self.responses if r.get("CSeq") in want and r.status >= 200]
            if len(got) < n:
                return None
            for r in got:
                self.responses.remove(r)
            return got
        got = self.wait(answers, 10, "answers to the burst")
        return [r.status for r in got], max(r.at for r in got) - t0

    def take_challenge(self, r):
        m = re.search(r'Digest realm="([^"]*)", nonce="([^"]*)"', r.get("WWW-Authenticate") or "")
        assert m, r.text()
        self.realm, self.nonce, self.nc = m.group(1), m.group(2), 0

    def register(self, expires=600, extra=""):
        """A REGISTER, answering the challenge when there is one: the final answer."""
        if self.nonce is not None:
            r = self.send_register(self.contact(), expires, self.authorization(), extra)
        else:
            r = self.send_register(self.contact(), expires, None, extra)
        if r.status != 401:
            return r
        self.take_challenge(r)
        return self.send_register(self.contact(), expires, self.authorization(), extra)

    def registered(self, expires=600, extra=""):
        r = self.register(expires, extra)
        assert r.status == 200, r.text()
        return r

    def ms_notifies(self):
        return [m for m in self.notifies if m.get("Event") == "registration-notify"]


class Env:
    def __init__(self, name, lab, work, t1):
        self.name, self.lab, self.work, self.port, self.t1 = name, lab, work, lab.port, t1
        self.hss = lab.hss
        self.closing = []

    def watcher(self, pai, name, host="127.0.0.1"):
        w = Watcher(self.port, pai, name, host)
        self.closing.append(w)
        return w

    def ue(self, user, **kw):
        u = UE(self.port, user, **kw)
        self.closing.append(u)
        return u

    def close_all(self):
        for w in self.closing:
            w.close()
        self.closing = []

    def log(self):
        return self.lab.d.text()

    def notify(self, w, timeout=5.0, event="reg"):
        """The next NOTIFY of w: headers checked, body validated; (msg, root)."""
        m = w.next_notify(timeout)
        assert_eq(m.get("Event"), event, "Event")
        assert_eq(m.get("Content-Type"), "application/reginfo+xml", "Content-Type")
        assert m.get("Subscription-State"), m.text()
        assert m.get("Max-Forwards") == "70", m.text()
        assert m.get("Contact"), m.text()
        assert_eq(m.get("Call-ID"), w.call_id, "Call-ID")
        assert_eq(tag_of(m.get("To")), w.tag, "To tag")
        if w.remote_tag:
            assert_eq(tag_of(m.get("From")), w.remote_tag, "From tag")
        self.seq = getattr(self, "seq", 0) + 1
        with open(os.path.join(self.work, "notify-%04d-%s.txt" % (self.seq, w.name)), "wb") as f:
            f.write(m.raw)  # kept with the logs when a check fails
        root = validate(m.body, self.work)
        assert_eq(root.get("state"), "full", "reginfo state")
        return m, root

    def rtr(self, user, reason):
        rc, out = self.hss.ctl("rtr", "impi", "%s@%s" % (user, DOMAIN), "reason", str(reason))
        assert rc == 0 and "Result-Code 2001" in out, out

    def ppr(self, user, doc):
        path = os.path.join(self.work, "ppr-%s-%d.xml" % (user, random.getrandbits(20)))
        with open(path, "w") as f:
            f.write('<?xml version="1.0" encoding="UTF-8"?>\n' + doc + "\n")
        rc, out = self.hss.ctl("ppr", "%s@%s" % (user, DOMAIN), "file", path)
        assert rc == 0 and "2001" in out, out

    def no_notify(self, w, control=None, grace=0.3):
        """w gets no new NOTIFY: after control's NOTIFY for the same change
        (when given) and a grace period."""
        if control is not None:
            self.notify(control)
        got = w.quiet(grace)
        assert not got, "unexpected NOTIFY: %s" % got[0].text()


def substate(m):
    return m.get("Subscription-State")


def active_state(m, expires):
    """Subscription-State active;expires=N with N within a second of expires."""
    ss = substate(m)
    mm = re.match(r"active;expires=(\d+)$", ss or "")
    assert mm and expires - 2 <= int(mm.group(1)) <= expires, ss


# ---- 1. every SUBSCRIBE answer ------------------------------------------------

def answers(env):
    alice = env.ue("alice", reg_extra=PCSCF_PATH)
    check("[oracle] alice registers (Digest, through a P-CSCF Path)", lambda: alice.registered())
    impu = "sip:alice@open-ims.test"

    def other_package():
        w = env.watcher(impu, "presence")
        r = w.subscribe(impu, event="presence")
        assert_eq(r.status, 489)
        assert_eq(r.get("Allow-Events"), "reg", "Allow-Events")
    check("1. SUBSCRIBE for another package: 489 with Allow-Events: reg", other_package)

    def no_event():
        w = env.watcher(impu, "noevent")
        r = w.subscribe(impu, event=None)
        assert_eq(r.status, 489)
        assert_eq(r.get("Allow-Events"), "reg", "Allow-Events")
    check("1. SUBSCRIBE without Event: 489 with Allow-Events: reg", no_event)

    def not_acceptable():
        w = env.watcher(impu, "textplain")
        r = w.subscribe(impu, accept="text/plain")
        assert_eq(r.status, 406)
        assert not w.quiet(0.1), "a NOTIFY after 406"
    check("1. Accept: text/plain only: 406", not_acceptable)

    def not_registered():
        w = env.watcher("sip:bob@open-ims.test", "bobw")
        assert_eq(w.subscribe("sip:bob@open-ims.test").status, 480)
    check("1. SUBSCRIBE to a user who is not registered: 480", not_registered)

    def barred():
        w = env.watcher(impu, "barredw")
        assert_eq(w.subscribe("sip:alice-barred@open-ims.test").status, 480)
    check("1. SUBSCRIBE to a barred IMPU (sip:alice-barred@open-ims.test): 480", barred)

    def stranger():
        w = env.watcher("sip:mallory@evil.example", "mallory")
        assert_eq(w.subscribe(impu).status, 403)
    check("1. P-Asserted-Identity of a stranger: 403", stranger)

    def no_pai():
        w = env.watcher(None, "nopai")
        assert_eq(w.subscribe(impu, pai=False).status, 403)
    check("1. no P-Asserted-Identity: 403", no_pai)

    def too_brief():
        w = env.watcher(impu, "brief")
        r = w.subscribe(impu, expires=30)
        assert_eq(r.status, 423)
        assert_eq(r.get("Min-Expires"), "60", "Min-Expires")
        assert not w.quiet(0.1), "a NOTIFY after 423"
    check("1. Expires 30 with [regevent] min_expires = 60: 423 with Min-Expires: 60",
          too_brief)

    def default_expires():
        w = env.watcher(impu, "default")
        r = w.subscribe(impu, expires=None)
        assert_eq(r.status, 200)
        assert_eq(r.get("Expires"), "3761", "Expires")
        assert r.get("Contact"), r.text()
        m, root = env.notify(w)
        active_state(m, 3761)
    check("1. no Expires: 200 with Expires: 3761 (default_expires), NOTIFY active;expires=3761",
          default_expires)

    def clamped():
        w = env.watcher(impu, "clamped")
        r = w.subscribe(impu, expires=900000)
        assert_eq(r.status, 200)
        assert_eq(r.get("Expires"), "700000", "Expires")
        m, root = env.notify(w)
        active_state(m, 700000)
    check("1. Expires 900000 with max_expires = 700000: clamped to 700000", clamped)

    ctl = env.watcher(impu, "control")

    def control():
        assert_eq(ctl.subscribe(impu).status, 200)
        env.notify(ctl)
    check("1. a control watcher subscribes", control)

    idw = env.watcher(impu, "id7")

    def event_id():
        r = idw.subscribe(impu, event="reg;id=7")
        assert_eq(r.status, 200)
        assert r.get("Event") is None, "Event in a response: %s" % r.get("Event")
        m, root = env.notify(idw, event="reg;id=7")
        assert_eq(root.get("version"), "0")
        assert_eq(alice.register().status, 200)  # a refresh
        m, root = env.notify(idw, event="reg;id=7")
        assert_eq(root.get("version"), "1")
        env.notify(ctl)
        r = idw.subscribe(impu, event="reg;id=7", expires=0, in_dialog=True)
        assert_eq(r.status, 200)
        m, root = env.notify(idw, event="reg;id=7")
        assert_eq(substate(m), "terminated;reason=timeout")
    check("1. Event: reg;id=7 is echoed in every NOTIFY of that subscription (first, change, "
          "final)", event_id)

    def unknown_dialog():
        w = env.watcher(impu, "stray")
        assert_eq(w.subscribe(impu, to_tag="not-ours-1234").status, 481)
        assert not w.quiet(0.1), "a NOTIFY after 481"
    check("1. SUBSCRIBE in an unknown dialog (a To tag that is not ours): 481", unknown_dialog)

    def record_route():
        proxy = env.watcher(None, "proxy")
        w = env.watcher(impu, "behind-proxy")
        rr = "<sip:127.0.0.1:%d;lr>" % proxy.lport
        r = w.subscribe(impu, extra="Record-Route: %s" % rr)
        assert_eq(r.status, 200)
        assert_eq(r.all("Record-Route"), [rr], "Record-Route in the 200")
        m = proxy.next_notify()
        assert_eq(m.start, "NOTIFY %s SIP/2.0" % w.contact()[1:-1], "Request-URI")
        assert_eq(m.all("Route"), [rr], "Route")
        assert_eq(m.get("Call-ID"), w.call_id)
        validate(m.body, env.work)
        assert not w.quiet(0.1), "the NOTIFY went around the proxy"
        assert_eq(w.subscribe(impu, expires=0, in_dialog=True).status, 200)
        assert_eq(substate(proxy.next_notify()), "terminated;reason=timeout")
    check("1. a SUBSCRIBE with Record-Route: the 200 echoes it, NOTIFYs carry the Route and go "
          "to it", record_route)

    rw = env.watcher(impu, "refresher")

    def refresh_in_dialog():
        assert_eq(rw.subscribe(impu, expires=3600).status, 200)
        m, root = env.notify(rw)
        assert_eq(root.get("version"), "0")
        r = rw.subscribe(impu, expires=7200, in_dialog=True)
        assert_eq(r.status, 200)
        assert_eq(r.get("Expires"), "7200", "Expires")
        m, root = env.notify(rw)
        assert_eq(root.get("version"), "1")
        active_state(m, 7200)
        rg = regs(root)
        assert_eq(rg[impu]["state"], "active")
        assert_eq([c["uri"] for c in rg[impu]["contacts"]], [alice.uri()])
    check("1. refresh in the dialog: 200 and a full-state NOTIFY with the next version",
          refresh_in_dialog)

    def unsubscribe():
        r = rw.subscribe(impu, expires=0, in_dialog=True)
        assert_eq(r.status, 200)
        m, root = env.notify(rw)
        assert_eq(substate(m), "terminated;reason=timeout")
        assert_eq(root.get("version"), "2")
        rg = regs(root)
        assert_eq(sorted(rg), [impu, TELS["alice"]])
        assert_eq(rg[impu]["state"], "active")
        assert_eq(events(rg[impu])[0][:2], (alice.uri(), "active"))
        assert_eq(alice.register().status, 200)
        env.no_notify(rw, control=ctl)
        assert_eq(rw.subscribe(impu, expires=600, in_dialog=True).status, 481)
    check("1. Expires: 0 in the dialog: 200, NOTIFY terminated;reason=timeout with full state, "
          "nothing more on the dialog (a refresh of it: 481)", unsubscribe)

    def fetch():
        w = env.watcher(impu, "fetch")
        r = w.subscribe(impu, expires=0)
        assert_eq(r.status, 200)
        assert_eq(r.get("Expires"), "0", "Expires")
        m, root = env.notify(w)
        assert_eq(substate(m), "terminated;reason=timeout")
        assert_eq(root.get("version"), "0")
        assert_eq(regs(root)[impu]["state"], "active")
        assert_eq(alice.register().status, 200)
        env.no_notify(w, control=ctl)
        assert_eq(len(w.notifies), 1, "NOTIFYs of the fetch")
    check("1. initial fetch (Expires: 0): 200 and one NOTIFY terminated;reason=timeout with "
          "full state", fetch)
    return alice, ctl


# ---- 2. versions and ids ------------------------------------------------------

def versions(env, alice, ctl):
    impu = "sip:alice@open-ims.test"
    w1 = env.watcher(impu, "v1")
    w2 = env.watcher(impu, "v2")
    seen = {"w1": [], "w2": []}

    def record(key, root):
        seen[key].append(regs(root))
        return root.get("version")

    def two_watchers():
        assert_eq(w1.subscribe(impu).status, 200)
        assert_eq(record("w1", env.notify(w1)[1]), "0")
        assert_eq(alice.register().status, 200)
        assert_eq(record("w1", env.notify(w1)[1]), "1")
        assert_eq(w2.subscribe(impu).status, 200)
        assert_eq(record("w2", env.notify(w2)[1]), "0")
        for _ in range(2):
            assert_eq(alice.register().status, 200)
        # two refreshes may merge into one NOTIFY (window 20 ms): read what came
        v1 = [record("w1", env.notify(w1)[1])]
        v2 = [record("w2", env.notify(w2)[1])]
        for w, key, v in ((w1, "w1", v1), (w2, "w2", v2)):
            for m in w.quiet(0.2):
                v.append(record(key, validate(m.body, env.work)))
        assert_eq(v1[0], "2", "w1")
        assert_eq(v2[0], "1", "w2")
        assert_eq(v1, [str(2 + i) for i in range(len(v1))], "w1 versions")
        assert_eq(v2, [str(1 + i) for i in range(len(v2))], "w2 versions")
        ctl.quiet(0.1)  # what the control watcher got meanwhile
    check("2. versions 0,1,2,... per subscription, independent between two watchers "
          "subscribed at different times", two_watchers)

    other = env.ue("alice", name="alice2")

    def ids_stable():
        assert_eq(other.registered().status, 200)
        m, root = env.notify(w1)
        docs = seen["w1"] + [regs(root)]
        rid = {aor: {d[aor]["id"] for d in docs} for aor in (impu, TELS["alice"])}
        for aor, s in rid.items():
            assert len(s) == 1, "registration id of %s changed: %s" % (aor, s)
        assert rid[impu] != rid[TELS["alice"]], "two registrations share an id"
        cid = {contact(d[impu], alice.uri())["id"] for d in docs}
        assert len(cid) == 1, "contact id changed across NOTIFYs: %s" % cid
        last = docs[-1]
        ids = [c["id"] for r in last.values() for c in r["contacts"]]
        assert len(ids) == len(set(ids)), "contact ids repeat in one document: %s" % ids
        a_sip = contact(last[impu], alice.uri())["id"]
        a_tel = contact(last[TELS["alice"]], alice.uri())["id"]
        b_sip = contact(last[impu], other.uri())["id"]
        assert a_sip != a_tel, "the same contact has one id under two registrations"
        assert a_sip != b_sip, "two contacts share an id"
        env.notify(w2)
    check("2. registration and contact ids stable across NOTIFYs; contact ids differ between "
          "registrations and between contacts", ids_stable)

    def end():
        for u in (other, alice):
            assert_eq(u.register(expires=0).status, 200)
        for w in (w1, w2, ctl):
            while True:
                m, root = env.notify(w)
                if substate(m).startswith("terminated"):
                    break
        assert_eq(substate(m), "terminated;reason=deactivated")
    check("2. alice de-registers: every watcher's subscription ends", end)


# ---- 3. change kinds ------------------------------------------------------------

def change_kinds(env, prof, user):
    rfc = prof == "rfc3680"
    tel = TELS[user]
    impu = "sip:%s@%s" % (user, DOMAIN)
    tag = "[%s] 3." % prof
    ue1 = env.ue(user, display="%s One" % user.title(), name=user + "1")
    ue2 = env.ue(user, name=user + "2")
    w = env.watcher(impu, user + "-w")
    attrs = ("expires", "duration-registered", "display-name")

    def first():
        ue1.registered()
        assert_eq(w.subscribe(impu).status, 200)
        m, root = env.notify(w)
        rg = regs(root)
        assert_eq(sorted(rg), sorted([impu, tel]))
        assert_eq(events(rg[impu]), [(ue1.uri(), "active", "registered")])
        assert_eq(events(rg[tel]), [(ue1.uri(), "active", "created" if rfc else "registered")])
        c = contact(rg[impu], ue1.uri())
        for a in attrs:
            if rfc:
                assert c.get(a) is not None, "%s missing under rfc3680: %r" % (a, c)
            else:
                assert c.get(a) is None, "%s present under oracle: %r" % (a, c)
        if rfc:
            assert_eq(c["display-name"], "%s One" % user.title(), "display-name")
            assert 590 <= int(c["expires"]) <= 600, c
    check("%s subscription to a registered user: %s on the IMPU, %s on the implicit %s; "
          "attributes expires, duration-registered, display-name %s" % (
              tag, "registered", "created" if rfc else "registered", tel,
              "present" if rfc else "omitted"), first)

    def registration():
        ue2.registered()
        m, root = env.notify(w)
        rg = regs(root)
        assert_eq(contact(rg[impu], ue2.uri())["event"], "registered")
        assert_eq(contact(rg[tel], ue2.uri())["event"], "created" if rfc else "registered")
        assert_eq(contact(rg[impu], ue2.uri())["state"], "active")
    check("%s registration of a second contact: registered (implicit IMPU: %s)" % (
        tag, "created" if rfc else "registered"), registration)

    def refresh():
        ue1.registered(600)
        m, root = env.notify(w)
        rg = regs(root)
        assert_eq(contact(rg[impu], ue1.uri())["event"], "refreshed")
        assert_eq(contact(rg[tel], ue1.uri())["event"], "refreshed")
        if not rfc:
            assert contact(rg[impu], ue1.uri()).get("expires") is None
    check("%s refresh: refreshed" % tag, refresh)

    def shortened():
        before = len(w.notifies)
        ue1.registered(300)
        if rfc:
            m, root = env.notify(w)
            c = contact(regs(root)[impu], ue1.uri())
            assert_eq(c["event"], "shortened")
            assert c.get("expires") is not None and 0 < int(c["expires"]) <= 300, c
        else:
            got = w.quiet(0.3)
            assert not got, "a NOTIFY for a shortened registration: %s" % got[0].body
            assert_eq(len(w.notifies), before)
    check("%s re-REGISTER with a shorter expiry: %s" % (
        tag, "shortened with expires" if rfc else "no NOTIFY"), shortened)

    def deregister():
        assert_eq(ue2.register(expires=0).status, 200)
        m, root = env.notify(w)
        assert re.match(r"active;expires=\d+$", substate(m)), substate(m)
        rg = regs(root)
        assert_eq(rg[impu]["state"], "active")
        c = contact(rg[impu], ue2.uri())
        assert_eq((c["state"], c["event"]), ("terminated", "unregistered"))
        assert_eq(contact(rg[impu], ue1.uri())["state"], "active")
        # the shortening was reported (rfc3680) or suppressed (oracle):
        # from now on the contact is what that REGISTER made it
        assert_eq(contact(rg[impu], ue1.uri())["event"], "refreshed")
    check("%s UE de-REGISTER of one contact: unregistered, the subscription stays; the "
          "contact shortened before is refreshed" % tag, deregister)

    def expiry():
        ue2.registered(3)
        m, root = env.notify(w)
        assert_eq(contact(regs(root)[impu], ue2.uri())["event"], "registered")
        m, root = env.notify(w, timeout=8)
        rg = regs(root)
        c = contact(rg[impu], ue2.uri())
        assert_eq((c["state"], c["event"]), ("terminated", "expired"))
        assert_eq(contact(rg[tel], ue2.uri())["event"], "expired")
        assert_eq(rg[impu]["state"], "active")
    check("%s a binding registered for 3 s expires: expired" % tag, expiry)

    work_impu = "sip:%s-work@%s" % (user, DOMAIN)

    def ppr_add():
        env.ppr(user, profile(user, full_ids(user, tel, work=True)))
        m, root = env.notify(w)
        rg = regs(root)
        assert work_impu in rg, sorted(rg)
        assert_eq(rg[work_impu]["state"], "active")
        assert_eq([c["uri"] for c in rg[work_impu]["contacts"]], [ue1.uri()])
    check("%s PPR adding an identity: the NOTIFY lists it, active" % tag, ppr_add)

    def ppr_bar():
        env.ppr(user, profile(user, full_ids(user, tel, work=True, tel_barred=True)))
        m, root = env.notify(w)
        rg = regs(root)
        if tel in rg:
            assert_eq(rg[tel]["state"], "terminated")
            assert all(c["state"] == "terminated" for c in rg[tel]["contacts"]), rg[tel]
        ue1.registered(600)
        m, root = env.notify(w)
        rg = regs(root)
        assert tel not in rg, "barred %s still listed: %s" % (tel, sorted(rg))
        assert work_impu in rg
    check("%s PPR barring an identity: reported terminated, then no longer listed" % tag,
          ppr_bar)

    for reason in range(4):
        want_event = "rejected" if rfc and reason == 0 else "deactivated"
        want_state = {0: "rejected", 3: "noresource"}.get(reason, "deactivated")

        def rtr(reason=reason, want_event=want_event, want_state=want_state):
            ww = w
            if reason > 0:
                ue1.registered()
                ww = env.watcher(impu, "%s-rtr%d" % (user, reason))
                assert_eq(ww.subscribe(impu).status, 200)
                env.notify(ww)
            env.rtr(user, reason)
            m, root = env.notify(ww)
            assert_eq(substate(m), "terminated;reason=%s" % want_state, "Subscription-State")
            rg = regs(root)
            assert_eq(rg[impu]["state"], "terminated")
            c = contact(rg[impu], ue1.uri())
            assert_eq((c["state"], c["event"]), ("terminated", want_event))
            assert not ww.quiet(0.2), "a NOTIFY after the final one"
        check("%s RTR reason %d: contact %s, Subscription-State terminated;reason=%s" % (
            tag, reason, want_event, want_state), rtr)


def subscription_expiry(env):
    impu = "sip:exp@open-ims.test"
    u = env.ue("exp")
    w = env.watcher(impu, "exp-w")

    def run():
        u.registered()
        r = w.subscribe(impu, expires=2)
        assert_eq(r.status, 200)
        assert_eq(r.get("Expires"), "2", "Expires")
        m, root = env.notify(w)
        active_state(m, 2)
        m, root = env.notify(w, timeout=5)
        assert_eq(substate(m), "terminated;reason=timeout")
        assert_eq(root.get("version"), "1")
        assert_eq(regs(root)[impu]["state"], "active")
        u.registered()
        assert not w.quiet(0.3), "a NOTIFY after the final one"
        assert_eq(w.subscribe(impu, expires=600, in_dialog=True).status, 481)
    check("[rfc3680] 1. a subscription not refreshed (Expires 2, [regevent] min_expires = 1) "
          "ends: NOTIFY terminated;reason=timeout with full state, then 481 in the dialog", run)


def invariants(env):
    """Over every NOTIFY every watcher of the lab got: per subscription
    (dialog), versions 0,1,2,... in arrival order and CSeq increasing."""
    def run():
        bad = []
        for w in env.closing:
            dialogs = {}
            for m in w.notifies:
                if m.get("Content-Type") != "application/reginfo+xml":
                    continue
                d = dialogs.setdefault((m.get("Call-ID"), tag_of(m.get("From"))), [])
                d.append((m.cseq()[0], int(ET.fromstring(m.body).get("version"))))
            for k, seq in dialogs.items():
                if [v for _, v in seq] != list(range(len(seq))):
                    bad.append("%s: versions %s" % (w.name, [v for _, v in seq]))
                cseqs = [c for c, _ in seq]
                if cseqs != sorted(set(cseqs)):
                    bad.append("%s: CSeqs %s" % (w.name, cseqs))
        assert not bad, "; ".join(bad)
    check("[%s] 2. every subscription of the run: versions 0,1,2,... in arrival order, CSeq "
          "increasing" % env.name, run)


# ---- 4. UE, P-CSCF and AS ------------------------------------------------------------

def three_watchers(env):
    impu = "sip:ann@open-ims.test"
    ue = env.ue("ann", reg_extra=PCSCF_PATH)
    ue2 = env.ue("ann", name="ann2")
    pc = env.watcher(PCSCF_PAI, "pcscf")
    asw = env.watcher("sip:%s" % AS_HOST, "as")
    all3 = (ue, pc, asw)

    def subscribe():
        ue.registered()
        for w in all3:
            r = w.subscribe(impu)
            assert_eq(r.status, 200, w.name)
            m, root = env.notify(w)
            assert_eq(root.get("version"), "0")
    check("4. the UE itself, the P-CSCF (in the Path) and the AS (in the iFCs) subscribe to ann",
          subscribe)

    def each(what, fn, uri, state, event, substate_prefix="active"):
        def run():
            fn()
            for w in all3:
                m, root = env.notify(w)
                assert substate(m).startswith(substate_prefix), (w.name, substate(m))
                c = contact(regs(root)[impu], uri())
                assert_eq((c["state"], c["event"]), (state, event), w.name)
        check("4. UE, P-CSCF and AS all notified: %s (%s)" % (what, event), run)

    each("registration", lambda: ue2.registered(), ue2.uri, "active", "registered")
    each("refresh", lambda: ue.registered(), ue.uri, "active", "refreshed")
    each("de-REGISTER", lambda: assert_eq(ue2.register(expires=0).status, 200), ue2.uri,
         "terminated", "unregistered")

    def expiry():
        ue2.registered(3)
        for w in all3:
            env.notify(w)
        for w in all3:
            m, root = env.notify(w, timeout=8)
            c = contact(regs(root)[impu], ue2.uri())
            assert_eq((c["state"], c["event"]), ("terminated", "expired"), w.name)
    check("4. UE, P-CSCF and AS all notified: expiry (expired)", expiry)

    def ppr():
        env.ppr("ann", profile("ann", [(impu, False), ("sip:ann-work@open-ims.test", False)],
                               ifc=True))
        for w in all3:
            m, root = env.notify(w)
            rg = regs(root)
            assert "sip:ann-work@open-ims.test" in rg, (w.name, sorted(rg))
    check("4. UE, P-CSCF and AS all notified: PPR (the new identity listed)", ppr)

    each("RTR", lambda: env.rtr("ann", 2), ue.uri, "terminated", "deactivated",
         "terminated;reason=deactivated")


# ---- 5. wildcarded identity ------------------------------------------------------------

def wildcard(env):
    carol = env.ue("carol")
    wc = "sip:carol!.*!@open-ims.test"

    def check_doc(root, aor):
        rg = regs(root)
        assert aor in rg, sorted(rg)
        r = rg[aor]
        assert_eq(r["wildcard"], wc, "wildcardedIdentity")
        assert_eq(r["state"], "active")
        assert_eq([c["uri"] for c in r["contacts"]], [carol.uri()])
        children = list(r["elem"])
        assert children[-1].tag == "{%s}wildcardedIdentity" % NS["ere"], \
            "wildcardedIdentity is not after the contacts: %s" % [c.tag for c in children]
        assert_eq(rg["sip:carol@open-ims.test"]["wildcard"], None)

    def distinct():
        carol.registered()
        w = env.watcher("sip:carol@open-ims.test", "carol-w")
        assert_eq(w.subscribe("sip:carol@open-ims.test").status, 200)
        m, root = env.notify(w)
        rg = regs(root)
        wild = [a for a in rg if rg[a]["wildcard"]]
        assert len(wild) == 1, sorted(rg)
        check_doc(root, wild[0])
        # TS 24.229 §7.10.2: the aor is an IMPU the wildcard covers, here one
        # derived from it (the HSS lists none; ".*" as nothing is carol@)
        assert_eq(wild[0], "sip:carol0@open-ims.test")
        assert covers(wc, wild[0])
    check("5. wildcarded IMPU: <ere:wildcardedIdentity> holding the HSS string, after the "
          "contacts", distinct)

    def matched():
        w = env.watcher("sip:carol@open-ims.test", "carol-home-w")
        assert_eq(w.subscribe("sip:carol-home@open-ims.test").status, 200)
        m, root = env.notify(w)
        check_doc(root, "sip:carol-home@open-ims.test")
    check("5. SUBSCRIBE to an IMPU the wildcard matches: its <registration> has that aor and "
          "the wildcard", matched)


def covers(wildcard, uri):
    """Does the TS 23.003 wildcard ("pre!regex!post") cover uri?"""
    a, b = wildcard.index("!"), wildcard.rindex("!")
    assert a < b, "not in the !regex! form: %s" % wildcard
    return re.fullmatch(re.escape(wildcard[:a]) + "(" + wildcard[a + 1:b] + ")" +
                        re.escape(wildcard[b + 1:]), uri) is not None


def per_aor(env):
    pat = env.ue("pat")

    def glob():
        pat.registered()
        w = env.watcher("sip:pat@open-ims.test", "pat-w")
        assert_eq(w.subscribe("sip:pat@open-ims.test").status, 200)
        m, root = env.notify(w)
        rg = regs(root)
        assert_eq(sorted(rg), ["sip:pat@open-ims.test", "sip:psi-0.v0@open-ims.test"])
        r = rg["sip:psi-0.v0@open-ims.test"]
        assert_eq(r["wildcard"], "sip:psi-!.*\\.v.*!@open-ims.test")
        assert covers(r["wildcard"], "sip:psi-0.v0@open-ims.test")
        assert not covers(r["wildcard"], "sip:psi-0xv0@open-ims.test")
        assert_eq(r["elem"][-1].tag, "{%s}wildcardedIdentity" % NS["ere"])
    check("5. a FHoSS glob (sip:psi-*.v*@...): <wildcardedIdentity> in the TS 23.003 form, "
          "the literal '.' escaped; the aor an IMPU it covers", glob)

    gia = env.ue("gia", reg_extra="Supported: gruu")

    def gruu():
        gia.registered()
        w = env.watcher("sip:gia@open-ims.test", "gia-w")
        assert_eq(w.subscribe("sip:gia@open-ims.test").status, 200)
        m, root = env.notify(w)
        rg = regs(root)
        urn = "urn:uuid:%s" % gia.instance
        got = {}
        for aor, r in rg.items():
            for c in r["elem"].findall("r:contact", NS):
                g = c.find("gr:pub-gruu", NS)
                got[aor] = g.get("uri") if g is not None else None
        assert_eq(got, {"sip:gia@open-ims.test": "sip:gia@open-ims.test;gr=" + urn,
                        "sip:gia-work@open-ims.test": "sip:gia-work@open-ims.test;gr=" + urn,
                        "tel:+15551236": None})
    check("5. RFC 5628: each registration's contact carries the pub-gruu of its own aor "
          "(none for the tel URI)", gruu)


# ---- 6. the 200 of a de-REGISTER before the NOTIFY ---------------------------------------

def ordering(env, label):
    def run():
        ue = env.ue("ord")
        ue.registered()
        assert_eq(ue.subscribe(ue.impu).status, 200)
        env.notify(ue)
        n = len(ue.log)
        r = ue.register(expires=0)
        assert_eq(r.status, 200)
        m, root = env.notify(ue)
        assert_eq(substate(m)[:10], "terminated")
        after = [x for x in ue.log[n:] if x.is_request or x.cseq()[1] == "REGISTER"]
        kinds = [x.method or "%d %s" % (x.status, x.cseq()[1]) for x in after]
        assert_eq(kinds[:2], ["200 REGISTER", "NOTIFY"], "arrival order on the UE's socket")
    check("6. [%s] the UE's socket gets the 200 to its de-REGISTER before the NOTIFY" % label,
          run)


# ---- 7. failed NOTIFYs -----------------------------------------------------------------

def failures(env):
    impu = "sip:eve@open-ims.test"
    eve = env.ue("eve")
    ctl = env.watcher(impu, "eve-ctl")

    def setup():
        eve.registered()
        assert_eq(ctl.subscribe(impu).status, 200)
        env.notify(ctl)
    check("7. eve registers; a control watcher subscribes", setup)

    def sub(name):
        w = env.watcher(impu, name)
        assert_eq(w.subscribe(impu).status, 200)
        env.notify(w)
        return w

    def answered_481():
        w = sub("eve-481")
        w.answer = 481
        eve.registered()
        env.notify(w)
        env.notify(ctl)
        wait_for(lambda: re.search(r"subscription of <sip:eve@open-ims.test> to "
                                   r"sip:eve@open-ims.test removed: NOTIFY got 481",
                                   env.log()), "the log line of the removal", 5)
        eve.registered()
        env.no_notify(w, control=ctl)
    check("7. a watcher answering 481: its subscription is removed (no NOTIFY on the next "
          "change)", answered_481)

    def timer_f():
        w = sub("eve-silent")
        w.answer = None
        t0 = time.time()
        eve.registered()
        first = w.next_notify()
        env.notify(ctl)
        timer_f = 64 * env.t1 / 1000.0
        wait_for(lambda: "removed: NOTIFY got no answer (Timer F)" in env.log(),
                 "Timer F to remove the subscription", timer_f + 5)
        took = time.time() - t0
        assert timer_f - 0.5 <= took <= timer_f + 3, "removed after %.1f s" % took
        assert w.retrans, "no retransmission of the unanswered NOTIFY"
        assert all(m.key() == first.key() for m in w.retrans), "retransmissions differ"
        eve.registered()
        n = len(w.retrans)
        env.no_notify(w, control=ctl)
        assert len(w.retrans) <= n + 1, "still retransmitting after Timer F"
    check("7. a watcher that never answers: Timer F (64*T1 = %.1f s) removes its "
          "subscription" % (64 * env.t1 / 1000.0), timer_f)

    def retry_503():
        w = sub("eve-503")
        w.script = [(503, "Retry-After: 1")]
        eve.registered()
        m1, root1 = env.notify(w)
        env.notify(ctl)
        m2, root2 = env.notify(w, timeout=4)
        gap = m2.at - m1.at
        assert 0.8 <= gap <= 2.5, "retried after %.2f s" % gap
        assert m2.cseq()[0] > m1.cseq()[0], "the retry is a new transaction"
        assert_eq(int(root2.get("version")), int(root1.get("version")) + 1, "version")
        assert_eq(events(regs(root2)[impu]), events(regs(root1)[impu]))
        assert not w.quiet(1.5), "retried more than once"
        eve.registered()
        m3, root3 = env.notify(w)
        env.notify(ctl)
        assert_eq(int(root3.get("version")), int(root2.get("version")) + 1, "version")
    check("7. 503 with Retry-After: 1: the NOTIFY is retried once about 1 s later, and the "
          "subscription lives on", retry_503)


# ---- 8. coalescing and one NOTIFY in flight ----------------------------------------------

def coalescing(env, window):
    impu = "sip:bea@open-ims.test"
    bea = env.ue("bea")
    w1 = env.watcher(impu, "bea-w1")
    w2 = env.watcher(impu, "bea-w2")

    def burst():
        bea.registered()
        for w in (w1, w2):
            assert_eq(w.subscribe(impu).status, 200)
            env.notify(w)
        statuses, took = bea.burst(50)
        assert_eq(set(statuses), {200}, "answers to the burst")
        notifies = {}
        for w in (w1, w2):
            m, root = env.notify(w)
            notifies[w.name] = [root]
        for w in (w1, w2):
            for m in w.quiet(window + 0.3 if w is w1 else 0.1):
                notifies[w.name].append(validate(m.body, env.work))
        assert took < window, "the burst took %.2f s, more than the window: inconclusive " \
            "on this machine" % took
        for name, roots in notifies.items():
            assert_eq(len(roots), 1, "%s: NOTIFYs for the burst" % name)
            assert_eq(roots[0].get("version"), "1")
            assert_eq(contact(regs(roots[0])[impu], bea.uri())["event"], "refreshed")
    check("8. 50 re-REGISTERs within the coalescing window (%d ms): one NOTIFY per "
          "subscription" % (window * 1000), burst)

    bea2 = env.ue("bea", name="bea2")

    def one_in_flight():
        w1.answer = None
        bea.registered()
        held = w1.next_notify(window + 3)
        env.notify(w2)
        # more changes while it is held: a refresh, then a second device
        # which evicts the first (max_bindings = 1)
        bea.registered()
        bea2.registered()
        n = len(w1.notifies)
        env.notify(w2, timeout=window + 3)
        deadline = time.time() + 1.2
        while time.time() < deadline:
            time.sleep(0.05)
            assert_eq(len(w1.notifies), n, "new NOTIFYs while one is in flight")
        assert w1.retrans, "no retransmission while held"
        assert all(m.key() == held.key() for m in w1.retrans)
        w1.answer = 200
        w1.respond(held, 200)
        m, root = env.notify(w1, timeout=window + 3)
        assert m.cseq()[0] == held.cseq()[0] + 1, (m.get("CSeq"), held.get("CSeq"))
        assert_eq(int(root.get("version")), int(validate(held.body, env.work).get("version")) + 1)
        rg = regs(root)
        c1, c2 = contact(rg[impu], bea.uri()), contact(rg[impu], bea2.uri())
        assert_eq(c1["state"], "terminated")
        assert_eq((c2["state"], c2["event"]), ("active", "registered"))
        assert not w1.quiet(window + 0.3), "more than one NOTIFY after the answer"
    check("8. a held NOTIFY: only its retransmissions until answered, then exactly one NOTIFY "
          "with the merged state", one_in_flight)


# ---- 9. Microsoft registration notifications ------------------------------------------------

def ms_notify(env, ue, body, diag, timeout=5.0):
    """The next registration-notify of ue, checked; the message."""
    m = ue.next_notify(timeout)
    assert_eq(m.get("Event"), "registration-notify", "Event")
    assert_eq(m.get("Content-Type"), "text/registration-event", "Content-Type")
    assert_eq(m.get("Call-ID"), ue.reg_callid, "Call-ID")
    assert_eq(tag_of(m.get("To")), ue.reg_tag, "To tag")
    assert m.start.startswith("NOTIFY %s" % ue.uri()), m.start
    text = m.body.decode()
    assert text.strip() in MS_BODIES, "body %r is not one of the six values" % text
    assert_eq(text.strip(), body, "body")
    d = m.get("ms-diagnostics-public") or ""
    assert re.match(r"(%s);reason=\"[^\"]*\"" % diag, d), "ms-diagnostics-public: %r" % d
    assert substate(m), m.text()
    return m


def microsoft(env):
    ev = "Event: registration"
    have_ctl = os.access(SCSCFCTL, os.X_OK)

    def ctl(*args):
        p = subprocess.run([SCSCFCTL, "-s", env.ctl_socket] + list(args),
                           stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                           stderr=subprocess.STDOUT, timeout=10)
        assert p.returncode == 0, "scscfctl %s: %d %s" % (" ".join(args), p.returncode,
                                                           p.stdout.decode(errors="replace"))
        return p.stdout.decode(errors="replace")

    mia1 = env.ue("mia", reg_extra=ev, name="mia1")
    mia2 = env.ue("mia", reg_extra=ev, name="mia2")

    def eviction():
        mia1.registered()
        mia2.registered()
        m = ms_notify(env, mia1, "deregistered;event=unregistered", "4140")
        assert_eq(substate(m), "terminated;expires=0")
        assert not mia2.quiet(0.2), "the new endpoint got a NOTIFY"
    check("9. policy eviction (max_bindings = 1, evict_oldest): the evicted endpoint gets "
          "deregistered;event=unregistered", eviction)

    def rtr(reason, body, diag):
        def run():
            u = mia2
            if reason != 0:
                u = mia1
                u.registered()
            env.rtr("mia", reason)
            ms_notify(env, u, body, diag)
        return run
    check("9. RTR reason 0: deregistered;event=rejected (4141)",
          rtr(0, "deregistered;event=rejected", "4141"))
    check("9. RTR reason 2: deregistered;event=deactivated (4142)",
          rtr(2, "deregistered;event=deactivated", "4142"))

    def presence():
        u = env.ue("mia", reg_extra="Event: presence", name="mia-presence")
        r = u.register()
        assert_eq(r.status, 489)
        assert not u.quiet(0.1)
    check("9. REGISTER with Event: presence: 489", presence)

    def own_dereg():
        mia1.registered()
        n = len(mia1.notifies)
        assert_eq(mia1.register(expires=0).status, 200)
        got = mia1.quiet(0.5)
        assert not got and len(mia1.notifies) == n, "NOTIFY after its own de-REGISTER: %s" % (
            got[0].text() if got else "")
    check("9. the endpoint's own de-REGISTER sends no registration-notify", own_dereg)

    names = ("9. scscfctl user-services down, endpoint without survivable mode: "
             "deregistered;event=userservices-unavailable (4165)",
             "9. scscfctl user-services down, endpoint with Supported: "
             "ms-userservices-state-notification: registered;event=userservices-unavailable, "
             "stays registered",
             "9. scscfctl move --registrar: deregistered;event=preferred-registrar-change with "
             "P-Preferred-Registrar",
             "9. user-services down removed the last binding: the HSS is told (SAR), the user "
             "is no longer registered there",
             "9. move removed the set: the HSS is told (SAR), the user is no longer registered "
             "there")
    if not have_ctl:  # a check that cannot run fails (it is not skipped)
        for n in names:
            check(n, lambda: missing_tool(SCSCFCTL))
        return

    def hss_told():
        try:
            wait_for(lambda: env.hss.state("sip:mia@open-ims.test") != "registered",
                     "a de-registration SAR", 3)
        except AssertionError:
            last = [h for h in env.hss.history().splitlines() if "mia@" in h][-2:]
            raise AssertionError("still registered at hss-sim, its last SARs: %s" % last)

    def services_down():
        mia1.registered()
        ctl("user-services", "sip:mia@open-ims.test", "down")
        m = ms_notify(env, mia1, "deregistered;event=userservices-unavailable", "4165")
        assert_eq(substate(m), "terminated;expires=0")
    check(names[0], services_down)
    check(names[3], hss_told)

    surv = env.ue("mia", reg_extra=ev + "\r\nSupported: ms-userservices-state-notification",
                  name="mia-surv")

    def survivable():
        surv.registered()
        ctl("user-services", "sip:mia@open-ims.test", "down")
        m = ms_notify(env, surv, "registered;event=userservices-unavailable", "4165")
        assert re.match(r"active;expires=\d+$", substate(m)), substate(m)
        assert_eq(env.hss.state("sip:mia@open-ims.test"), "registered")
        r = surv.send_register(None, None, surv.authorization())  # a query
        assert_eq(r.status, 200)
        assert surv.uri() in (r.get("Contact") or ""), r.text()
        ctl("user-services", "sip:mia@open-ims.test", "up")
    check(names[1], survivable)

    def move():
        if env.hss.state("sip:mia@open-ims.test") != "registered":
            surv.registered()
        ctl("move", "sip:mia@open-ims.test", "--registrar", "sip:scscf2.open-ims.test")
        m = ms_notify(env, surv, "deregistered;event=preferred-registrar-change", "4166|4167")
        assert_eq(m.get("P-Preferred-Registrar"), "sip:scscf2.open-ims.test",
                  "P-Preferred-Registrar")
        assert_eq(substate(m), "terminated;expires=0")
    check(names[2], move)
    check(names[4], hss_told)


# ---- 10. sipp as a watcher ---------------------------------------------------------------

def sipp_watchers(env):
    sam = env.ue("sam", reg_extra=PCSCF_PATH)

    def run(pai, label):
        def go():
            if env.hss.state("sip:sam@open-ims.test") != "registered":
                sam.registered()
            d = tempfile.mkdtemp(prefix="sipp-", dir=env.work)
            trace = os.path.join(d, "messages.log")
            imslab.sipp("subscribe_reg.xml", env.port, d,
                        {"impu": "sip:sam@open-ims.test", "pai": pai},
                        ["-trace_msg", "-message_file", trace])
            with open(trace, errors="replace") as f:
                log = f.read()
            notifies = {}
            for block in re.split(r"(?m)^-{20,} .*\n", log):
                head, _, text = block.partition("\n\n")
                if "received" not in head or not text.startswith("NOTIFY "):
                    continue
                m = Message(text.rstrip("\n").replace("\r\n", "\n").replace("\n", "\r\n")
                            .encode())
                notifies.setdefault(m.key(), m)  # a retransmission is one NOTIFY
            assert_eq(len(notifies), 2, "NOTIFYs sipp received")
            for m in notifies.values():
                validate(m.body, env.work)
        check("10. sipp as a %s watcher: SUBSCRIBE, 200, NOTIFY (answered 200), unsubscribe, "
              "final NOTIFY; bodies valid" % label, go)
    run("sip:sam@open-ims.test", "UE")
    run(PCSCF_PAI, "P-CSCF")
    run("sip:%s" % AS_HOST, "AS")


# ---- main -------------------------------------------------------------------------------

LABS = {
    "oracle": dict(subscribers=SUBSCRIBERS_ORACLE, t1=50, sections=[
        "[registrar]", "min_expires = 2", "default_expires = 600",
        "[regevent]", "window = 20", "min_expires = 60", "max_expires = 700000"]),
    "rfc3680": dict(subscribers=SUBSCRIBERS_RFC, t1=500, sections=[
        "[registrar]", "min_expires = 2", "default_expires = 600",
        "[regevent]", "profile = rfc3680", "window = 0", "min_expires = 1"]),
    "ms": dict(subscribers=SUBSCRIBERS_MS, t1=100, sections=[
        "[registrar]", "min_expires = 2", "default_expires = 600", "max_bindings = 1",
        "evict_oldest = yes",
        "[regevent]", "window = 500",
        "[control]", "socket = @CTL@"]),
}


def start_labs(work):
    """The three labs, started at the same time; {name: Env} (or raises,
    after stopping what started)."""
    envs, errors = {}, []

    def start(name):
        try:
            d = os.path.join(work, name)
            os.mkdir(d)
            spec = LABS[name]
            sections = [s.replace("@CTL@", os.path.join(d, "scscfd.sock"))
                        for s in spec["sections"]]
            lab = imslab.Lab(SCSCFD, HSS_SIM, SRCDIR, d, spec["subscribers"],
                             sections=sections, t1=spec["t1"])
            env = Env(name, lab, d, spec["t1"])
            env.ctl_socket = os.path.join(d, "scscfd.sock")
            envs[name] = env
            lab.wait_cx("bob", "bob")
        except Exception as e:  # noqa: BLE001 - reported below
            errors.append("%s: %s: %s" % (name, type(e).__name__, e))
    threads = [threading.Thread(target=start, args=(n,)) for n in LABS]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    if errors:
        for env in envs.values():
            env.lab.stop()
        raise RuntimeError("; ".join(errors))
    return envs


def main():
    work = tempfile.mkdtemp(prefix="regevent-test-")
    t0 = time.time()
    envs = {}
    try:
        envs = start_labs(work)
        o, r, ms = envs["oracle"], envs["rfc3680"], envs["ms"]
        alice, ctl = answers(o)
        versions(o, alice, ctl)
        change_kinds(o, "oracle", "dan")
        change_kinds(r, "rfc3680", "alice")
        three_watchers(o)
        wildcard(o)
        per_aor(o)
        ordering(o, "oracle, window 20 ms")
        ordering(r, "rfc3680, window 0")
        failures(o)
        coalescing(ms, 0.5)
        microsoft(ms)
        sipp_watchers(o)
        subscription_expiry(r)
        for env in (o, r, ms):
            invariants(env)
    finally:
        codes = {}
        for name, env in envs.items():
            env.close_all()
            codes[name] = env.lab.stop()
        for name, code in codes.items():
            check("scscfd (%s) exits 0 after SIGTERM" % name,
                  lambda code=code: assert_eq(code, 0))
        failed = [x for x in results if x[1]]
        if failed:
            for name, env in envs.items():
                print("---- scscfd (%s) log: %s" % (name, env.lab.d.logpath))
            print("(kept: %s)" % work)
        else:
            shutil.rmtree(work, ignore_errors=True)
    print("time: %.1f s" % (time.time() - t0))
    print("%d passed, %d failed" % (len(results) - len(failed), len(failed)))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())

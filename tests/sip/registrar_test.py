#!/usr/bin/env python3
"""registrar_test.py - integration tests of scscfd's registrar.

Starts hss-sim and scscfd on free loopback ports, each with a generated
configuration (freeDiameter over TCP on 127.0.0.1, a certificate made with
scripts/diameter-certs.sh), then registers users with sipp (SIP Digest and
IMS AKA) and with a small Digest UA written here (for exact headers), and
checks what the UE sees, what the HSS simulator saw (its `list` and
`history` control commands) and what scscfd holds (`scscfctl --json show
registration`, `stats`, on its control socket).  Everything is stopped at
the end.

usage: registrar_test.py SCSCFD HSS_SIM SRCDIR AKA_UE
environment: SCSCFD_WRAPPER  command prefix for scscfd, e.g. valgrind
Prints one line per test and a closing "N passed, N failed".
"""
import json
import os
import random
import re
import shutil
import socket
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import siptest  # noqa: E402
from siptest import check, free_port, results  # noqa: E402
import imslab  # noqa: E402
from imslab import FD_CONF, UA, contacts, md5, wait_for  # noqa: E402

SCSCFD, HSS_SIM, SRCDIR, AKA_UE = sys.argv[1:5]
SCSCFCTL = os.path.join(os.path.dirname(os.path.abspath(SCSCFD)), "scscfctl")
# the specifications digest: make sets SCSCF_SHARED_DIR (configure --with-shared-dir)
SHARED = os.environ.get("SCSCF_SHARED_DIR") or os.path.join(SRCDIR, "..", "shared")
TORTURE = os.path.join(SHARED, "testdata", "rfc4475")
SCENARIOS = os.path.join(SRCDIR, "tests", "sip", "scenarios")
DOMAIN = "open-ims.test"

# sipp 3.6.1 takes aka_K / aka_OP / aka_AMF as the raw bytes of the text it
# is given (no hex), so the AKA user's keys are 16 printable characters and
# the HSS gets their hex.
AKA_K, AKA_OP, AKA_AMF = "ims-lab-k-alice1", "ims-lab-op-alice", "AA"

SUBSCRIBERS = """<?xml version="1.0" encoding="UTF-8"?>
<subscribers>
 <subscriber impi="alice@open-ims.test" schemes="Digest-AKAv1-MD5 SIP-Digest"
             default-scheme="Digest-AKAv1-MD5">
  <digest password="alice" realm="open-ims.test"/>
  <aka k="%s" op="%s" amf="%s" sqn="000000000020"/>
  <IMSSubscription><PrivateID>alice@open-ims.test</PrivateID><ServiceProfile>
   <PublicIdentity><BarringIndication>1</BarringIndication>
    <Identity>sip:alice-barred@open-ims.test</Identity></PublicIdentity>
   <PublicIdentity><Identity>sip:alice@open-ims.test</Identity></PublicIdentity>
   <PublicIdentity><Identity>tel:+15551234</Identity></PublicIdentity>
  </ServiceProfile></IMSSubscription>
 </subscriber>
 <subscriber impi="bob@open-ims.test" schemes="SIP-Digest">
  <digest password="bob" realm="open-ims.test"/>
  <IMSSubscription><PrivateID>bob@open-ims.test</PrivateID><ServiceProfile>
   <PublicIdentity><Identity>sip:bob@open-ims.test</Identity></PublicIdentity>
  </ServiceProfile></IMSSubscription>
 </subscriber>
 <subscriber impi="watson@example.com" schemes="SIP-Digest">
  <digest password="watson" realm="example.com"/>
  <IMSSubscription><PrivateID>watson@example.com</PrivateID><ServiceProfile>
   <PublicIdentity><Identity>sip:watson@example.com</Identity></PublicIdentity>
  </ServiceProfile></IMSSubscription>
 </subscriber>
 <subscriber impi="user@example.com" schemes="SIP-Digest">
  <digest password="user" realm="example.com"/>
  <IMSSubscription><PrivateID>user@example.com</PrivateID><ServiceProfile>
   <PublicIdentity><Identity>sip:user@example.com</Identity></PublicIdentity>
  </ServiceProfile></IMSSubscription>
 </subscriber>
 <subscriber impi="null-%%00-null@example.com" schemes="SIP-Digest">
  <digest password="null" realm="example.com"/>
  <IMSSubscription><PrivateID>null-%%00-null@example.com</PrivateID><ServiceProfile>
   <PublicIdentity><Identity>sip:null-%%00-null@example.com</Identity></PublicIdentity>
  </ServiceProfile></IMSSubscription>
 </subscriber>
 <subscriber impi="carol@open-ims.test" schemes="SIP-Digest">
  <digest password="carol" realm="open-ims.test"/>
  <IMSSubscription><PrivateID>carol@open-ims.test</PrivateID><ServiceProfile>
   <PublicIdentity><Identity>sip:carol@open-ims.test</Identity></PublicIdentity>
  </ServiceProfile></IMSSubscription>
 </subscriber>
</subscribers>
""" % (AKA_K.encode().hex(), AKA_OP.encode().hex(), AKA_AMF.encode().hex())

CAROL_BIGGER = """<?xml version="1.0" encoding="UTF-8"?>
<IMSSubscription><PrivateID>carol@open-ims.test</PrivateID><ServiceProfile>
 <PublicIdentity><Identity>sip:carol@open-ims.test</Identity></PublicIdentity>
 <PublicIdentity><Identity>sip:carol-work@open-ims.test</Identity></PublicIdentity>
</ServiceProfile></IMSSubscription>
"""


def Hss(work, port, scscf_port):
    return imslab.Hss(HSS_SIM, work, port, scscf_port, SUBSCRIBERS)


def sipp(scenario, port, workdir, keys, extra=(), subst=None):
    imslab.sipp(scenario, port, workdir, keys, extra, subst, SCENARIOS)


class Ctl:
    """scscfctl --json on the daemon's control socket."""

    def __init__(self, sock):
        self.sock = sock

    def __call__(self, *args):
        """The daemon's answer, parsed (ok or not)."""
        p = subprocess.run([SCSCFCTL, "-s", self.sock, "--json"] + list(args),
                           stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                           stderr=subprocess.PIPE, timeout=10)
        out = p.stdout.decode(errors="replace")
        assert p.returncode in (0, 1) and out, "scscfctl %s: exit %d: %s %s" % (
            " ".join(args), p.returncode, out, p.stderr.decode(errors="replace"))
        return json.loads(out)

    def bindings(self, impu):
        """The contact URIs bound under impu's set, or None when scscfd has
        nothing registered for it."""
        doc = self("show", "registration", impu)
        if not doc["ok"]:
            assert doc["kind"] == "not-registered", doc
            return None
        return sorted(b["contact"] for st in doc["sets"] for b in st["bindings"])

    def rtr_answers(self, reason):
        """How many RTRs of that Reason-Code scscfd answered DIAMETER_SUCCESS."""
        doc = self("stats")
        assert doc["ok"], doc
        return doc.get("cx", {}).get("rtr", {}).get(reason, {}).get("DIAMETER_SUCCESS", 0)


def main():
    work = tempfile.mkdtemp(prefix="registrar-test-")
    subprocess.run(["sh", os.path.join(SRCDIR, "scripts", "diameter-certs.sh"), work,
                    "hss.open-ims.test", "scscf.open-ims.test"], check=True)
    port = free_port()
    hss_port, scscf_port = free_port(), free_port()
    hss = Hss(work, hss_port, scscf_port)
    fdconf = os.path.join(work, "scscf.conf")
    with open(fdconf, "w") as f:
        f.write(FD_CONF % dict(id="scscf.open-ims.test", port=scscf_port, dir=work,
                               peer="hss.open-ims.test", peer_port=hss_port))
    d = siptest.Daemon(SCSCFD, work, port, 0, sections=[
        "[diameter]", "config = %s" % fdconf, "listen = 127.0.0.1",
        "realm = open-ims.test", "server_name = sip:scscf.open-ims.test:%d" % port,
        "timeout = 2000",
        "[registrar]", "min_expires = 2", "default_expires = 600", "max_bindings = 3",
        "retry_after = 7",
        "[control]", "socket = %s" % os.path.join(work, "scscfd.sock")])

    def hss_reachable():
        ua = UA(port, "bob", "bob")
        try:
            return ua.send(ua.contact(), 600)[0] == 401
        except socket.timeout:
            return False
        finally:
            ua.close()
    try:
        wait_for(hss_reachable, "the Cx connection", 120)
        run_tests(d, hss, port, work, Ctl(os.path.join(work, "scscfd.sock")))
    finally:
        code = d.stop()
        hss.stop()
        check("scscfd exits 0 after SIGTERM", lambda: assert_eq(code, 0))
        failed = [r for r in results if r[1]]
        if failed:
            print("---- scscfd log (tail)")
            print(d.text()[-6000:])
            with open(os.path.join(work, "hss.log"), errors="replace") as f:
                print("---- hss-sim log (tail)")
                print(f.read()[-3000:])
        else:
            shutil.rmtree(work, ignore_errors=True)
    print("%d passed, %d failed" % (len(results) - len(failed), len(failed)))
    return 1 if failed else 0


def assert_eq(a, b, what=""):
    assert a == b, "%s%r != %r" % (what + ": " if what else "", a, b)


def run_tests(d, hss, port, work, ctl):
    def digest_sipp():
        hss.clear()
        sipp("reg_digest.xml", port, work, {"user": "bob", "domain": DOMAIN},
             ["-au", "bob@open-ims.test", "-ap", "bob"])
        h = hss.history()
        assert "MAR bob@open-ims.test sip:bob@open-ims.test Unknown" in h, h
        assert "SAR bob@open-ims.test sip:bob@open-ims.test REGISTRATION" in h, h
        assert hss.state("sip:bob@open-ims.test") == "registered"
    check("SIP Digest registration (sipp): MAR, 401, SAR REGISTRATION, 200", digest_sipp)

    def digest_for_aka_user():
        hss.clear()
        sipp("reg_digest_ims.xml", port, work, {"user": "alice", "domain": DOMAIN},
             ["-au", "alice@open-ims.test", "-ap", "alice"])
        h = hss.history()
        assert "MAR alice@open-ims.test sip:alice@open-ims.test SIP-Digest" in h, h
    check("an AKA user asking for SIP Digest (algorithm=MD5 in the first REGISTER)",
          digest_for_aka_user)

    def aka_sipp():
        hss.clear()
        # sipp 3.6.1 treats RES as a C string: when the 8 bytes hold a NUL
        # (about 3% of vectors) its response is wrong and it gets 403.  A
        # new attempt gets a new RAND; four failures in a row are ours.
        for attempt in range(4):
            try:
                sipp("reg_aka.xml", port, work, {"user": "alice", "domain": DOMAIN},
                     ["-au", "alice@open-ims.test"],
                     subst={"@K@": AKA_K, "@OP@": AKA_OP, "@AMF@": AKA_AMF})
                break
            except AssertionError:
                if attempt == 3:
                    raise
        h = hss.history()
        assert re.search(r"MAR alice@open-ims.test sip:alice@open-ims.test Unknown", h), h
        # alice is registered already (Digest, above): a re-registration
        assert re.search(r"SAR alice@open-ims.test sip:alice@open-ims.test "
                         r"(RE_)?REGISTRATION", h), h
        assert hss.state("tel:+15551234") == "registered"
    check("IMS AKA registration (sipp AKAv1-MD5): MAR, 401, SAR, 200", aka_sipp)

    def aka_resync():
        """A USIM far ahead of the HSS: auts, a MAR with RAND||AUTS, a new
        401 whose SQN the USIM accepts, 200."""
        hss.clear()
        u = UA(port, "alice", None)
        kh, oph = AKA_K.encode().hex(), AKA_OP.encode().hex()
        uri = "sip:%s" % DOMAIN

        def usim(nonce, cnonce):
            p = subprocess.run([AKA_UE, kh, oph, "1000000", nonce, u.impi, DOMAIN, uri,
                                cnonce, "00000001"], stdout=subprocess.PIPE, timeout=10)
            return p.stdout.decode().split()
        try:
            st, head = u.send(u.contact(), 600)
            assert st == 401 and "algorithm=AKAv1-MD5" in head, head
            u.take_challenge(head)
            out = usim(u.nonce, "c1")
            assert out[0] == "sync", out
            st, head = u.send(u.contact(), 600,
                              'Digest username="%s", realm="%s", nonce="%s", uri="%s", '
                              'response="", auts="%s", algorithm=AKAv1-MD5' % (
                                  u.impi, u.realm, u.nonce, uri, out[1]))
            assert st == 401, head
            assert "resync=yes" in hss.history(), hss.history()
            u.take_challenge(head)
            out = usim(u.nonce, "c2")
            assert out[0] == "ok" and int(out[1]) > 1000000, out
            st, head = u.send(u.contact(), 600,
                              'Digest username="%s", realm="%s", nonce="%s", uri="%s", '
                              'response="%s", algorithm=AKAv1-MD5, qop=auth, nc=00000001, '
                              'cnonce="c2"' % (u.impi, u.realm, u.nonce, uri, out[2]))
            assert st == 200, head
            st, head = u.send(u.contact(), 0, 'Digest username="%s", realm="%s", nonce="%s", '
                              'uri="%s", response="%s", algorithm=AKAv1-MD5, qop=auth, '
                              'nc=00000001, cnonce="c2"' % (u.impi, u.realm, u.nonce, uri,
                                                             out[2]))
            assert st == 401, head  # an AKA challenge is good for one use
        finally:
            u.close()
    check("AKA resynchronisation: auts, MAR with RAND||AUTS, new 401, 200", aka_resync)

    ua = UA(port, "carol", "carol")

    def challenge_401():
        st, head = ua.send(ua.contact(), 600)
        assert st == 401, head
        assert re.search(r'(?m)^WWW-Authenticate: Digest realm="open-ims.test", '
                         r'nonce="[0-9a-f]{32}", algorithm=MD5, qop="auth"\r?$', head), head
        ua.take_challenge(head)
    check("401: SIP Digest challenge (realm, fresh nonce, MD5, qop)", challenge_401)

    def ok_200():
        hss.clear()
        st, head = ua.send(ua.contact(), 600, ua.authorization())
        assert st == 200, head
        cs = contacts(head)
        assert cs == ["<sip:carol@127.0.0.1:%d>;expires=600" % ua.lport], cs
        assert re.search(r"(?m)^P-Associated-URI: <sip:carol@open-ims.test>\r?$", head), head
        assert re.search(r"(?m)^Service-Route: <sip:orig@scscf.open-ims.test:%d;lr>\r?$" % port,
                         head), head
        assert re.search(r"(?m)^Date: \w{3}, \d\d \w{3} \d{4} \d\d:\d\d:\d\d GMT\r?$", head), head
        assert "SAR carol@open-ims.test sip:carol@open-ims.test REGISTRATION" in hss.history()
    check("200 OK: Contact with expires, P-Associated-URI, Service-Route, Date", ok_200)

    def reregister():
        hss.clear()
        st, head = ua.again(ua.contact(), 300)
        assert st == 200, head
        assert contacts(head) == ["<sip:carol@127.0.0.1:%d>;expires=300" % ua.lport]
        assert "RE_REGISTRATION" in hss.history(), hss.history()
    check("re-REGISTER (nonce reused, nc+1): refreshed, SAR RE_REGISTRATION", reregister)

    def replay():
        ua.nc -= 1  # the same nc again
        st, head = ua.send(ua.contact(), 300, ua.authorization())
        assert st == 403, head
    check("replayed nonce-count: 403", replay)

    def too_brief():
        ua2 = UA(port, "carol", "carol")
        try:
            st, head = ua2.register(expires=1)
            assert st == 423, head
            assert re.search(r"(?m)^Min-Expires: 2\r?$", head), head
        finally:
            ua2.close()
    check("expiry below min_expires: 423 with Min-Expires", too_brief)

    def query():
        st, head = ua2q.register_query()
        assert st == 200 and len(contacts(head)) == 1, head

    class Query(UA):
        def register_query(self):
            st, head = self.send(None, None)
            self.take_challenge(head)
            return self.send(None, None, self.authorization())
    ua2q = Query(port, "carol", "carol")
    check("REGISTER without Contact lists the bindings", query)
    ua2q.close()

    def dereg_contact():
        hss.clear()
        st, head = ua.register(expires=0)
        assert st == 200, head
        assert contacts(head) == [], contacts(head)
        wait_for(lambda: "USER_DEREGISTRATION" in hss.history(), "SAR USER_DEREGISTRATION", 5)
        assert hss.state("sip:carol@open-ims.test") != "registered"
    check("de-REGISTER by contact: 200 without contacts, SAR USER_DEREGISTRATION",
          dereg_contact)

    def dereg_star():
        assert ua.register()[0] == 200
        hss.clear()
        st, head = ua.again("*", 0)
        assert st == 200, head
        assert contacts(head) == []
        wait_for(lambda: "USER_DEREGISTRATION" in hss.history(), "SAR USER_DEREGISTRATION", 5)
    check("de-REGISTER with Contact: * and Expires: 0", dereg_star)

    def wrong_password():
        hss.clear()
        bad = UA(port, "carol", "not-carol")
        try:
            st, head = bad.register()
            assert st == 403, head
        finally:
            bad.close()
        wait_for(lambda: "AUTHENTICATION_FAILURE" in hss.history(),
                 "SAR AUTHENTICATION_FAILURE", 5)
    check("wrong password: 403 and SAR AUTHENTICATION_FAILURE", wrong_password)

    def unknown_user():
        u = UA(port, "nobody", "x")
        try:
            st, head = u.send(u.contact(), 600)
            assert st == 403, head
        finally:
            u.close()
    check("user unknown to the HSS: 403", unknown_user)

    def expiry():
        hss.clear()
        st, head = ua.register(expires=2)
        assert st == 200, head
        wait_for(lambda: "TIMEOUT_DEREGISTRATION" in hss.history(),
                 "SAR TIMEOUT_DEREGISTRATION", 6)
        assert hss.state("sip:carol@open-ims.test") != "registered"
    check("a binding expires at its time: SAR TIMEOUT_DEREGISTRATION", expiry)

    def two_devices_and_gruu():
        a = UA(port, "carol", "carol", instance="00000000-0000-1000-8000-00000000000a")
        b = UA(port, "carol", "carol", instance="00000000-0000-1000-8000-00000000000b")
        try:
            assert a.register(extra="Supported: gruu, outbound")[0] == 200
            st, head = b.register(extra="Supported: gruu, outbound\r\n"
                                        "Path: <sip:pcscf.open-ims.test;lr;ob>")
            assert st == 200, head
            cs = contacts(head)
            assert len(cs) == 2, cs
            for c in cs:
                assert '+sip.instance="<urn:uuid:' in c and ";reg-id=1" in c, c
                assert 'pub-gruu="sip:carol@open-ims.test;gr=urn:uuid:' in c, c
                assert re.search(r'temp-gruu="sip:tgruu\.[0-9a-f]{16}@open-ims.test;gr"', c), c
            assert re.search(r"(?m)^Path: <sip:pcscf.open-ims.test;lr;ob>\r?$", head), head
            assert re.search(r"(?m)^Require: outbound\r?$", head), head
        finally:
            a.register(expires=0)
            a.close()
            b.close()
    check("two devices (+sip.instance, reg-id), GRUUs, Path and Require: outbound",
          two_devices_and_gruu)

    def rtr_impi():
        assert ua.register()[0] == 200
        rc, out = hss.ctl("rtr", "impi", "carol@open-ims.test", "reason", "0")
        assert rc == 0 and "Result-Code 2001" in out, out
        rc, out = hss.ctl("rtr", "impi", "carol@open-ims.test", "reason", "0", "to",
                          "scscf.open-ims.test")
        assert "5001" in out, out  # nothing left
    check("RTR by IMPI (PERMANENT_TERMINATION) removes the set", rtr_impi)

    def rtr_impu_each_reason():
        """Each RTR removes carol's set: registered before (read back),
        gone after; counted under its Reason-Code; logged for this RTR."""
        carol = "sip:carol@open-ims.test"
        names = ("PERMANENT_TERMINATION", "NEW_SERVER_ASSIGNED", "SERVER_CHANGE",
                 "REMOVE_S-CSCF")
        for reason, name in enumerate(names):
            assert ua.register()[0] == 200
            bound = ctl.bindings(carol)
            assert "sip:carol@127.0.0.1:%d" % ua.lport in (bound or []), bound
            answered, since = ctl.rtr_answers(name), len(d.text())
            rc, out = hss.ctl("rtr", "impu", carol, "reason", str(reason))
            assert rc == 0 and "Result-Code 2001" in out, (reason, out)
            assert_eq(ctl.bindings(carol), None, "%s: still registered after the RTR" % name)
            assert_eq(ctl.rtr_answers(name), answered + 1, "RTRs %s answered 2001" % name)
            logged = "registrar: RTR %s for carol@open-ims.test (1 Public-Identity, " \
                     "0 associated): 1 binding(s) of 1 implicit set(s) de-registered" % name
            assert logged in d.text()[since:], "not logged after the RTR: " + logged
    check("RTR by IMPU list, each Reason-Code: the set is gone (scscfctl), the RTR counted",
          rtr_impu_each_reason)

    def ppr_adds_identity():
        assert ua.register()[0] == 200
        path = os.path.join(work, "carol-bigger.xml")
        with open(path, "w") as f:
            f.write(CAROL_BIGGER)
        rc, out = hss.ctl("ppr", "carol@open-ims.test", "file", path)
        assert rc == 0 and "2001" in out, out
        st, head = ua.again(ua.contact(), 600)
        assert st == 200, head
        assert "<sip:carol-work@open-ims.test>" in head, head
    check("PPR adding an identity: the next 200 lists it", ppr_adds_identity)

    def ppr_removes_identity():
        path = os.path.join(work, "carol-smaller.xml")
        with open(path, "w") as f:
            f.write(CAROL_BIGGER.replace(
                " <PublicIdentity><Identity>sip:carol-work@open-ims.test</Identity>"
                "</PublicIdentity>\n", ""))
        rc, out = hss.ctl("ppr", "carol@open-ims.test", "file", path)
        assert rc == 0 and "2001" in out, out
        st, head = ua.again(ua.contact(), 600)
        assert st == 200, head
        assert "carol-work" not in head, head
    check("PPR removing an identity: the next 200 no longer lists it", ppr_removes_identity)

    def stale_nonce():
        u = UA(port, "carol", "carol")
        try:
            u.realm, u.nonce = DOMAIN, "0123456789abcdef0123456789abcdef"
            st, head = u.send(u.contact(), 600, u.authorization())
            assert st == 401, head
            assert re.search(r"(?m)^WWW-Authenticate: Digest .*, stale=TRUE\r?$", head), head
            u.take_challenge(head)
            assert u.send(u.contact(), 600, u.authorization())[0] == 200
        finally:
            u.close()
    check("unknown or expired nonce: 401 with stale=TRUE, then 200", stale_nonce)

    def callid_must_match():
        u = UA(port, "carol", "carol")
        try:
            st, head = u.send(u.contact(), 600)
            u.take_challenge(head)
            u.callid = "other-%08x@127.0.0.1" % random.getrandbits(32)
            st, head = u.send(u.contact(), 600, u.authorization())
            assert st == 401, head  # challenged again, not registered
        finally:
            u.close()
    check("credentials from another Call-ID than the challenged one: 401 again",
          callid_must_match)

    def ue_moves():
        """The store holds the old contact, then only the new one (read
        back), and the move is logged after the new REGISTER."""
        old = UA(port, "carol", "carol")
        new = UA(port, "carol", "carol")
        carol = "sip:carol@open-ims.test"
        old_uri, new_uri = ("sip:carol@127.0.0.1:%d" % u.lport for u in (old, new))
        try:
            assert old.register()[0] == 200
            before = ctl.bindings(carol) or []
            assert old_uri in before and new_uri not in before, before
            since = len(d.text())
            st, head = new.register()
            assert st == 200, head
            assert contacts(head) == ["<sip:carol@127.0.0.1:%d>;expires=600" % new.lport], head
            after = ctl.bindings(carol) or []
            assert new_uri in after and old_uri not in after, "after the move: %s" % after
            doc = ctl("show", "registration", carol)
            assert_eq([b["call_id"] for b in doc["sets"][0]["bindings"]
                       if b["contact"] == new_uri], [new.callid])
            logged = "registrar: carol@open-ims.test moved: %s replaces %s" % (new_uri, old_uri)
            assert logged in d.text()[since:], "not logged after the REGISTER: " + logged
        finally:
            old.close()
            new.close()
    check("a new contact without reg-id from the same IMPI replaces the old one", ue_moves)

    def protected_reregister():
        u = UA(port, "carol", "carol")
        try:
            assert u.register()[0] == 200
            prot = ('Digest username="carol@open-ims.test", realm="open-ims.test", nonce="", '
                    'uri="sip:open-ims.test", response="", integrity-protected="yes"')
            st, head = u.send(u.contact(), 600, prot)
            assert st == 200, head  # refreshed without a new challenge
            st, head = u.send("<sip:carol@127.0.0.1:1>", 600, prot)
            assert st == 403, head  # a new contact without reg-id needs authentication
        finally:
            u.close()
    check("integrity-protected re-REGISTER: refresh without challenge; new contact 403",
          protected_reregister)

    # RFC 4475 REGISTERs: the message gets a challenge; the same message
    # with credentials added registers, and the 200 lists the binding as the
    # RFC wants it kept.  Several files share one Via branch, which makes a
    # later one a retransmission of an earlier transaction within Timer J,
    # so each send gets its own branch here (daemon_test.py sends them
    # bit-exact, each to a fresh daemon).
    def torture(name, impi, password, want_contacts):
        with open(os.path.join(TORTURE, name), "rb") as f:
            raw = f.read()
        sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        sock.bind(("127.0.0.1", 0))
        sock.settimeout(3)
        try:
            raw = raw.replace(b"z9hG4bKkdjuw", b"z9hG4bKkdjuw-" + name.encode())
            sock.sendto(raw, ("127.0.0.1", port))
            (st, head, _), = siptest.parse_responses(sock.recvfrom(65536)[0])
            assert st == 401, head
            m = re.search(r'realm="([^"]*)", nonce="([^"]*)"', head)
            ha1 = md5("%s:%s:%s" % (impi, m.group(1), password))
            uri = "sip:example.com"
            resp = md5("%s:%s:00000001:c:auth:%s" % (ha1, m.group(2), md5("REGISTER:" + uri)))
            auth = ('Authorization: Digest username="%s", realm="%s", nonce="%s", uri="%s", '
                    'response="%s", algorithm=MD5, qop=auth, nc=00000001, cnonce="c"\r\n' % (
                        impi, m.group(1), m.group(2), uri, resp)).encode()
            text = raw.replace(b"z9hG4bKkdjuw-", b"z9hG4bKkdjuw-2-")
            end = text.index(b"\r\n\r\n") + 2
            text = text[:end] + auth + text[end:]
            sock.sendto(text, ("127.0.0.1", port))
            (st, head, _), = siptest.parse_responses(sock.recvfrom(65536)[0])
            assert st == 200, head
            got = sorted(c.split(";expires=")[0] for c in contacts(head))
            assert got == sorted(want_contacts), got
        finally:
            sock.close()
    check("RFC 4475 cparam01: unknownparam stays a Contact parameter",
          lambda: torture("cparam01.dat", "watson@example.com", "watson",
                          ["<sip:+19725552222@gw1.example.net>;unknownparam"]))
    check("RFC 4475 cparam02: unknownparam stays a URI parameter",
          lambda: torture("cparam02.dat", "watson@example.com", "watson",
                          ["<sip:+19725552222@gw1.example.net;unknownparam>"]))
    check("RFC 4475 regescrt: the escaped Route header stays in the contact URI",
          lambda: torture("regescrt.dat", "user@example.com", "user",
                          ["<sip:user@example.com?Route=%3Csip:sip.example.com%3E>"]))
    check("RFC 4475 escnull: %00 kept, two distinct contacts",
          lambda: torture("escnull.dat", "null-%00-null@example.com", "null",
                          ["<sip:%00@host5.example.com>", "<sip:%00%00@host5.example.com>"]))

    def hss_down_then_back():
        hss.stop()
        u = UA(port, "bob", "bob")
        try:
            def answered_500():
                st, head = u.send(u.contact(), 600, wait=5)
                return st == 500 and re.search(r"(?m)^Retry-After: 7\r?$", head)
            wait_for(answered_500, "500 with Retry-After while the HSS is down", 20)
        finally:
            u.close()
        hss.start()
        u = UA(port, "bob", "bob")
        try:
            def registers():
                try:
                    return u.register()[0] == 200
                except socket.timeout:
                    return False
            wait_for(registers, "registration once the HSS is back", 30)
        finally:
            u.close()
    check("HSS down: 500 with Retry-After; back: registers without restarting scscfd",
          hss_down_then_back)
    ua.close()


if __name__ == "__main__":
    sys.exit(main())

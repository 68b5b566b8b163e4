#!/usr/bin/env python3
"""regevent_test.py - integration tests of scscfd's reg-event notifier.

Starts hss-sim and scscfd on free loopback ports, registers users with a
Digest UA, subscribes to their reg event as a UE, a P-CSCF (named in the
Path of the REGISTER) and an AS (named in the user's iFCs), and checks the
SUBSCRIBE answers, every NOTIFY's headers and its body (validated with
xmllint against tests/xsd/reginfo.xsd, then read field by field).

usage: regevent_test.py SCSCFD HSS_SIM SRCDIR
environment: SCSCFD_WRAPPER  command prefix for scscfd, e.g. valgrind
Prints one line per test and a closing "N passed, N failed".
"""
import os
import re
import shutil
import subprocess
import sys
import tempfile
import xml.etree.ElementTree as ET

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import imslab  # noqa: E402
from imslab import UA  # noqa: E402
from siptest import check, results  # noqa: E402
from watcher import Watcher  # noqa: E402

SCSCFD, HSS_SIM, SRCDIR = sys.argv[1:4]
XSD = os.path.join(SRCDIR, "tests", "xsd", "reginfo.xsd")
NS = {"r": "urn:ietf:params:xml:ns:reginfo", "gr": "urn:ietf:params:xml:ns:gruuinfo",
      "ere": "urn:3gpp:ns:extRegExp:1.0"}
DOMAIN = "open-ims.test"
AS_HOST = "as.open-ims.test"

SUBSCRIBERS = """<?xml version="1.0" encoding="UTF-8"?>
<subscribers>
 <subscriber impi="alice@open-ims.test" schemes="SIP-Digest">
  <digest password="alice" realm="open-ims.test"/>
  <IMSSubscription><PrivateID>alice@open-ims.test</PrivateID><ServiceProfile>
   <PublicIdentity><Identity>sip:alice@open-ims.test</Identity></PublicIdentity>
   <PublicIdentity><BarringIndication>1</BarringIndication>
    <Identity>sip:alice-barred@open-ims.test</Identity></PublicIdentity>
   <PublicIdentity><Identity>tel:+15551234</Identity></PublicIdentity>
   <InitialFilterCriteria><Priority>0</Priority>
    <TriggerPoint><ConditionTypeCNF>0</ConditionTypeCNF>
     <SPT><ConditionNegated>0</ConditionNegated><Group>0</Group><Method>REGISTER</Method></SPT>
    </TriggerPoint>
    <ApplicationServer><ServerName>sip:%s:5070</ServerName><DefaultHandling>0</DefaultHandling>
    </ApplicationServer>
   </InitialFilterCriteria>
  </ServiceProfile></IMSSubscription>
 </subscriber>
 <subscriber impi="bob@open-ims.test" schemes="SIP-Digest">
  <digest password="bob" realm="open-ims.test"/>
  <IMSSubscription><PrivateID>bob@open-ims.test</PrivateID><ServiceProfile>
   <PublicIdentity><Identity>sip:bob@open-ims.test</Identity></PublicIdentity>
  </ServiceProfile></IMSSubscription>
 </subscriber>
</subscribers>
""" % AS_HOST


def assert_eq(a, b):
    assert a == b, "%r != %r" % (a, b)


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
    """{aor: (state, [(contact state, event, uri, id)], registration id, wildcard)}"""
    out = {}
    for r in root.findall("r:registration", NS):
        cs = [(c.get("state"), c.get("event"), c.find("r:uri", NS).text, c.get("id"))
              for c in r.findall("r:contact", NS)]
        w = r.find("ere:wildcardedIdentity", NS)
        out[r.get("aor")] = (r.get("state"), cs, r.get("id"), w.text if w is not None else None)
    return out


class Env:
    def __init__(self, lab, work):
        self.lab, self.work, self.port = lab, work, lab.port

    def notify(self, w, timeout=5.0):
        """The next NOTIFY of w: headers checked, body validated; (msg, root)."""
        m = w.next_notify(timeout)
        assert_eq(m.get("Event"), "reg")
        assert_eq(m.get("Content-Type"), "application/reginfo+xml")
        assert m.get("Subscription-State"), m.text()
        assert m.get("Max-Forwards") == "70", m.text()
        assert m.get("Contact"), m.text()
        assert_eq(m.get("Call-ID"), w.call_id)
        root = validate(m.body, self.work)
        assert_eq(root.get("state"), "full")
        return m, root


def run_tests(env):
    port = env.port
    alice = UA(port, "alice", "alice")
    pcscf_path = "Path: <sip:term@pcscf.open-ims.test:4060;lr>"

    def register_alice():
        st, head = alice.register(extra=pcscf_path)
        assert st == 200, head
    check("alice registers (Digest) through a P-CSCF (Path)", register_alice)

    ue = Watcher(port, "sip:alice@open-ims.test", "ue")
    pc = Watcher(port, "sip:pcscf.open-ims.test:4060", "pcscf")
    asw = Watcher(port, "sip:%s" % AS_HOST, "as")
    versions = {}

    def subscribe_ue():
        r = ue.subscribe("sip:alice@open-ims.test", expires=600000)
        assert_eq(r.status, 200)
        assert_eq(r.get("Expires"), "600000")
        assert r.get("Contact"), r.text()
        m, root = env.notify(ue)
        assert re.match(r"active;expires=(600000|599999)$", m.get("Subscription-State")), \
            m.get("Subscription-State")
        assert_eq(root.get("version"), "0")
        rg = regs(root)
        assert_eq(sorted(rg), ["sip:alice@open-ims.test", "tel:+15551234"])
        state, cs, _, _ = rg["sip:alice@open-ims.test"]
        assert_eq(state, "active")
        assert_eq([(c[0], c[1], c[2]) for c in cs],
                  [("active", "registered", "sip:alice@127.0.0.1:%d" % alice.lport)])
        versions["ue"] = 0
    check("UE SUBSCRIBE: 200 with Expires and Contact, then NOTIFY version 0, full, both "
          "non-barred IMPUs", subscribe_ue)

    def subscribe_pcscf():
        r = pc.subscribe("sip:alice@open-ims.test", expires=600000)
        assert_eq(r.status, 200)
        m, root = env.notify(pc)
        assert_eq(root.get("version"), "0")
    check("P-CSCF (host in the Path) SUBSCRIBE: 200 and NOTIFY version 0", subscribe_pcscf)

    def subscribe_as():
        r = asw.subscribe("sip:alice@open-ims.test", expires=3600)
        assert_eq(r.status, 200)
        assert_eq(r.get("Expires"), "3600")
        m, root = env.notify(asw)
        assert_eq(root.get("version"), "0")
    check("AS (named in the iFCs) SUBSCRIBE: 200 and NOTIFY version 0", subscribe_as)

    def refresh_notifies_all():
        st, head = alice.again(alice.contact(), 600, pcscf_path)
        assert st == 200, head
        for w in (ue, pc, asw):
            m, root = env.notify(w)
            assert_eq(root.get("version"), "1")
            state, cs, _, _ = regs(root)["sip:alice@open-ims.test"]
            assert_eq(cs[0][:2], ("active", "refreshed"))
    check("re-REGISTER: each watcher gets version 1 with event refreshed", refresh_notifies_all)

    def other_event():
        w = Watcher(port, "sip:alice@open-ims.test", "presence")
        try:
            r = w.subscribe("sip:alice@open-ims.test", event="presence")
            assert_eq(r.status, 489)
            assert_eq(r.get("Allow-Events"), "reg")
        finally:
            w.close()
    check("SUBSCRIBE for another package: 489 with Allow-Events: reg", other_event)

    def deregister():
        st, head = alice.again(alice.contact(), 0, pcscf_path)
        assert st == 200, head
        for w in (ue, pc, asw):
            m, root = env.notify(w)
            assert_eq(m.get("Subscription-State"), "terminated;reason=deactivated")
            state, cs, _, _ = regs(root)["sip:alice@open-ims.test"]
            assert_eq(state, "terminated")
            assert_eq(cs[0][:2], ("terminated", "unregistered"))
    check("UE de-REGISTER: every watcher gets terminated/unregistered and the subscription "
          "ends", deregister)
    for w in (ue, pc, asw):
        w.close()
    alice.close()


def main():
    work = tempfile.mkdtemp(prefix="regevent-test-")
    lab = imslab.Lab(SCSCFD, HSS_SIM, SRCDIR, work, SUBSCRIBERS, sections=[
        "[registrar]", "min_expires = 2", "default_expires = 600",
        "[regevent]", "window = 20"])
    try:
        lab.wait_cx("bob", "bob")
        run_tests(Env(lab, work))
    finally:
        code = lab.stop()
        check("scscfd exits 0 after SIGTERM", lambda: assert_eq(code, 0))
        failed = [r for r in results if r[1]]
        if failed:
            print("---- scscfd log (tail)")
            print(lab.d.text()[-8000:])
        else:
            shutil.rmtree(work, ignore_errors=True)
    print("%d passed, %d failed" % (len(results) - len(failed), len(failed)))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())

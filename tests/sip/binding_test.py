#!/usr/bin/env python3
"""binding_test.py - integration tests of which binding a REGISTER's Contact
names and whose it is, against scscfd and hss-sim on loopback.

Contact matching (RFC 3261 §10.3 and §19.1.4, RFC 5626 §6-7, RFC 5627):
a URI-only de-REGISTER of an outbound binding removes it, a URI-only
refresh updates it (no second binding), an instance without reg-id names
its binding, instance plus URI names a flow.  Two IMPIs sharing an IMPU
(bob and bob2, sip:bob@) keep their own bindings through RTR, de-REGISTER
expiry and `scscfctl deregister --impi` (TS 23.228, TS 24.229: a
registration per IMPU and IMPI).
State is read back with `scscfctl --json show registration`, the SARs from
hss-sim's history, the changes from a watcher's NOTIFYs.  Everything is
stopped at the end, also when a test fails.

usage: binding_test.py SCSCFD SCSCFCTL HSS_SIM SRCDIR
environment: SCSCFD_WRAPPER  command prefix for scscfd, e.g. valgrind
Prints one line per test and a closing "N passed, N failed".
"""
import json
import os
import shutil
import subprocess
import sys
import tempfile
import xml.etree.ElementTree as ET

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import imslab  # noqa: E402
from imslab import UA, contacts, wait_for  # noqa: E402
from siptest import check, results  # noqa: E402
from watcher import Watcher  # noqa: E402

SCSCFD, SCSCFCTL, HSS_SIM, SRCDIR = sys.argv[1:5]
INSTANCE = '+sip.instance="<urn:uuid:00000000-0000-1000-8000-000a95a0e1%02d>"'
NS = "{urn:ietf:params:xml:ns:reginfo}"


def subscriber(impi, impu):
    user = impi.split("@")[0]
    return """
 <subscriber impi="%s" schemes="SIP-Digest">
  <digest password="%s" realm="open-ims.test"/>
  <IMSSubscription><PrivateID>%s</PrivateID><ServiceProfile>
   <PublicIdentity><Identity>%s</Identity></PublicIdentity>
  </ServiceProfile></IMSSubscription>
 </subscriber>""" % (impi, user, impi, impu)


SUBSCRIBERS = '<?xml version="1.0" encoding="UTF-8"?>\n<subscribers>%s\n</subscribers>\n' % "".join(
    [subscriber("%s@open-ims.test" % u, "sip:%s@open-ims.test" % u)
     for u in ("ann", "ben", "cat", "dan", "eve")] +
    [subscriber("bob@open-ims.test", "sip:bob@open-ims.test"),
     subscriber("bob2@open-ims.test", "sip:bob@open-ims.test")])


def assert_eq(a, b):
    assert a == b, "%r != %r" % (a, b)


class Ctl:
    def __init__(self, sock):
        self.sock = sock

    def run(self, *args):
        """scscfctl --json ARGS: the answer (one JSON document)."""
        p = subprocess.run([SCSCFCTL, "-s", self.sock, "--json"] + list(args),
                           stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                           stderr=subprocess.PIPE, timeout=60)
        return json.loads(p.stdout.decode())

    def show(self, impu):
        """The bindings of impu's set as scscfctl --json shows them ([] when
        it is not registered)."""
        doc = self.run("show", "registration", impu)
        if not doc["ok"]:
            assert_eq(doc["kind"], "not-registered")
            return []
        assert_eq(len(doc["sets"]), 1)
        assert_eq(doc["sets"][0]["state"], "registered")
        return doc["sets"][0]["bindings"]


def bound(ctl, impu):
    """{contact URI: (impi, instance, reg_id, expires_in)}"""
    return {b["contact"]: (b["impi"], b["instance"], b["reg_id"], b["expires_in"])
            for b in ctl.show(impu)}


def ok(st_head):
    st, head = st_head
    assert_eq(st, 200)
    return contacts(head)


def reg_contacts(notify):
    """{contact URI: (state, event)} of a reginfo NOTIFY body."""
    doc = ET.fromstring(notify.body)
    return {c.find(NS + "uri").text: (c.get("state"), c.get("event"))
            for r in doc.findall(NS + "registration") for c in r.findall(NS + "contact")}


def sar_lines(hss, kind):
    return [l for l in hss.history().splitlines() if l.startswith("SAR ") and kind in l]


def watch(port, impu):
    w = Watcher(port, impu, "w" + impu.split(":")[1].split("@")[0])
    r = w.subscribe(impu, expires=3600)
    assert_eq(r.status, 200)
    w.next_notify()
    return w


def matching_tests(lab, ctl):
    port = lab.port

    def uri_only_removes_outbound():
        ann = UA(port, "ann", "ann")
        w = None
        try:
            plain = ann.contact()
            flow = "<sip:ann@127.0.0.1:11071>;%s;reg-id=1" % (INSTANCE % 1)
            ok(ann.register())
            assert_eq(len(ok(ann.again(flow, 600))), 2)
            w = watch(port, "sip:ann@open-ims.test")
            sars = len(sar_lines(lab.hss, "DEREGISTRATION"))
            got = ok(ann.again("<sip:ann@127.0.0.1:11071>", 0))
            assert_eq(len(got), 1)
            assert got[0].startswith(plain + ";expires="), got
            assert_eq(list(bound(ctl, "sip:ann@open-ims.test")), [plain[1:-1]])
            n = reg_contacts(w.next_notify())
            assert_eq(n["sip:ann@127.0.0.1:11071"][0], "terminated")
            assert_eq(n[plain[1:-1]][0], "active")
            assert_eq(len(sar_lines(lab.hss, "DEREGISTRATION")), sars)  # ann stays
        finally:
            ann.close()
            if w:
                w.close()
    check("Expires 0 on the URI alone removes the outbound binding with that URI",
          uri_only_removes_outbound)

    def uri_only_refresh():
        ben = UA(port, "ben", "ben")
        try:
            flow = "<sip:ben@127.0.0.1:11073>;%s;reg-id=1" % (INSTANCE % 2)
            st, head = ben.send(flow, 600)
            ben.take_challenge(head)
            ok(ben.send(flow, 600, ben.authorization()))
            got = ok(ben.again("<sip:ben@127.0.0.1:11073>", 300))
            assert_eq(got, ["<sip:ben@127.0.0.1:11073>;expires=300"])
            b = bound(ctl, "sip:ben@open-ims.test")
            assert_eq(list(b), ["sip:ben@127.0.0.1:11073"])
            assert 290 <= b["sip:ben@127.0.0.1:11073"][3] <= 300, b
        finally:
            ben.close()
    check("a URI-only refresh updates the outbound binding, never a second one",
          uri_only_refresh)

    def instance_without_reg_id():
        cat = UA(port, "cat", "cat")
        try:
            inst = INSTANCE % 3
            first = "<sip:cat@127.0.0.1:11075>;" + inst
            st, head = cat.send(first, 600)
            cat.take_challenge(head)
            ok(cat.send(first, 600, cat.authorization()))
            got = ok(cat.again("<sip:cat@127.0.0.1:11077>;" + inst, 600))
            assert_eq(got, ["<sip:cat@127.0.0.1:11077>;%s;expires=600" % inst])
            b = bound(ctl, "sip:cat@open-ims.test")
            assert_eq(list(b), ["sip:cat@127.0.0.1:11077"])
            assert_eq(b["sip:cat@127.0.0.1:11077"][1:3], (inst.split("=", 1)[1], None))
            assert_eq(ok(cat.again("<sip:cat@127.0.0.1:1>;" + inst, 0)), [])
            assert_eq(bound(ctl, "sip:cat@open-ims.test"), {})
            wait_for(lambda: sar_lines(lab.hss, "SAR cat@open-ims.test sip:cat@open-ims.test "
                                       "USER_DEREGISTRATION"), "SAR USER_DEREGISTRATION")
        finally:
            cat.close()
    check("an instance without reg-id names its binding whatever the URI", instance_without_reg_id)

    def mixed():
        dan = UA(port, "dan", "dan")
        try:
            plain = dan.contact()
            inst = INSTANCE % 4
            ok(dan.register())
            ok(dan.again("<sip:dan@127.0.0.1:11079>;%s;reg-id=1" % inst, 600))
            ok(dan.again("<sip:dan@127.0.0.1:11079>;%s;reg-id=2" % inst, 600))
            assert_eq(len(ctl.show("sip:dan@open-ims.test")), 3)
            # instance without reg-id: no binding of its own, the flows with its URI
            got = ok(dan.again("<sip:dan@127.0.0.1:11079>;" + inst, 0))
            assert_eq(len(got), 1)
            assert_eq(list(bound(ctl, "sip:dan@open-ims.test")), [plain[1:-1]])
            # the same URI, another spelling (RFC 3261 §19.1.4): a refresh
            user = plain[1:-1].replace("sip:dan@", "sip:%64an@")
            got = ok(dan.again("<%s;foo=bar>" % user, 120))
            assert_eq(len(got), 1)
            b = ctl.show("sip:dan@open-ims.test")
            assert_eq([x["contact"] for x in b], [user + ";foo=bar"])  # as received last
            assert 110 <= b[0]["expires_in"] <= 120, b
        finally:
            dan.close()
    check("mixed: flows and a plain contact; instance + URI names the flows, "
          "an escaped URI the plain one", mixed)


def bob2_ua(port):
    """bob2@open-ims.test registering sip:bob@ (its IMPI named in its first REGISTER)."""
    return UA(port, "bob", "bob2", impi="bob2@open-ims.test")


def first_auth(impi):
    return ('Digest username="%s", realm="open-ims.test", nonce="", uri="sip:open-ims.test", '
            'response=""' % impi)


def shared_tests(lab, ctl):
    port = lab.port
    impu = "sip:bob@open-ims.test"

    def both(bob, bob2, bob2_expires=600):
        ok(bob.register())
        ok(bob2.register(expires=bob2_expires, first_auth=first_auth("bob2@open-ims.test")))
        b = bound(ctl, impu)
        assert_eq(sorted(v[0] for v in b.values()), ["bob2@open-ims.test", "bob@open-ims.test"])
        return bob.contact()[1:-1], bob2.contact()[1:-1]

    def rtr_one_impi():
        bob, bob2, w = UA(port, "bob", "bob"), bob2_ua(port), None
        try:
            mine, theirs = both(bob, bob2)
            w = watch(port, impu)
            lab.hss.clear()
            rc, out = lab.hss.ctl("rtr", "impu", impu, "impi", "bob2@open-ims.test")
            assert_eq((rc, out.split()[:3]), (0, ["ok", "Result-Code", "2001"]))
            left = bound(ctl, impu)
            assert_eq(list(left), [mine])
            assert_eq(left[mine][:3], ("bob@open-ims.test", None, None))
            assert 0 < left[mine][3] <= 600, left[mine]
            n = reg_contacts(w.next_notify())
            assert_eq((n[theirs][0], n[mine][0]), ("terminated", "active"))
            assert_eq(sar_lines(lab.hss, ""), [])  # the HSS asked: no SAR
            assert_eq(ok(bob.again(bob.contact(), 0)), [])
            assert_eq(bound(ctl, impu), {})
        finally:
            for x in (bob, bob2) + ((w,) if w else ()):
                x.close()
    check("shared IMPU: an RTR naming bob2 removes bob2's contact only", rtr_one_impi)

    def deregister_one_impi():
        bob, bob2 = UA(port, "bob", "bob"), bob2_ua(port)
        try:
            mine, theirs = both(bob, bob2)
            lab.hss.clear()
            got = ok(bob2.again("*", 0))
            assert_eq([c.split(";")[0] for c in got], ["<%s>" % mine])
            assert_eq(list(bound(ctl, impu)), [mine])
            wait_for(lambda: sar_lines(lab.hss, "SAR bob2@open-ims.test %s USER_DEREGISTRATION"
                                       % impu), "SAR USER_DEREGISTRATION for bob2")
            assert_eq(sar_lines(lab.hss, "SAR bob@"), [])
            ok(bob.again(bob.contact(), 0))
            assert_eq(bound(ctl, impu), {})
            wait_for(lambda: sar_lines(lab.hss, "SAR bob@open-ims.test %s USER_DEREGISTRATION"
                                       % impu), "SAR USER_DEREGISTRATION for bob")
        finally:
            bob.close()
            bob2.close()
    check("shared IMPU: bob2's de-REGISTER (Contact *) leaves bob's contact; "
          "the set ends with bob's", deregister_one_impi)

    def expiry_one_impi():
        bob, bob2 = UA(port, "bob", "bob"), bob2_ua(port)
        try:
            lab.hss.clear()
            mine, theirs = both(bob, bob2, bob2_expires=3)
            wait_for(lambda: list(bound(ctl, impu)) == [mine], "bob2's binding to expire", 10)
            wait_for(lambda: sar_lines(lab.hss, "SAR bob2@open-ims.test %s TIMEOUT_DEREGISTRATION"
                                       % impu), "SAR TIMEOUT_DEREGISTRATION for bob2")
            assert_eq([l for l in sar_lines(lab.hss, "TIMEOUT_DEREGISTRATION")
                       if l.startswith("SAR bob@")], [])  # bob's contact stays
            ok(bob.again(bob.contact(), 0))
            assert_eq(bound(ctl, impu), {})
        finally:
            bob.close()
            bob2.close()
    check("shared IMPU: bob2's contact expires alone, SAR TIMEOUT_DEREGISTRATION for bob2",
          expiry_one_impi)


def admin_tests(lab, ctl):
    port = lab.port
    impu = "sip:bob@open-ims.test"

    def admin_one_impi():
        bob, bob2 = UA(port, "bob", "bob"), bob2_ua(port)
        try:
            ok(bob.register())
            ok(bob2.register(first_auth=first_auth("bob2@open-ims.test")))
            mine = bob.contact()[1:-1]
            lab.hss.clear()
            doc = ctl.run("deregister", impu, "--impi", "bob2@open-ims.test")
            assert_eq(doc, {"ok": True, "impu": impu, "impi": "bob2@open-ims.test",
                            "reason": "admin", "cause": "admin",
                            "bindings_removed": 1})
            assert_eq(list(bound(ctl, impu)), [mine])
            wait_for(lambda: sar_lines(lab.hss, "SAR bob2@open-ims.test %s "
                                       "ADMINISTRATIVE_DEREGISTRATION" % impu),
                     "SAR ADMINISTRATIVE_DEREGISTRATION for bob2")
            assert_eq(sar_lines(lab.hss, "SAR bob@"), [])
            doc = ctl.run("deregister", impu, "--impi", "bob2@open-ims.test")
            assert_eq((doc["ok"], doc["kind"]), (False, "not-registered"))
            doc = ctl.run("deregister", impu)
            assert_eq(doc["bindings_removed"], 1)
            assert_eq(bound(ctl, impu), {})
            wait_for(lambda: sar_lines(lab.hss, "SAR bob@open-ims.test %s "
                                       "ADMINISTRATIVE_DEREGISTRATION" % impu),
                     "SAR ADMINISTRATIVE_DEREGISTRATION for bob")
        finally:
            bob.close()
            bob2.close()
    check("shared IMPU: scscfctl deregister --impi bob2 removes bob2's contact only",
          admin_one_impi)


def main():
    work = tempfile.mkdtemp(prefix="binding-test-")
    sock = os.path.join(work, "scscfd.sock")
    lab = imslab.Lab(SCSCFD, HSS_SIM, SRCDIR, work, SUBSCRIBERS, sections=[
        "[registrar]", "min_expires = 2", "default_expires = 600",
        "[control]", "socket = %s" % sock])
    try:
        lab.wait_cx("eve", "eve")
        ctl = Ctl(sock)
        matching_tests(lab, ctl)
        shared_tests(lab, ctl)
        admin_tests(lab, ctl)
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

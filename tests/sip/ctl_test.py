#!/usr/bin/env python3
"""ctl_test.py - integration tests of scscfd's control socket and scscfctl.

Starts hss-sim and scscfd (with a [control] socket) on free loopback ports,
registers users with sipp and with a Digest UA (GRUUs, +sip.instance,
reg-id, Path), subscribes a UE to one user's reg event, then runs every
scscfctl command in both output forms and checks them field by field
against what was registered (the 200 OKs), what hss-sim saw (its history),
and what the daemon does next (bindings gone, final NOTIFYs).  The socket
itself is probed with raw clients: its mode, plain-word requests, garbage,
an over-long line, idle clients, the client cap; and daemons started on a
stale socket, on a live one and on a regular file.  Everything is stopped
at the end.

usage: ctl_test.py SCSCFD SCSCFCTL HSS_SIM SRCDIR
environment: SCSCFD_WRAPPER  command prefix for scscfd, e.g. valgrind
Prints one line per test and a closing "N passed, N failed".
"""
import json
import os
import re
import shlex
import shutil
import socket
import stat
import subprocess
import sys
import tempfile
import threading
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import imslab  # noqa: E402
import siptest  # noqa: E402
from imslab import UA, contacts, sipp, wait_for  # noqa: E402
from siptest import check, free_port, results  # noqa: E402
from watcher import Watcher  # noqa: E402

SCSCFD, SCSCFCTL, HSS_SIM, SRCDIR = sys.argv[1:5]
DOMAIN = "open-ims.test"
IDLE = 2  # control.idle_timeout in seconds
MAX_CLIENTS = 3

SUBSCRIBERS = """<?xml version="1.0" encoding="UTF-8"?>
<subscribers>
 <subscriber impi="alice@open-ims.test" schemes="SIP-Digest">
  <digest password="alice" realm="open-ims.test"/>
  <IMSSubscription><PrivateID>alice@open-ims.test</PrivateID><ServiceProfile>
   <PublicIdentity><BarringIndication>1</BarringIndication>
    <Identity>sip:alice-barred@open-ims.test</Identity></PublicIdentity>
   <PublicIdentity><Identity>sip:alice@open-ims.test</Identity></PublicIdentity>
   <PublicIdentity><Identity>tel:+15551234</Identity></PublicIdentity>
   <PublicIdentity><Identity>sip:alice-!.*!@open-ims.test</Identity></PublicIdentity>
  </ServiceProfile></IMSSubscription>
 </subscriber>
%s</subscribers>
""" % "".join("""
 <subscriber impi="%(u)s@open-ims.test" schemes="SIP-Digest">
  <digest password="%(u)s" realm="open-ims.test"/>
  <IMSSubscription><PrivateID>%(u)s@open-ims.test</PrivateID><ServiceProfile>
   <PublicIdentity><Identity>sip:%(u)s@open-ims.test</Identity></PublicIdentity>
  </ServiceProfile></IMSSubscription>
 </subscriber>
""" % {"u": u} for u in ("bob", "carol", "dave", "erin"))


def assert_eq(a, b):
    assert a == b, "%r != %r" % (a, b)


class Ctl:
    """scscfctl against one socket."""

    def __init__(self, sock):
        self.sock = sock

    def run(self, *args, sock=None, env=None):
        """(exit status, stdout, stderr)"""
        p = subprocess.run([SCSCFCTL, "-s", sock or self.sock] + list(args),
                           stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                           stderr=subprocess.PIPE, timeout=60, env=env)
        return p.returncode, p.stdout.decode(), p.stderr.decode()

    def json(self, *args):
        """(exit status, the JSON answer); the answer must be one JSON document."""
        rc, out, err = self.run("--json", *args)
        assert out.endswith("\n") and out.count("\n") == 1, (out, err)
        return rc, json.loads(out)

    def ok(self, *args):
        rc, doc = self.json(*args)
        assert rc == 0 and doc["ok"] is True, (rc, doc)
        return doc


def read_all(s):
    """Everything the server sends until it closes."""
    got = b""
    while True:
        chunk = s.recv(65536)
        if not chunk:
            return got
        got += chunk


def raw(path, data, wait=10.0):
    """Send bytes on a new connection and half-close it; the answer, which
    must be one JSON document."""
    s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    s.settimeout(wait)
    s.connect(path)
    try:
        if data:
            s.sendall(data)
        s.shutdown(socket.SHUT_WR)
        return json.loads(read_all(s).decode())
    finally:
        s.close()


def gruus(contact):
    pub = re.search(r'pub-gruu="([^"]*)"', contact)
    tmp = re.search(r'temp-gruu="([^"]*)"', contact)
    return pub.group(1) if pub else None, tmp.group(1) if tmp else None


def field(text, name):
    """The value of a "name   value" line of scscfctl's binding blocks."""
    m = re.search(r"(?m)^    %s +(.*)$" % re.escape(name), text)
    return m.group(1) if m else None


def one_set(doc):
    assert_eq(len(doc["sets"]), 1)
    return doc["sets"][0]


def run_tests(lab, ctl, work):
    port, hss = lab.port, lab.hss
    sock = ctl.sock
    alice = UA(port, "alice", "alice", instance="00000000-0000-1000-8000-0000000000a1")
    seen = {}

    def mode_0660():
        st = os.stat(sock)
        assert stat.S_ISSOCK(st.st_mode), oct(st.st_mode)
        assert_eq(oct(stat.S_IMODE(st.st_mode)), oct(0o660))
    check("the control socket is a socket with mode 0660", mode_0660)

    def registrations():
        sipp("reg_digest.xml", port, work, {"user": "bob", "domain": DOMAIN},
             ["-au", "bob@open-ims.test", "-ap", "bob"])
        st, head = alice.register(extra="Supported: gruu, outbound\r\n"
                                        "Path: <sip:pcscf.open-ims.test;lr;ob>")
        assert st == 200, head
        (c,) = contacts(head)
        seen["alice"] = c
    check("bob registers with sipp, alice with a GRUU-capable UA through a P-CSCF",
          registrations)

    def show_all():
        doc = ctl.ok("show", "registration")
        by_impi = {s["impi"]: s for s in doc["sets"]}
        assert_eq(sorted(by_impi), ["alice@open-ims.test", "bob@open-ims.test"])
        bob = by_impi["bob@open-ims.test"]
        assert_eq([i["impu"] for i in bob["impus"]], ["sip:bob@open-ims.test"])
        (b,) = bob["bindings"]
        assert re.match(r"sip:bob@127\.0\.0\.1:\d+$", b["contact"]), b
        assert 590 <= b["expires_in"] <= 600, b  # sipp asked for 600
        assert_eq(b["received"]["transport"], "udp")
        assert_eq("sip:bob@127.0.0.1:%d" % b["received"]["port"], b["contact"])
        rc, out, err = ctl.run("show", "registration")
        assert rc == 0 and err == "", (rc, err)
        assert_eq(len(re.findall(r"(?m)^implicit set ", out)), 2)
        assert "  binding 1: %s\n" % b["contact"] in out, out
    check("show registration: every implicit set (JSON and table)", show_all)

    def show_alice_json():
        s = one_set(ctl.ok("show", "registration", "sip:alice@open-ims.test"))
        assert_eq(s["impi"], "alice@open-ims.test")
        assert_eq(s["state"], "registered")
        assert_eq(s["hss"], {"host": "hss.open-ims.test", "realm": "open-ims.test"})
        assert_eq(s["impus"], [
            {"impu": "sip:alice@open-ims.test", "default": True, "barred": False,
             "wildcard": None},
            {"impu": "sip:alice-barred@open-ims.test", "default": False, "barred": True,
             "wildcard": None},
            {"impu": "tel:+15551234", "default": False, "barred": False, "wildcard": None},
            {"impu": "sip:alice-!.*!@open-ims.test", "default": False, "barred": False,
             "wildcard": "sip:alice-!.*!@open-ims.test"}])
        (b,) = s["bindings"]
        pub, tmp = gruus(seen["alice"])
        assert pub and tmp, seen["alice"]
        assert_eq(b["contact"], "sip:alice@127.0.0.1:%d" % alice.lport)
        assert re.search(r";expires=600$", seen["alice"]), seen["alice"]
        assert 590 <= b["expires_in"] <= 600, b
        assert_eq(b["instance"], '"<urn:uuid:00000000-0000-1000-8000-0000000000a1>"')
        assert_eq(b["reg_id"], 1)
        assert_eq(b["pub_gruu"], pub)
        assert_eq(b["temp_gruu"], tmp)
        assert_eq(b["path"], ["<sip:pcscf.open-ims.test;lr;ob>"])
        assert_eq(b["received"], {"transport": "udp", "address": "127.0.0.1",
                                  "port": alice.lport})
        assert_eq(b["impi"], "alice@open-ims.test")
        assert_eq(b["aor"], "sip:alice@open-ims.test")
        assert_eq(b["call_id"], alice.callid)
        assert_eq(b["cseq"], alice.cseq)
        seen["alice_set"] = s
    check("show registration IMPU --json: identities (default first, barred, wildcard), "
          "binding fields as the 200 OK gave them, HSS", show_alice_json)

    def show_alice_table():
        rc, out, err = ctl.run("show", "registration", "sip:alice@open-ims.test")
        assert rc == 0, (rc, out, err)
        s = seen["alice_set"]
        b = s["bindings"][0]
        assert ("implicit set %s: impi alice@open-ims.test, registered, HSS "
                "hss.open-ims.test (realm open-ims.test)\n" % s["id"]) in out, out
        rows = [r for r in re.findall(r"(?m)^  (\S+) +(\S+) +(\S+)$", out)
                if r[0] != "binding"]
        assert_eq(rows, [("IMPU", "FLAGS", "WILDCARD"),
                         ("sip:alice@open-ims.test", "default", "-"),
                         ("sip:alice-barred@open-ims.test", "barred", "-"),
                         ("tel:+15551234", "-", "-"),
                         ("sip:alice-!.*!@open-ims.test", "-", "sip:alice-!.*!@open-ims.test")])
        assert "  binding 1: sip:alice@127.0.0.1:%d\n" % alice.lport in out, out
        m = re.match(r"(\d+) s$", field(out, "expires in"))
        assert m and 590 <= int(m.group(1)) <= 600, out
        assert_eq(field(out, "received"), "udp 127.0.0.1 port %d" % alice.lport)
        assert_eq(field(out, "instance"), b["instance"])
        assert_eq(field(out, "reg-id"), "1")
        assert_eq(field(out, "pub-gruu"), b["pub_gruu"])
        assert_eq(field(out, "temp-gruu"), b["temp_gruu"])
        assert_eq(field(out, "path"), "<sip:pcscf.open-ims.test;lr;ob>")
        assert_eq(field(out, "impi"), "alice@open-ims.test")
    check("show registration IMPU: the same as a table and binding block", show_alice_table)

    def show_by_other_identities():
        for who in ("alice@open-ims.test", "tel:+15551234", "sip:alice-x@open-ims.test"):
            s = one_set(ctl.ok("show", "registration", who))
            assert_eq(s["id"], seen["alice_set"]["id"])
    check("show registration by IMPI, by another IMPU and by a wildcard match",
          show_by_other_identities)

    def show_unknown():
        rc, doc = ctl.json("show", "registration", "sip:nobody@open-ims.test")
        assert_eq(rc, 1)
        assert_eq(doc, {"ok": False, "kind": "not-registered",
                        "error": "nothing registered for sip:nobody@open-ims.test"})
        rc, out, err = ctl.run("show", "registration", "nobody@open-ims.test")
        assert_eq((rc, out), (1, ""))
        assert_eq(err, "scscfctl: nothing registered for nobody@open-ims.test\n")
    check("show registration of nobody: exit 1 with the reason", show_unknown)

    ue = Watcher(port, "sip:alice@open-ims.test", "ue")

    def show_subscription():
        r = ue.subscribe("sip:alice@open-ims.test", expires=3600)
        assert_eq(r.status, 200)
        ue.next_notify()

        def settled():
            subs = ctl.ok("show", "subscription")["subscriptions"]
            return len(subs) == 1 and not subs[0]["in_flight"] and subs[0]["notify_sent"] == 1
        wait_for(settled, "the first NOTIFY answered", 5)
        (s,) = ctl.ok("show", "subscription", "tel:+15551234")["subscriptions"]
        assert_eq(s["kind"], "ue")
        assert_eq(s["impu"], "sip:alice@open-ims.test")
        assert "sip:alice@open-ims.test" in s["watcher"], s
        assert_eq(s["call_id"], ue.call_id)
        assert_eq(s["remote_tag"], ue.tag)
        assert_eq(s["local_tag"], ue.remote_tag)
        assert_eq(s["set_id"], seen["alice_set"]["id"])
        assert 3590 <= s["expires_in"] <= 3600, s
        assert_eq((s["version"], s["notify_sent"], s["notify_failed"], s["last_failure"],
                   s["in_flight"]), (1, 1, 0, None, False))
        assert_eq(ctl.ok("show", "subscription", "sip:bob@open-ims.test")["subscriptions"], [])
        rc, out, err = ctl.run("show", "subscription")
        assert rc == 0, (rc, err)
        lines = out.splitlines()
        assert_eq(lines[0].split(), ["KIND", "IMPU", "WATCHER", "EXPIRES", "VERSION", "SENT",
                                     "FAILED", "IN-FLIGHT", "CALL-ID", "LAST-FAILURE"])
        cells = lines[1].split()
        assert_eq(cells[0:2], ["ue", "sip:alice@open-ims.test"])
        assert_eq(cells[4:], ["1", "1", "0", "false", ue.call_id, "-"])
        assert_eq(ctl.run("show", "subscription", "sip:bob@open-ims.test")[1],
                  "no subscriptions\n")
    check("show subscription [IMPU]: the UE's dialog, version, NOTIFY counts (JSON and table)",
          show_subscription)

    def stats():
        doc = ctl.ok("stats")
        assert_eq((doc["store"]["sets"], doc["store"]["bindings"]), (2, 2))
        impus = doc["store"]["impus"]
        assert impus >= 5, doc  # alice's four identities and bob
        assert doc["registrar"]["registered"] >= 2, doc
        assert doc["registrar"]["challenges"] >= 2, doc
        assert doc["sip"]["received"] >= 4, doc
        assert_eq(doc["notifier"]["subscriptions"], 1)
        assert doc["notifier"]["notify_sent"] >= 1, doc
        assert doc["uptime"] >= 0 and abs(doc["started_at"] - time.time()) < 600, doc
        assert_eq(doc["control"]["clients"], 1)  # this one
        before = doc["control"]["requests"]
        rc, out, err = ctl.run("stats")
        assert rc == 0, (rc, err)
        assert re.search(r"(?m)^store\n  sets +2\n  bindings +2\n  impus +%d$" % impus, out), out
        m = re.search(r"(?m)^  requests +(\d+)$", out)
        assert m and int(m.group(1)) == before + 1, (before, out)
        for group in ("registrar", "store", "notifier", "sip", "control"):
            assert re.search(r"(?m)^%s$" % group, out), out
    check("stats: store, registrar, notifier, SIP and control figures (JSON and table)", stats)

    def log_level():
        doc = ctl.ok("log-level", "warn")
        assert_eq((doc["level"], doc["previous"]), ("warn", "debug"))
        assert "control: log level warn (was debug)" in lab.d.text()
        assert_eq(ctl.ok("log-level")["level"], "warn")
        n = lab.d.text().count("control: request")
        ctl.ok("stats")
        assert_eq(lab.d.text().count("control: request"), n)  # debug lines are off
        rc, out, err = ctl.run("log-level", "debug")
        assert_eq((rc, out), (0, "log level debug (was warn)\n"))
        ctl.ok("stats")
        assert_eq(lab.d.text().count("control: request"), n + 1)
    check("log-level: changes what the daemon logs, and tells the level", log_level)

    def deregister_admin():
        hss.clear()
        # a sipp watcher on bob's reg event, answering NOTIFYs until the last
        wdir = tempfile.mkdtemp(prefix="sipp-watch-", dir=work)
        trace = os.path.join(wdir, "watcher.log")
        failed = []

        def watch():
            try:
                sipp("watch_reg.xml", port, wdir,
                     {"user": "bob", "domain": DOMAIN, "pai": "sip:bob@open-ims.test",
                      "expires": "3600"}, ["-trace_msg", "-message_file", trace])
            except Exception as e:  # reported below
                failed.append(e)
        watcher = threading.Thread(target=watch)
        watcher.start()
        wait_for(lambda: [s["impu"] for s in ctl.ok("show", "subscription")["subscriptions"]
                          if s["watcher"] == "<sip:bob@open-ims.test>"] ==
                 ["sip:bob@open-ims.test"], "sipp's subscription to bob", 10)
        rc, out, err = ctl.run("deregister", "sip:bob@open-ims.test")
        assert_eq((rc, out, err), (0, "sip:bob@open-ims.test deregistered (reason admin, 1 "
                                      "binding(s) removed)\n", ""))
        watcher.join(60)
        assert not watcher.is_alive() and not failed, failed
        with open(trace, errors="replace") as f:
            log = f.read()
        last = log[log.rindex("NOTIFY sip:"):]
        assert re.search(r"(?m)^Subscription-State: terminated;reason=deactivated\r?$", last), \
            last
        assert re.search(r'<registration aor="sip:bob@open-ims.test" id="[^"]+" '
                         r'state="terminated">', last), last
        assert re.search(r'<contact [^>]*state="terminated" event="deactivated"', last), last
        wait_for(lambda: "SAR bob@open-ims.test sip:bob@open-ims.test "
                         "ADMINISTRATIVE_DEREGISTRATION" in hss.history(),
                 "SAR ADMINISTRATIVE_DEREGISTRATION at hss-sim", 5)
        wait_for(lambda: hss.state("sip:bob@open-ims.test") != "registered",
                 "bob unregistered at hss-sim", 5)
        rc, out, err = ctl.run("show", "registration", "sip:bob@open-ims.test")
        assert_eq(rc, 1)
        impis = [s["impi"] for s in ctl.ok("show", "registration")["sets"]]
        assert "bob@open-ims.test" not in impis, impis
        rc, doc = ctl.json("deregister", "sip:bob@open-ims.test")
        assert_eq((rc, doc), (1, {"ok": False, "kind": "not-registered",
                                  "error": "IMPU not registered: sip:bob@open-ims.test"}))
    check("deregister IMPU: a sipp watcher gets the final NOTIFY (deactivated), hss-sim the "
          "SAR ADMINISTRATIVE_DEREGISTRATION, the binding goes; again: exit 1, not registered",
          deregister_admin)

    def deregister_probation_json():
        u = UA(port, "dave", "dave")
        try:
            assert u.register()[0] == 200
            hss.clear()
            rc, doc = ctl.json("deregister", "sip:dave@open-ims.test", "--reason", "probation")
            assert_eq((rc, doc), (0, {"ok": True, "impu": "sip:dave@open-ims.test",
                                      "reason": "probation", "cause": doc.get("cause"),
                                      "bindings_removed": 1}))
            assert doc["cause"], doc
            wait_for(lambda: "SAR dave@open-ims.test sip:dave@open-ims.test "
                             "ADMINISTRATIVE_DEREGISTRATION" in hss.history(),
                     "SAR ADMINISTRATIVE_DEREGISTRATION at hss-sim", 5)
            assert_eq(ctl.run("show", "registration", "dave@open-ims.test")[0], 1)
        finally:
            u.close()
    check("deregister --reason probation --json: the answer, the SAR, the binding gone",
          deregister_probation_json)

    def user_services():
        doc = ctl.ok("user-services", "sip:alice@open-ims.test", "down")
        assert_eq(doc, {"ok": True, "impu": "sip:alice@open-ims.test", "user_services": "down"})
        rc, out, err = ctl.run("user-services", "sip:alice@open-ims.test", "up")
        assert_eq((rc, out), (0, "user services of sip:alice@open-ims.test: up\n"))
        assert_eq(len(one_set(ctl.ok("show", "registration", "sip:alice@open-ims.test"))[
            "bindings"]), 1)  # no Microsoft endpoint: alice stays
        rc, out, err = ctl.run("user-services", "sip:nobody@open-ims.test", "down")
        assert_eq((rc, out, err), (1, "", "scscfctl: IMPU not registered: "
                                          "sip:nobody@open-ims.test\n"))
    check("user-services IMPU down|up; an unregistered IMPU: exit 1", user_services)

    def move():
        u = UA(port, "erin", "erin")
        try:
            assert u.register()[0] == 200
            rc, doc = ctl.json("move", "sip:erin@open-ims.test", "--registrar", "<sip:x>")
            assert_eq((rc, doc["ok"], doc["kind"]), (1, False, "bad-uri"))
            assert_eq(ctl.run("show", "registration", "sip:erin@open-ims.test")[0], 0)
            rc, out, err = ctl.run("move", "sip:erin@open-ims.test", "--registrar",
                                   "sip:scscf2.open-ims.test")
            assert_eq((rc, out, err), (0, "sip:erin@open-ims.test moved to "
                                          "sip:scscf2.open-ims.test\n", ""))
            assert_eq(ctl.run("show", "registration", "sip:erin@open-ims.test")[0], 1)
            rc, doc = ctl.json("move", "sip:erin@open-ims.test", "--registrar",
                               "sip:scscf2.open-ims.test")
            assert_eq((rc, doc["kind"]), (1, "not-registered"))
        finally:
            u.close()
    check("move IMPU --registrar URI: the set goes; a bad URI or an unregistered IMPU: exit 1",
          move)

    def deregister_notifies():
        hss.clear()
        doc = ctl.ok("deregister", "sip:alice@open-ims.test", "--reason", "disabled")
        assert_eq(doc["bindings_removed"], 1)
        m = ue.next_notify()
        assert m.get("Subscription-State").startswith("terminated"), m.text()
        wait_for(lambda: re.search(r"SAR alice@open-ims.test \S+ ADMINISTRATIVE_DEREGISTRATION",
                                   hss.history()),
                 "SAR ADMINISTRATIVE_DEREGISTRATION at hss-sim: " + hss.history(), 5)
        wait_for(lambda: ctl.ok("show", "subscription")["subscriptions"] == [],
                 "the subscription gone", 5)
        assert_eq(ctl.run("show", "registration")[1], "no registrations\n")
    check("deregister --reason disabled: the watcher's final NOTIFY, the SAR, nothing left",
          deregister_notifies)
    ue.close()
    alice.close()

    # ---- the command line ----

    def usage_errors():
        for args in (["frobnicate"], ["deregister"], ["show"], ["show", "registrations"],
                     ["deregister", "sip:a@b", "--reason", "later"], ["log-level", "loud"],
                     ["move", "sip:a@b", "sip:c"], ["--bogus", "stats"], []):
            rc, out, err = ctl.run(*args)
            assert_eq((rc, out), (2, ""))
            assert "usage: scscfctl [-s SOCKET] [--json] COMMAND ..." in err, (args, err)
        rc, out, err = ctl.run("frobnicate")
        assert err.startswith('scscfctl: unknown command "frobnicate"\n'), err
        p = subprocess.run([SCSCFCTL, "--help"], stdout=subprocess.PIPE, timeout=10)
        assert p.returncode == 0 and b"show registration [IMPU|IMPI]" in p.stdout
    check("a bad command or option: exit 2 with the usage", usage_errors)

    def not_running():
        gone = os.path.join(work, "nobody.sock")
        rc, out, err = ctl.run("stats", sock=gone)
        assert_eq((rc, out, err), (1, "", "scscfctl: cannot connect to %s: is scscfd "
                                          "running?\n" % gone))
        stale = os.path.join(work, "stale.sock")
        s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        s.bind(stale)
        s.close()  # the file stays, nobody listens
        rc, out, err = ctl.run("--json", "stats", sock=stale)
        assert_eq((rc, out, err), (1, "", "scscfctl: cannot connect to %s: is scscfd "
                                          "running?\n" % stale))
        env = dict(os.environ, SCSCFCTL_SOCKET=gone)
        p = subprocess.run([SCSCFCTL, "stats"], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                           env=env, timeout=10)
        assert_eq((p.returncode, p.stderr.decode()),
                  (1, "scscfctl: cannot connect to %s: is scscfd running?\n" % gone))
    check("no daemon (no file, a stale socket, $SCSCFCTL_SOCKET): exit 1 with the message",
          not_running)

    # ---- the socket, raw ----

    def plain_words():
        doc = raw(sock, b"show   registration\tsip:nobody@open-ims.test\r\n")
        assert_eq(doc["kind"], "not-registered")
        assert_eq(raw(sock, b"stats")["ok"], True)  # no newline: the end of input ends it
        assert_eq(raw(sock, b'["log-level"]\n')["level"], "debug")
        assert_eq(raw(sock, b"frobnicate\n")["kind"], "usage")
    check("requests as plain words, without a newline, as JSON; an unknown one: usage",
          plain_words)

    def garbage():
        for data in (b"\x00\xff\xfe\n", b"[\"stats\"\n", b"[1,2]\n", b"[\"a\\u0000\"]\n",
                     b"\n", b"\xc0\xafstats\n", b"[" * 3000 + b"\n"):
            doc = raw(sock, data)
            assert_eq((doc["ok"], doc["kind"]), (False, "bad-request"))
        doc = raw(sock, b"s" * 5000)
        assert_eq((doc["ok"], doc["kind"]), (False, "too-long"))
        assert raw(sock, b"stats\n")["ok"]
    check("garbage, bad JSON, an over-long line: ok:false answers, the daemon goes on",
          garbage)

    def idle_client():
        s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        s.settimeout(IDLE + 10)
        s.connect(sock)
        t0 = time.time()
        got = read_all(s)
        s.close()
        took = time.time() - t0
        assert IDLE - 0.5 <= took <= IDLE + 5, took
        assert_eq(json.loads(got)["kind"], "timeout")
    check("a client that sends nothing is answered timeout and closed after idle_timeout",
          idle_client)

    def client_cap():
        held = []
        try:
            for _ in range(MAX_CLIENTS):
                s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
                s.connect(sock)
                held.append(s)
            # the daemon accepts them as its loop comes round to it (and
            # drops them idle_timeout seconds later)
            got = []
            wait_for(lambda: got.append(raw(sock, b"stats\n")) or got[-1]["ok"] is False,
                     "a busy answer", IDLE)
            assert_eq(got[-1], {"ok": False, "kind": "busy",
                                "error": "too many control clients, try again"})
        finally:
            for s in held:
                s.close()

        def answered():
            try:
                return raw(sock, b"stats\n")["ok"]
            except (OSError, ValueError):
                return False
        wait_for(answered, "room again", 5)
        c = ctl.ok("stats")["control"]
        assert c["refused"] >= 1 and c["timeouts"] >= 1 and c["errors"] >= 8, c
    check("max_clients connections at once: the next is answered busy", client_cap)


def socket_file_cases(work):
    """Daemons (no Cx) started on a regular file, a stale socket, a live one."""
    def start(path):
        port = free_port()
        return siptest.Daemon(SCSCFD, work, port, 0, sections=["[control]", "socket = " + path])

    def refused(path, message):
        """scscfd on path must stop at start with exit status 1, saying message."""
        conf = os.path.join(work, "refused.conf")
        with open(conf, "w") as f:
            f.write("[sip]\nlisten = udp:127.0.0.1:%d\n[control]\nsocket = %s\n" % (
                free_port(), path))
        p = subprocess.run(shlex.split(os.environ.get("SCSCFD_WRAPPER", "")) +
                           [SCSCFD, "-c", conf], stdin=subprocess.DEVNULL,
                           stdout=subprocess.PIPE, stderr=subprocess.STDOUT, timeout=120)
        out = p.stdout.decode(errors="replace")
        assert_eq(p.returncode, 1)
        assert message in out, out
        assert "running" not in out, out

    def regular_file():
        path = os.path.join(work, "plain-file")
        with open(path, "w") as f:
            f.write("not a socket\n")
        refused(path, "control socket %s: the file exists and is not a socket" % path)
        with open(path) as f:
            assert_eq(f.read(), "not a socket\n")
    check("socket path is a regular file: scscfd refuses to start and leaves it", regular_file)

    def stale_then_live():
        path = os.path.join(work, "stale-ctl.sock")
        s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        s.bind(path)
        s.close()
        d = start(path)
        try:
            assert "control: replaced the stale socket %s" % path in d.text()
            assert_eq(stat.S_IMODE(os.stat(path).st_mode), 0o660)
            assert Ctl(path).ok("stats")["store"]["sets"] == 0
            refused(path, "control socket %s is in use by another process" % path)
            assert Ctl(path).ok("stats")["ok"]
        finally:
            code = d.stop()
        assert_eq(code, 0)
        assert not os.path.exists(path), "socket left behind at exit"
    check("a stale socket is replaced; a live one is refused; the socket goes at exit",
          stale_then_live)


def main():
    work = tempfile.mkdtemp(prefix="ctl-test-")
    sock = os.path.join(work, "scscfd.sock")
    lab = imslab.Lab(SCSCFD, HSS_SIM, SRCDIR, work, SUBSCRIBERS, sections=[
        "[registrar]", "min_expires = 2", "default_expires = 600",
        "[control]", "socket = %s" % sock, "idle_timeout = %d" % IDLE,
        "max_clients = %d" % MAX_CLIENTS])
    try:
        lab.wait_cx("bob", "bob")
        run_tests(lab, Ctl(sock), work)
    finally:
        code = lab.stop()
        check("scscfd exits 0 after SIGTERM", lambda: assert_eq(code, 0))
        check("the socket is removed at exit", lambda: assert_eq(os.path.exists(sock), False))
    socket_file_cases(work)
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

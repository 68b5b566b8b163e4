#!/usr/bin/env python3
"""metrics_test.py - integration tests of scscfd's metrics endpoint.

Starts hss-sim and scscfd with [metrics] on a free loopback port, scrapes
http://127.0.0.1:PORT/metrics, parses it as the Prometheus text format
(every line checked: HELP and TYPE once before a metric's samples,
counters named *_total, label values escaped) and then does things a user
does: registers a user (401 then 200), tries an unknown one, subscribes a
watcher, has the HSS de-register the user with an RTR, sends an OPTIONS.
After each step the whole scrape is compared with the one before: every
sample that moved is named with the amount it moved by, and nothing else
may move.  The JSON of `scscfctl stats` must give the same figures.
Then the HTTP side is probed (404, 405, HEAD, 400 for malformed requests,
431, an idle client, the client cap) and the Diameter peer gauge follows
hss-sim going away.  Everything is stopped at the end.

usage: metrics_test.py SCSCFD SCSCFCTL HSS_SIM SRCDIR
environment: SCSCFD_WRAPPER  command prefix for scscfd, e.g. valgrind
Prints one line per test and a closing "N passed, N failed".
"""
import json
import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import imslab  # noqa: E402
from imslab import UA, wait_for  # noqa: E402
from siptest import check, free_port, results  # noqa: E402
from watcher import Watcher  # noqa: E402

SCSCFD, SCSCFCTL, HSS_SIM, SRCDIR = sys.argv[1:5]
IDLE = 2          # metrics.idle_timeout
MAX_CLIENTS = 3   # metrics.max_clients

SUBSCRIBERS = """<?xml version="1.0" encoding="UTF-8"?>
<subscribers>
%s</subscribers>
""" % "".join("""
 <subscriber impi="%(u)s@open-ims.test" schemes="SIP-Digest">
  <digest password="%(u)s" realm="open-ims.test"/>
  <IMSSubscription><PrivateID>%(u)s@open-ims.test</PrivateID><ServiceProfile>
   <PublicIdentity><Identity>sip:%(u)s@open-ims.test</Identity></PublicIdentity>
   <PublicIdentity><Identity>tel:+1555000%(n)d</Identity></PublicIdentity>
  </ServiceProfile></IMSSubscription>
 </subscriber>
""" % {"u": u, "n": n} for n, u in enumerate(("alice", "bob")))

# Figures that move by themselves (clock, loop timing).
VOLATILE = {"scscf_uptime", "scscf_loop_lag_us", "scscf_loop_lag_max_us"}

SAMPLE = re.compile(r'^([a-zA-Z_:][a-zA-Z0-9_:]*)(\{(.*)\})? (\d+)$')
LABEL = re.compile(r'([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\\n]|\\\\|\\"|\\n)*)"(,|$)')


def assert_eq(a, b):
    assert a == b, "%r != %r" % (a, b)


def parse(text):
    """The Prometheus text format, strictly: {(name, ((label, value), ...)): value}."""
    assert text.endswith("\n"), text[-100:]
    samples, helped, typed, done = {}, set(), {}, set()
    current = None
    for line in text[:-1].split("\n"):
        if line.startswith("# HELP "):
            name = line.split(" ")[2]
            assert name not in helped, "second HELP for " + name
            assert len(line.split(" ", 3)) == 4 and line.split(" ", 3)[3], line
            helped.add(name)
            continue
        if line.startswith("# TYPE "):
            _, _, name, kind = line.split(" ")
            assert name in helped and name not in typed, line
            assert kind in ("counter", "gauge"), line
            assert (kind == "counter") == name.endswith("_total"), line
            typed[name] = kind
            if current is not None:
                done.add(current)
            current = name
            continue
        m = SAMPLE.match(line)
        assert m, "not a sample line: %r" % line
        name = m.group(1)
        assert name == current and name not in done, "sample out of its family: " + line
        labels = ()
        if m.group(3) is not None:
            body, pos, out = m.group(3), 0, []
            while pos < len(body):
                lm = LABEL.match(body, pos)
                assert lm, "bad labels: %r" % line
                out.append((lm.group(1), lm.group(2)))
                pos = lm.end()
            labels = tuple(out)
        key = (name, labels)
        assert key not in samples, "duplicate sample " + line
        samples[key] = int(m.group(4))
    return samples


def http(port, data, wait=10.0):
    """Send bytes on a new connection, half-close, read to the end."""
    s = socket.create_connection(("127.0.0.1", port), timeout=wait)
    try:
        if data:
            s.sendall(data)
        s.shutdown(socket.SHUT_WR)
        got = b""
        while True:
            chunk = s.recv(65536)
            if not chunk:
                return got
            got += chunk
    finally:
        s.close()


def split_answer(raw):
    head, _, body = raw.partition(b"\r\n\r\n")
    lines = head.decode().split("\r\n")
    status = int(lines[0].split(" ")[1])
    headers = dict(line.split(": ", 1) for line in lines[1:])
    return lines[0], headers, body


def scrape(port):
    raw = http(port, b"GET /metrics HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept: */*\r\n\r\n")
    first, headers, body = split_answer(raw)
    assert_eq(first, "HTTP/1.1 200 OK")
    assert_eq(headers["Content-Type"], "text/plain; version=0.0.4; charset=utf-8")
    assert_eq(int(headers["Content-Length"]), len(body))
    assert_eq(headers["Connection"], "close")
    return parse(body.decode())


def moved(before, after):
    """{key: delta} of every sample that changed (new ones count from 0)."""
    out = {}
    for key in set(before) | set(after):
        if key[0] in VOLATILE:
            continue
        d = after.get(key, 0) - before.get(key, 0)
        if d:
            out[key] = d
    return out


def k(name, **labels):
    order = {"method": 0, "code": 1, "reason": 0, "result": 1, "peer": 0, "state": 1}
    return (name, tuple(sorted(labels.items(), key=lambda kv: order.get(kv[0], 9))))


def ctl_stats(sock):
    p = subprocess.run([SCSCFCTL, "-s", sock, "--json", "stats"], stdout=subprocess.PIPE,
                       stderr=subprocess.PIPE, timeout=60)
    assert p.returncode == 0, p.stderr
    return json.loads(p.stdout.decode())


def json_figure(doc, key):
    """The value stats --json gives for a Prometheus sample key."""
    name, labels = key
    base = name[len("scscf_"):]
    if base.endswith("_total"):
        base = base[:-len("_total")]
    for group in ("registrar", "store", "notifier", "sip", "cx", "diameter", "loop"):
        if base.startswith(group + "_"):
            node = doc[group][base[len(group) + 1:]]
            break
    else:
        node = doc[base]
    for _, v in labels:
        node = node[v]
    return node


def run_tests(lab, port, sock, work):
    sip = lab.port
    state = {}

    def well_formed():
        s = scrape(port)
        state["s"] = s
        names = {key[0] for key in s}
        for n in ("scscf_uptime", "scscf_started_at", "scscf_registrar_registers_total",
                  "scscf_store_bindings", "scscf_notifier_subscriptions",
                  "scscf_notifier_notify_sent_total", "scscf_sip_server_transactions",
                  "scscf_sip_client_transactions", "scscf_cx_pending",
                  "scscf_diameter_peer_up", "scscf_loop_lag_us", "scscf_loop_lag_max_us"):
            assert n in names, (n, sorted(names))
        assert_eq(s[k("scscf_diameter_peer_up", peer="hss.open-ims.test")], 1)
        assert_eq(s[k("scscf_diameter_peer_state", peer="hss.open-ims.test",
                      state="STATE_OPEN")], 1)
        assert abs(s[k("scscf_started_at")] - time.time()) < 600
        wait_for(lambda: " info  cx: Diameter peer hss.open-ims.test is open\n" in lab.d.text(),
                 "the log line of the peer opening", 5)
    check("GET /metrics: 200, the Prometheus text format, every family, the HSS peer open "
          "(and logged so)", well_formed)

    def same_as_json():
        doc = ctl_stats(sock)
        s = scrape(port)
        for key, v in s.items():
            if key[0] in VOLATILE or key[0] in ("scscf_started_at",):
                continue
            assert_eq((key, json_figure(doc, key)), (key, v))
    check("scscfctl stats --json gives the same figures as the scrape", same_as_json)

    def register():
        before = scrape(port)
        ua = UA(sip, "alice", "alice")
        st, head = ua.register()
        assert st == 200, head
        state["alice"] = ua
        d = moved(before, scrape(port))
        assert_eq(d, {
            k("scscf_sip_received_total"): 2,
            k("scscf_sip_dispatched_total"): 2,
            k("scscf_sip_responses_total", method="REGISTER", code="401"): 1,
            k("scscf_sip_responses_total", method="REGISTER", code="200"): 1,
            k("scscf_sip_server_transactions"): 2,  # held for Timer J
            k("scscf_registrar_registers_total"): 2,
            k("scscf_registrar_challenges_total"): 1,
            k("scscf_registrar_registered_total"): 1,
            k("scscf_cx_mar_total", result="DIAMETER_SUCCESS"): 1,
            k("scscf_cx_sar_total", result="DIAMETER_SUCCESS"): 1,
            k("scscf_store_sets"): 1,
            k("scscf_store_bindings"): 1,
            k("scscf_store_impus"): 2,
        })
    check("a Digest registration moves exactly: 2 REGISTERs (401, 200), 1 MAR, 1 SAR, "
          "1 set, 1 binding, 2 IMPUs", register)

    def unknown_user():
        before = scrape(port)
        ua = UA(sip, "nobody", "x")
        try:
            st, head = ua.send(ua.contact(), 600)
        finally:
            ua.close()
        assert_eq(st, 403)
        d = moved(before, scrape(port))
        assert_eq(d, {
            k("scscf_sip_received_total"): 1,
            k("scscf_sip_dispatched_total"): 1,
            k("scscf_sip_responses_total", method="REGISTER", code="403"): 1,
            k("scscf_sip_server_transactions"): 1,
            k("scscf_registrar_registers_total"): 1,
            k("scscf_registrar_hss_errors_total"): 1,
            k("scscf_cx_mar_total", result="DIAMETER_ERROR_USER_UNKNOWN"): 1,
        })
    check("an unknown user: 403, and the MAR counted as DIAMETER_ERROR_USER_UNKNOWN",
          unknown_user)

    def subscribe():
        before = scrape(port)
        w = Watcher(sip, "sip:alice@open-ims.test", "ue")
        state["w"] = w
        r = w.subscribe("sip:alice@open-ims.test", expires=3600)
        assert_eq(r.status, 200)
        w.next_notify()
        wait_for(lambda: moved(before, scrape(port)).get(
            k("scscf_notifier_notify_ok_total")) == 1, "the NOTIFY's 200 counted")
        d = moved(before, scrape(port))
        assert_eq(d, {
            k("scscf_sip_received_total"): 2,  # the SUBSCRIBE and the NOTIFY's 200
            k("scscf_sip_responses_received_total"): 1,
            k("scscf_sip_dispatched_total"): 1,
            k("scscf_sip_responses_total", method="SUBSCRIBE", code="200"): 1,
            k("scscf_sip_server_transactions"): 1,
            k("scscf_sip_client_transactions"): 1,  # the NOTIFY's, held for Timer K
            k("scscf_notifier_subscriptions"): 1,
            k("scscf_notifier_subscribe_ok_total"): 1,
            k("scscf_notifier_notify_sent_total"): 1,
            k("scscf_notifier_notify_ok_total"): 1,
        })
    check("a UE subscribes: SUBSCRIBE 200, one NOTIFY sent and answered, one subscription",
          subscribe)

    def rtr():
        before = scrape(port)
        rc, out = lab.hss.ctl("rtr", "impi", "alice@open-ims.test", "reason", "0")
        assert rc == 0 and "2001" in out, out
        n = state["w"].next_notify()
        assert (n.get("Subscription-State") or "").startswith("terminated"), n.text()
        wait_for(lambda: moved(before, scrape(port)).get(
            k("scscf_notifier_notify_ok_total")) == 1, "the final NOTIFY's 200 counted")
        d = moved(before, scrape(port))
        assert_eq(d, {
            k("scscf_registrar_rtr_total"): 1,
            k("scscf_cx_rtr_total", reason="PERMANENT_TERMINATION",
              result="DIAMETER_SUCCESS"): 1,
            k("scscf_store_sets"): -1,
            k("scscf_store_bindings"): -1,
            k("scscf_store_impus"): -2,
            k("scscf_notifier_subscriptions"): -1,
            k("scscf_notifier_subscribe_ended_total"): 1,
            k("scscf_notifier_notify_sent_total"): 1,
            k("scscf_notifier_notify_ok_total"): 1,
            k("scscf_sip_received_total"): 1,
            k("scscf_sip_responses_received_total"): 1,
            k("scscf_sip_client_transactions"): 1,
        })
    check("an RTR (PERMANENT_TERMINATION): counted with its reason and answer; the set and "
          "the subscription go; one final NOTIFY", rtr)

    def options():
        before = scrape(port)
        s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        s.settimeout(5)
        s.bind(("127.0.0.1", 0))
        lp = s.getsockname()[1]
        s.sendto(("OPTIONS sip:scscf.open-ims.test SIP/2.0\r\n"
                  "Via: SIP/2.0/UDP 127.0.0.1:%d;branch=z9hG4bK-m1\r\n"
                  "Max-Forwards: 70\r\nTo: <sip:scscf.open-ims.test>\r\n"
                  "From: <sip:probe@open-ims.test>;tag=m1\r\nCall-ID: metrics-opt\r\n"
                  "CSeq: 1 OPTIONS\r\nContent-Length: 0\r\n\r\n" % lp).encode(),
                 ("127.0.0.1", sip))
        assert s.recv(65536).startswith(b"SIP/2.0 200 ")
        s.close()
        d = moved(before, scrape(port))
        assert_eq(d, {
            k("scscf_sip_received_total"): 1,
            k("scscf_sip_options_total"): 1,
            k("scscf_sip_responses_total", method="OPTIONS", code="200"): 1,
            k("scscf_sip_server_transactions"): 1,
        })
    check("an OPTIONS moves received, options and responses{OPTIONS,200} by one", options)

    def head_and_errors():
        first, h, body = split_answer(http(port, b"HEAD /metrics HTTP/1.0\r\n\r\n"))
        assert_eq(first, "HTTP/1.1 200 OK")
        assert int(h["Content-Length"]) > 1000 and body == b"", (h, body)
        for req, want in ((b"GET / HTTP/1.1\r\nHost: x\r\n\r\n", "404 Not Found"),
                          (b"GET /metricsx HTTP/1.0\r\n\r\n", "404 Not Found"),
                          (b"POST /metrics HTTP/1.0\r\nContent-Length: 0\r\n\r\n",
                           "405 Method Not Allowed"),
                          (b"GET /metrics HTTP/1.1\r\n\r\n", "400 Bad Request"),  # no Host
                          (b"GET /metrics HTTP/2.0\r\n\r\n", "505 HTTP Version Not Supported"),
                          (b"GET metrics HTTP/1.0\r\n\r\n", "400 Bad Request"),
                          (b"GET /metrics HTTP/1.0\r\n folded: x\r\n\r\n", "400 Bad Request"),
                          (b"GET /metrics HTTP/1.0\r\nA\x00: b\r\n\r\n", "400 Bad Request"),
                          (b"GET /metrics HTTP/1.0\r\nContent-Length: 5\r\n\r\nabcde",
                           "400 Bad Request"),
                          (b"\x16\x03\x01\x02\x00\x01\x00\x01\xfc\x03\x03\r\n\r\n",
                           "400 Bad Request"),
                          (b"GET /metrics HTTP/1.0\r\nX: " + b"a" * 9000 + b"\r\n\r\n",
                           "431 Request Header Fields Too Large"),
                          (b"GET /" + b"a" * 9000 + b" HTTP/1.0\r\n\r\n", "414 URI Too Long")):
            first, h, body = split_answer(http(port, req))
            assert_eq((req[:40], first), (req[:40], "HTTP/1.1 " + want))
            assert_eq(h["Connection"], "close")
            if want.startswith("405"):
                assert_eq(h["Allow"], "GET, HEAD")
        assert_eq(http(port, b"GET /metr"), b"")  # the end before the request: closed
    check("HEAD has no body; 404, 405 with Allow, 400, 414, 431, 505 for what they fit",
          head_and_errors)

    def idle_and_cap():
        idle = [socket.create_connection(("127.0.0.1", port), timeout=10)
                for _ in range(MAX_CLIENTS)]
        try:
            extra = socket.create_connection(("127.0.0.1", port), timeout=10)
            assert_eq(extra.recv(100), b"")  # over the cap: closed at once
            extra.close()
            t0 = time.time()
            for s in idle:
                assert_eq(s.recv(100), b"")  # closed after idle_timeout
            assert time.time() - t0 < IDLE + 10
        finally:
            for s in idle:
                s.close()
        scrape(port)
    check("a client over max_clients is closed at once; idle clients after idle_timeout; "
          "the endpoint serves again", idle_and_cap)

    def peer_down():
        lab.hss.stop()
        wait_for(lambda: scrape(port).get(k("scscf_diameter_peer_up",
                                            peer="hss.open-ims.test")) == 0,
                 "the peer gauge to drop", 60)
        wait_for(lambda: re.search(r" warn  cx: Diameter peer hss\.open-ims\.test is no longer "
                                   r"open \(STATE_\w+\)\n", lab.d.text()),
                 "the log line of the peer closing", 10)
    check("hss-sim stops: scscf_diameter_peer_up{peer=\"hss.open-ims.test\"} goes to 0, and "
          "the log says so", peer_down)


def config_cases(work):
    def bad_listen():
        conf = os.path.join(work, "bad-metrics.conf")
        with open(conf, "w") as f:
            f.write("[sip]\nlisten = udp:127.0.0.1:%d\n[metrics]\nlisten = localhost:9464\n"
                    % free_port())
        p = subprocess.run([SCSCFD, "-c", conf, "-t"], stdout=subprocess.PIPE,
                           stderr=subprocess.PIPE, timeout=30)
        assert_eq(p.returncode, 1)
        assert_eq(p.stderr.decode(), "scscfd: %s:4: metrics.listen \"localhost:9464\" is not "
                  "a numeric ADDRESS:PORT (IPv6 in brackets)\n" % conf)
    check("metrics.listen with a name: one clear line and exit 1", bad_listen)

    def port_taken():
        busy = socket.socket()
        busy.bind(("127.0.0.1", 0))
        busy.listen(1)
        taken = busy.getsockname()[1]
        conf = os.path.join(work, "busy-metrics.conf")
        with open(conf, "w") as f:
            f.write("[sip]\nlisten = udp:127.0.0.1:%d\n[metrics]\nlisten = 127.0.0.1:%d\n"
                    % (free_port(), taken))
        try:
            p = subprocess.run([SCSCFD, "-c", conf], stdout=subprocess.PIPE,
                               stderr=subprocess.STDOUT, timeout=60)
        finally:
            busy.close()
        assert_eq(p.returncode, 1)
        assert "cannot listen for metrics on 127.0.0.1:%d: address already in use" % taken \
            in p.stdout.decode(), p.stdout
    check("the metrics port in use: scscfd says so and exits 1", port_taken)


def main():
    work = tempfile.mkdtemp(prefix="metrics-test-")
    sock = os.path.join(work, "scscfd.sock")
    port = free_port()
    lab = imslab.Lab(SCSCFD, HSS_SIM, SRCDIR, work, SUBSCRIBERS, sections=[
        "[registrar]", "min_expires = 2", "default_expires = 600",
        "[control]", "socket = %s" % sock,
        "[metrics]", "listen = 127.0.0.1:%d" % port, "idle_timeout = %d" % IDLE,
        "max_clients = %d" % MAX_CLIENTS])
    try:
        lab.wait_cx("bob", "bob")
        assert "metrics: serving http://127.0.0.1:%d/metrics" % port in lab.d.text()
        run_tests(lab, port, sock, work)
    finally:
        code = lab.stop()
        check("scscfd exits 0 after SIGTERM", lambda: assert_eq(code, 0))
    config_cases(work)
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

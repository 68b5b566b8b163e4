#!/usr/bin/env python3
"""daemon_test.py - integration tests of scscfd's SIP layer.

Starts the real daemon on free loopback ports (IPv4, and IPv6 when ::1
exists), drives it with sipp scenarios and with raw UDP/TCP sockets (for
byte-exact, malformed and RFC 4475 messages, which sipp cannot send), checks
every answer, then stops the daemon with SIGTERM and checks a clean exit.

usage: daemon_test.py SCSCFD SRCDIR SHAREDDIR
environment: SCSCFD_WRAPPER  command prefix, e.g. "valgrind --error-exitcode=99"
Prints one line per test and a closing "N passed, N failed".
"""
import os
import re
import shlex
import signal
import socket
import subprocess
import sys
import tempfile
import time

SCSCFD, SRCDIR, SHARED = sys.argv[1:4]
SCENARIOS = os.path.join(SRCDIR, "tests", "sip", "scenarios")
TORTURE = os.path.join(SHARED, "testdata", "rfc4475")
MAX_MESSAGE = 16384  # configured limit, so that UDP can exceed it

# RFC 4475 files and what this element answers (README.md of the test data).
# An INVITE is served by nobody here: a valid one gets 405 with Allow.
# REGISTER reaches the registrar, which answers 500 in this daemon (no HSS
# configured; tests/sip/registrar_test.py runs them with one) or 400 for a
# To that is not a SIP or tel AOR (unksm2).  "drop" = no answer.
# Entries are (UDP outcomes, TCP outcomes or None when the file cannot be
# framed on a stream).  Where the RFC allows a lenient element to accept
# (quotbal, ltgtruri, ...), both answers are listed.
TORTURE_EXPECT = {
    "wsinv.dat": ({405}, {405}),
    "intmeth.dat": ({501}, {501}),
    "esc01.dat": ({405}, {405}),
    "escnull.dat": ({500}, {500}),
    "esc02.dat": ({501}, {501}),
    "lwsdisp.dat": ({200}, {200}),
    "longreq.dat": ({405}, {405}),
    "dblreq.dat": ({500}, None),
    "semiuri.dat": ({200}, {200}),
    "transports.dat": ({200}, {200}),
    "mpart01.dat": ({405}, {405}),
    "unreason.dat": ({"drop"}, {"drop"}),
    "noreason.dat": ({"drop"}, {"drop"}),
    "badinv01.dat": ({400}, {400}),
    "clerr.dat": ({400}, None),
    "ncl.dat": ({400}, {400}),
    "scalar02.dat": ({400}, {400}),
    "scalarlg.dat": ({"drop"}, {"drop"}),
    "quotbal.dat": ({400, 405}, {400, 405}),     # lenient: infer the quote
    "ltgtruri.dat": ({400, 405}, {400, 405}),
    "lwsruri.dat": ({400, 405}, {400, 405}),
    "lwsstart.dat": ({400, 405}, {400, 405}),
    "trws.dat": ({400, 200}, {400, 200}),
    "escruri.dat": ({400, 405}, {400, 405}),
    "baddate.dat": ({405}, {405}),
    "regbadct.dat": ({400, 500}, {400, 500}),
    "badaspec.dat": ({400, 200}, {400, 200}),
    "baddn.dat": ({400, 200}, None),
    "badvers.dat": ({505}, {505}),
    "mismatch01.dat": ({400}, {400}),
    "mismatch02.dat": ({400, 501}, {400, 501}),
    "bigcode.dat": ({"drop"}, {"drop"}),
    "badbranch.dat": ({200, 400}, {200, 400}),
    "insuf.dat": ({400, "drop"}, {400, "drop"}),
    "unkscm.dat": ({416}, {416}),
    "novelsc.dat": ({416}, {416}),
    "unksm2.dat": ({400}, {400}),
    "bext01.dat": ({420}, {420}),
    "invut.dat": ({405}, {405}),
    "regaut01.dat": ({500}, {500}),
    "multi01.dat": ({400}, {400}),
    "mcl01.dat": ({400}, {400}),
    "bcast.dat": ({"drop"}, {"drop"}),
    "zeromf.dat": ({200, 483}, {200, 483}),
    "cparam01.dat": ({500}, {500}),
    "cparam02.dat": ({500}, {500}),
    "regescrt.dat": ({500}, {500}),
    "sdp01.dat": ({405}, {405}),
    "inv2543.dat": ({405}, None),
    "test.dat": ({400, "drop"}, None),
}

from siptest import (WAIT, check, free_port, have_ipv6, parse_responses,  # noqa: E402
                     results, statuses, tcp_exchange, udp_exchange)
import siptest  # noqa: E402


def Daemon(workdir, port, port6, **kw):
    kw.setdefault("max_message", MAX_MESSAGE)
    return siptest.Daemon(SCSCFD, workdir, port, port6, **kw)


def no_ipv6():
    raise AssertionError("no IPv6 on loopback (::1 cannot be bound): the check cannot run")


def request(method="OPTIONS", branch=None, call_id=True, cseq="1 OPTIONS", extra="",
            body="", via_count=1, tp="UDP"):
    branch = branch or "z9hG4bK-%d-%f" % (os.getpid(), time.time())
    # rport: the answer comes back to the socket's own (ephemeral) port;
    # the Vias below the top one are short, as proxies' would be
    vias = "Via: SIP/2.0/%s 127.0.0.1:%d;rport;branch=%s\r\n" % (tp, 5999, branch)
    vias += "".join("Via: SIP/2.0/%s p%d;branch=z9hG4bK%d\r\n" % (tp, i, i)
                    for i in range(1, via_count))
    lines = ["%s sip:open-ims.test SIP/2.0\r\n" % method, vias,
             "From: <sip:probe@open-ims.test>;tag=t1\r\n",
             "To: <sip:open-ims.test>\r\n"]
    if call_id:
        lines.append("Call-ID: %s@127.0.0.1\r\n" % branch)
    lines += ["CSeq: %s\r\n" % cseq, "Max-Forwards: 70\r\n", extra,
              "Content-Length: %d\r\n\r\n" % len(body.encode()), body]
    return "".join(lines).encode()


def sipp(scenario, transport, port, workdir, host="127.0.0.1", extra=()):
    local = free_port(socket.AF_INET6 if ":" in host else socket.AF_INET, host)
    target = "[%s]:%d" % (host, port) if ":" in host else "%s:%d" % (host, port)
    cmd = ["sipp", "-sf", os.path.join(SCENARIOS, scenario), "-m", "1", "-t", transport,
           "-i", host, "-p", str(local), "-timeout", "15", "-timeout_error",
           "-trace_err", "-nostdin"] + list(extra) + [target]
    p = subprocess.run(cmd, cwd=workdir, stdin=subprocess.DEVNULL,
                       stdout=subprocess.PIPE, stderr=subprocess.STDOUT, timeout=60)
    if p.returncode != 0:
        errs = ""
        for f in os.listdir(workdir):
            if f.endswith("_errors.log"):
                with open(os.path.join(workdir, f), errors="replace") as fh:
                    errs += fh.read()[-2000:]
        raise AssertionError("sipp %s over %s exited %d: %s %s" % (
            scenario, transport, p.returncode, p.stdout.decode(errors="replace")[-800:], errs))


def main():
    work = tempfile.mkdtemp(prefix="scscfd-test-")
    port = free_port()
    port6 = free_port(socket.AF_INET6, "::1") if have_ipv6() else 0
    d = Daemon(work, port, port6, force_rport=False)

    def options_alive():
        assert statuses(udp_exchange(request(), port)) == [200], "OPTIONS unanswered"

    def udp_socket():
        s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        s.bind(("127.0.0.1", 0))
        return s

    def recv_all(s, quiet):
        """Every datagram until `quiet` seconds pass without one."""
        got = []
        s.settimeout(quiet)
        while True:
            try:
                got.append(s.recvfrom(70000)[0])
            except socket.timeout:
                return got

    def header(head, name):
        return [l for l in head.split("\r\n") if l.startswith(name + ":")]

    # -- OPTIONS through sipp, both transports and families
    check("sipp OPTIONS udp", lambda: sipp("options.xml", "u1", port, work))
    check("sipp OPTIONS tcp", lambda: sipp("options.xml", "t1", port, work))
    # without IPv6 on loopback these fail (they are not skipped)
    for name, tp in (("sipp OPTIONS udp [::1]", "u1"), ("sipp OPTIONS tcp [::1]", "t1")):
        check(name, lambda tp=tp: sipp("options.xml", tp, port6, work, "::1") if port6 else
              no_ipv6())

    def options_headers():
        (st, head, _), = udp_exchange(request(), port)
        assert st == 200, st
        assert re.search(r"(?m)^Allow: REGISTER, SUBSCRIBE, OPTIONS, ACK, CANCEL\r?$", head), head
        assert re.search(r"(?m)^Accept: application/reginfo\+xml, text/registration-event", head), head
        assert re.search(r"(?m)^Supported: path, outbound, gruu\r?$", head), head
        assert re.search(r"(?m)^To: <sip:open-ims.test>;tag=\w+", head), head
    check("OPTIONS answer headers", options_headers)

    def rport():
        (st, head, _), = udp_exchange(request(), port)
        via = [l for l in head.split("\r\n") if l.startswith("Via:")][0]
        # RFC 3581 §4: received is added with rport even when equal to sent-by
        assert re.search(r";rport=\d+", via) and ";received=127.0.0.1" in via, via
    check("rport filled (RFC 3581)", rport)

    def received():
        msg = request().replace(b"127.0.0.1:5999;rport", b"192.0.2.7:5999;rport")
        (st, head, _), = udp_exchange(msg, port)
        via = [l for l in head.split("\r\n") if l.startswith("Via:")][0]
        assert ";received=127.0.0.1" in via and re.search(r";rport=\d+", via), via
    check("received added when sent-by differs (RFC 3261 18.2.1)", received)

    def sent_by_port():
        # without rport the answer goes to the source address at the sent-by port
        s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        s.bind(("127.0.0.1", 0))
        s.settimeout(1)
        mine = s.getsockname()[1]
        other = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        other.bind(("127.0.0.1", 0))
        msg = request().replace(b"127.0.0.1:5999;rport", b"127.0.0.1:%d" % mine)
        other.sendto(msg, ("127.0.0.1", port))
        data, _ = s.recvfrom(65536)
        other.close()
        s.close()
        assert data.startswith(b"SIP/2.0 200 "), data[:40]
    check("no rport: answer goes to the sent-by port (RFC 3261 18.2.2)", sent_by_port)

    # -- REGISTER retransmissions: identical answers, handler once
    def register_retrans(tp, runs):
        before = d.text().count("answered 500: no HSS")
        sipp("register_retrans.xml", tp, port, work, extra=["-nr"])
        time.sleep(0.2)
        n = d.text().count("answered 500: no HSS") - before
        assert n == runs, "handler ran %d times, want %d" % (n, runs)
    check("sipp REGISTER retransmitted within Timer J, udp: handler once",
          lambda: register_retrans("u1", 1))
    # RFC 3261 17.2.2: on a reliable transport Timer J is zero (clients never
    # retransmit there), so each copy sent 100 ms later is a new transaction.
    check("sipp REGISTER re-sent over tcp after Timer J (0): one transaction each",
          lambda: register_retrans("t1", 3))

    def register_identical():
        msg = request("REGISTER", cseq="1 REGISTER")
        got = udp_exchange(msg, port, count=3)
        assert statuses(got) == [500, 500, 500], statuses(got)
        assert got[0][2] == got[1][2] == got[2][2], "responses differ"
    check("REGISTER retransmissions get byte-identical answers", register_identical)

    # -- malformed input
    def expect_udp(msg, want, reason=None):
        got = udp_exchange(msg, port)
        st = statuses(got) or ["drop"]
        assert st[0] in want, "got %s, want %s" % (st, want)
        if reason and got:
            first = got[0][1].split("\r\n", 1)[0]
            assert reason in first, first
        options_alive()

    check("missing Call-ID -> 400",
          lambda: expect_udp(request(call_id=False), {400}, "Call-ID"))
    check("bad CSeq -> 400", lambda: expect_udp(request(cseq="abc OPTIONS"), {400}, "CSeq"))
    check("CSeq method mismatch -> 400",
          lambda: expect_udp(request(cseq="1 REGISTER"), {400}))
    check("garbage -> dropped", lambda: expect_udp(os.urandom(300), {"drop"}))

    def drop_names_peer():
        time.sleep(1.1)  # a fresh second: the per-second log budget is whole
        s = udp_socket()
        try:
            sport = s.getsockname()[1]
            s.sendto(b"\x00garbage for the log", ("127.0.0.1", port))
            want = "sip: dropped a message from udp 127.0.0.1:%d: " % sport
            deadline = time.time() + 10
            while want not in d.text() and time.time() < deadline:
                time.sleep(0.05)
            assert want in d.text(), want
            line = [l for l in d.text().split("\n") if want in l][0]
            assert re.search(r"Z info  sip: dropped .*: \S", line), line
        finally:
            s.close()
    check("a drop is logged with the peer's address and port", drop_names_peer)

    def flood_logging():
        before = d.text().count("dropped a message")
        s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        for _ in range(200):
            s.sendto(b"\x00garbage" * 10, ("127.0.0.1", port))
        time.sleep(1.2)
        s.sendto(b"\x00garbage", ("127.0.0.1", port))  # next second: the summary
        s.close()
        time.sleep(0.3)
        lines = d.text().count("dropped a message") - before
        assert 1 <= lines <= 21, "%d drop lines for 201 drops" % lines
        assert re.search(r"sip: \d+ more dropped or rejected messages not logged", d.text())
        options_alive()
    check("a flood of garbage costs a few log lines a second, and a summary", flood_logging)

    def log_level_warn():
        dw = Daemon(work, free_port(), 0, log_level="warn")
        try:
            assert statuses(udp_exchange(request(), dw.port)) == [200], "OPTIONS unanswered"
            s = udp_socket()
            s.settimeout(WAIT)
            try:
                for _ in range(50):  # over the 10 drop lines a second
                    s.sendto(b"\x00garbage" * 10, ("127.0.0.1", dw.port))
                s.sendto(request(), ("127.0.0.1", dw.port))
                assert s.recvfrom(70000)[0].startswith(b"SIP/2.0 200 "), "no 200"
                time.sleep(1.1)  # the next second's first drop logs the summary
                s.sendto(b"\x00garbage", ("127.0.0.1", dw.port))
                s.sendto(request(), ("127.0.0.1", dw.port))
                assert s.recvfrom(70000)[0].startswith(b"SIP/2.0 200 "), "no 200"
            finally:
                s.close()
        finally:
            rc = dw.stop()
        log = dw.text()
        assert rc == 0, "exit status %d\n%s" % (rc, log[-2000:])
        lines = log.splitlines()
        assert not [l for l in lines if " info " in l or " debug " in l], log[-2000:]
        assert all(re.match(r"\S+Z warn  ", l) for l in lines), log[-2000:]
        summary = [int(n) for n in
                   re.findall(r"(?m)warn  sip: (\d+) more dropped or rejected messages not logged$",
                              log)]
        assert len(summary) == len(lines) and 1 <= len(summary) <= 3, log[-2000:]
        assert 1 <= sum(summary) <= 40, summary
    check("log.level warn: no info lines, only the warn flood summary", log_level_warn)
    check("NUL bytes in headers -> 400 NUL in header",
          lambda: expect_udp(request().replace(b"From:", b"Fr\x00om:"), {400}, "NUL in header"))
    check("folded header -> processed",
          lambda: expect_udp(request(extra="Subject: a folded\r\n  header line\r\n"), {200}))
    def many_vias():
        dv = Daemon(work, free_port(), 0, max_message=65536)
        try:
            msg = request(via_count=1000)
            assert 30000 < len(msg) < 65000, len(msg)
            got = udp_exchange(msg, dv.port)
            assert statuses(got) == [200], statuses(got)
            assert got[0][1].count("\r\nVia: ") == 1000, "Vias not all echoed"
            got, _ = tcp_exchange(request(via_count=1000, tp="TCP"), dv.port)
            assert statuses(got) == [200], statuses(got)
        finally:
            assert dv.stop() == 0
    check("1000 Via headers over UDP and TCP -> 200 echoing all of them", many_vias)
    check("Max-Forwards 0 on INVITE -> 483",
          lambda: expect_udp(request("INVITE", cseq="1 INVITE").replace(
              b"Max-Forwards: 70", b"Max-Forwards: 0"), {483}))
    check("Require: unknown -> 420",
          lambda: expect_udp(request(extra="Require: foo, bar\r\n"), {420}))

    def require_420_unsupported():
        (st, head, _), = udp_exchange(request(extra="Require: foo\r\n"), port)
        assert st == 420 and re.search(r"(?m)^Unsupported: foo", head), head
    check("420 lists the Unsupported tags", require_420_unsupported)
    check("unknown method -> 501", lambda: expect_udp(request("FOO", cseq="1 FOO"), {501}))
    check("BYE -> 405", lambda: expect_udp(request("BYE", cseq="1 BYE"), {405}))

    # -- 405 and 501 carry the methods this element serves (RFC 3261 8.2.1, 21.4.6)
    ALLOW = "REGISTER, SUBSCRIBE, OPTIONS, ACK, CANCEL"

    def allow_exact(method, want_status, reason, tp):
        msg = request(method, cseq="1 " + method, tp=tp.upper())
        got = (udp_exchange(msg, port) if tp == "udp" else tcp_exchange(msg, port)[0])
        assert statuses(got) == [want_status], statuses(got)
        head = got[0][1]
        first = head.split("\r\n", 1)[0]
        assert first == "SIP/2.0 %d %s" % (want_status, reason), first
        allows = header(head, "Allow")
        assert allows == ["Allow: " + ALLOW], allows
    for tp in ("udp", "tcp"):
        for method in ("BYE", "INVITE"):
            check("%s -> 405 with Allow: %s, %s" % (method, ALLOW, tp),
                  lambda m=method, tp=tp: allow_exact(m, 405, "Method Not Allowed", tp))
        check("FOO -> 501 with Allow: %s, %s" % (ALLOW, tp),
              lambda tp=tp: allow_exact("FOO", 501, "Not Implemented", tp))

    # -- ACK and CANCEL at a non-INVITE UAS (RFC 3261 9.2, 17.2)
    def echoed(req, head, with_to_tag=True):
        """The response echoes the request's From, Call-ID, CSeq and Via
        (the Via with received/rport added), and To (plus a tag)."""
        rq = req.decode()
        for name in ("From", "Call-ID", "CSeq"):
            assert header(head, name) == header(rq, name), (name, header(head, name))
        via_rq, via_rs = header(rq, "Via"), header(head, "Via")
        assert len(via_rs) == len(via_rq) == 1, via_rs
        sent_by = via_rq[0].split(";", 1)[0]
        branch = re.search(r";branch=[^;\s]+", via_rq[0]).group(0)
        assert via_rs[0].startswith(sent_by + ";") and branch in via_rs[0], via_rs
        assert re.search(r";rport=\d+", via_rs[0]) and ";received=127.0.0.1" in via_rs[0], via_rs
        to_rq, to_rs = header(rq, "To")[0], header(head, "To")
        assert len(to_rs) == 1 and to_rs[0].startswith(to_rq), to_rs
        if with_to_tag:
            assert re.match(re.escape(to_rq) + r";tag=\w+$", to_rs[0]), to_rs

    def cancel_no_match():
        msg = request("CANCEL", cseq="1 CANCEL")
        got = udp_exchange(msg, port)
        assert statuses(got) == [481], statuses(got)
        head = got[0][1]
        assert head.split("\r\n", 1)[0] == "SIP/2.0 481 Call/Transaction Does Not Exist", head
        echoed(msg, head)
        options_alive()
    check("CANCEL matching no transaction -> 481, headers echoed", cancel_no_match)

    def cancel_completed_options():
        branch = "z9hG4bK-cancel-%d-%f" % (os.getpid(), time.time())
        opts = request(branch=branch)
        s = udp_socket()
        try:
            s.settimeout(WAIT)
            s.sendto(opts, ("127.0.0.1", port))
            first = s.recvfrom(70000)[0]
            assert first.startswith(b"SIP/2.0 200 "), first[:40]
            cancel = request("CANCEL", branch=branch, cseq="1 CANCEL")
            s.sendto(cancel, ("127.0.0.1", port))
            (st, head, _), = parse_responses(s.recvfrom(70000)[0])
            assert head.split("\r\n", 1)[0] == "SIP/2.0 200 OK", head
            echoed(cancel, head)
            # RFC 3261 9.2: the CANCEL's answer SHOULD carry the To tag of
            # the original's answer
            tag = re.search(r"(?m)^To: .*;tag=(\w+)", first.decode()).group(1)
            assert header(head, "To")[0].endswith(";tag=" + tag), (header(head, "To"), tag)
            # the OPTIONS transaction is untouched: its retransmission gets
            # the same answer, byte for byte, and nothing else arrives
            s.sendto(opts, ("127.0.0.1", port))
            again = recv_all(s, 1.0)
            assert again == [first], again
        finally:
            s.close()
    check("CANCEL of an answered OPTIONS -> 200, the OPTIONS answer unchanged",
          cancel_completed_options)

    def stray_ack():
        s = udp_socket()
        try:
            s.sendto(request("ACK", cseq="1 ACK"), ("127.0.0.1", port))
            got = recv_all(s, 1.0)
            assert got == [], got
        finally:
            s.close()
        options_alive()
    check("stray ACK -> no answer", stray_ack)

    def ack_stops_405():
        # an INVITE server transaction (RFC 3261 17.2.1): the 405 is resent
        # over UDP (Timer G, T1 = 500 ms here, doubling) until the ACK
        branch = "z9hG4bK-ack-%d-%f" % (os.getpid(), time.time())
        s = udp_socket()
        try:
            s.settimeout(WAIT)
            s.sendto(request("INVITE", branch=branch, cseq="1 INVITE"), ("127.0.0.1", port))
            first = s.recvfrom(70000)[0]
            assert first.startswith(b"SIP/2.0 405 "), first[:40]
            s.settimeout(WAIT + 0.5)  # Timer G fires after T1
            again = s.recvfrom(70000)[0]
            assert again == first, "retransmission differs"
            tag = re.search(r"(?m)^To: .*;tag=(\w+)", first.decode()).group(1)
            ack = request("ACK", branch=branch, cseq="1 ACK").replace(
                b"To: <sip:open-ims.test>", b"To: <sip:open-ims.test>;tag=" + tag.encode())
            s.sendto(ack, ("127.0.0.1", port))
            # the next ones were due 1 s and 3 s after the first resend
            late = recv_all(s, 3.5)
            assert late == [], "%d retransmissions after the ACK" % len(late)
        finally:
            s.close()
    check("ACK for a 405'd INVITE stops the 405's retransmissions (udp)", ack_stops_405)

    def invite_405_tcp_once():
        got, closed = tcp_exchange(request("INVITE", cseq="1 INVITE", tp="TCP"), port,
                                   want=2, wait=1.5)
        assert statuses(got) == [405] and not closed, (statuses(got), closed)
    check("INVITE over tcp -> one 405, never resent (Timer G is UDP only)",
          invite_405_tcp_once)
    check("SIP/3.0 -> 505",
          lambda: expect_udp(request().replace(b" SIP/2.0\r\n", b" SIP/3.0\r\n", 1), {505}))
    check("UDP datagram over max_message_size -> 513",
          lambda: expect_udp(request(body="x" * (MAX_MESSAGE + 100)), {513}))

    # -- the malformed set again over TCP: the same answers on a framed
    # message, and the connection stays usable (an OPTIONS sent behind the
    # bad message on the same connection is answered); a message that cannot
    # be framed (no Content-Length on a stream) closes the connection unanswered
    def tcp_then_options(msg, want, reason=None):
        got, closed = tcp_exchange(msg + request(tp="TCP"), port, want=len(want) + 1)
        assert statuses(got) == want + [200], statuses(got)
        if reason:
            first = got[0][1].split("\r\n", 1)[0]
            assert first == "SIP/2.0 %d %s" % (want[0], reason), first
        assert not closed, "connection closed"

    check("tcp: missing Call-ID -> 400 Missing Call-ID, connection kept",
          lambda: tcp_then_options(request(call_id=False, tp="TCP"), [400], "Missing Call-ID"))
    check("tcp: bad CSeq -> 400 Invalid CSeq, connection kept",
          lambda: tcp_then_options(request(cseq="abc OPTIONS", tp="TCP"), [400], "Invalid CSeq"))
    check("tcp: NUL bytes in headers -> 400 NUL in header, connection kept",
          lambda: tcp_then_options(request(tp="TCP").replace(b"From:", b"Fr\x00om:"), [400],
                                   "NUL in header"))
    check("tcp: folded header -> processed, connection kept",
          lambda: tcp_then_options(request(extra="Subject: a folded\r\n  header line\r\n",
                                           tp="TCP"), [200], "OK"))
    check("tcp: framed garbage (Content-Length: 0) -> dropped, connection kept",
          lambda: tcp_then_options(b"\x01\x02garbage\x7f\r\nContent-Length: 0\r\n\r\n", []))

    def tcp_garbage_unframed():
        junk = os.urandom(300).replace(b"\n", b"x") + b"\r\n\r\n"
        got, closed = tcp_exchange(junk + request(tp="TCP"), port, until_close=True)
        assert statuses(got) == [] and closed, (statuses(got), closed)
    check("tcp: garbage without Content-Length -> no answer, connection closed",
          tcp_garbage_unframed)

    def tcp_garbage_pending():
        # no end of a header section yet: held for more, nothing answered
        got, closed = tcp_exchange(os.urandom(300).replace(b"\n", b"x"), port, wait=1.0)
        assert statuses(got) == [] and not closed, (statuses(got), closed)
    check("tcp: garbage without a header end -> held unanswered, not closed",
          tcp_garbage_pending)

    def tcp_options_alive():
        got, closed = tcp_exchange(request(tp="TCP"), port)
        assert statuses(got) == [200] and not closed, (statuses(got), closed)
    check("tcp: OPTIONS still answered after the malformed set", tcp_options_alive)

    def tcp_big():
        big = request(body="x" * (1 << 20), tp="TCP")
        got, closed = tcp_exchange(big, port, until_close=True)
        assert statuses(got)[:1] == [513], statuses(got)
        assert closed, "connection left open"
        options_alive()
    check("1 MiB body over TCP -> 513 and close", tcp_big)

    def tcp_pipelined():
        msgs = request(tp="TCP") + b"\r\n\r\n" + request(tp="TCP")
        got, closed = tcp_exchange(msgs, port, want=2)
        assert statuses(got) == [200, 200], statuses(got)
    check("TCP: two pipelined OPTIONS and a ping", tcp_pipelined)

    def tcp_bad_cl():
        got, closed = tcp_exchange(request(tp="TCP").replace(b"Content-Length: 0",
                                                             b"Content-Length: -1"), port,
                                   until_close=True)
        assert statuses(got) == [400] and closed, (statuses(got), closed)
    check("TCP: negative Content-Length -> 400 and close", tcp_bad_cl)

    # -- clean stop after all that traffic
    def stops_cleanly(daemon):
        rc = daemon.stop()
        log = daemon.text()
        assert rc == 0, "exit status %d\n%s" % (rc, log[-3000:])
        assert "stopping" in log and "stopped" in log, log[-2000:]
    def sighup():
        d.proc.send_signal(signal.SIGHUP)
        time.sleep(0.3)
        assert d.proc.poll() is None, "SIGHUP killed the daemon"
        assert "SIGHUP: log reopened" in d.text()
        options_alive()
    check("SIGHUP: log reopened, still serving", sighup)
    check("SIGTERM stops the daemon cleanly", lambda: stops_cleanly(d))

    def sigint():
        di = Daemon(work, free_port(), 0)
        options_alive_on = statuses(udp_exchange(request(), di.port))
        rc = di.stop(signal.SIGINT)
        assert options_alive_on == [200] and rc == 0, (options_alive_on, rc)
        assert "SIGINT, stopping" in di.text() and "stopped" in di.text()
    check("SIGINT stops the daemon cleanly", sigint)

    # -- RFC 4475 torture messages, bit-exact: a fresh daemon per transport
    # (a file sent twice with one branch is one transaction), answering at
    # the source port since the files' Vias name other hosts.  Some files
    # share a branch and sent-by (cparam01/02): over UDP they would be one
    # transaction until Timer J, so that daemon runs with T1 = 10 ms
    # (J = 640 ms) and each file waits J out.
    for tp in ("udp", "tcp"):
        dt = Daemon(work, free_port(), 0, force_rport=True, t1=10)
        for name in sorted(os.listdir(TORTURE)):
            if not name.endswith(".dat"):
                continue
            with open(os.path.join(TORTURE, name), "rb") as f:
                data = f.read()
            want = TORTURE_EXPECT[name][0 if tp == "udp" else 1]
            if want is None:
                continue

            def torture(data=data, want=want, tp=tp, p=dt.port):
                if tp == "udp":
                    got = udp_exchange(data, p)
                    time.sleep(0.65)
                else:
                    got, _ = tcp_exchange(data, p)
                st = statuses(got)[:1] or ["drop"]
                assert st[0] in want, "got %s, want %s" % (st, want)
            check("RFC 4475 %s %s" % (name, tp), torture)

        def healthy(p=dt.port):
            assert statuses(udp_exchange(request(), p)) == [200], "OPTIONS unanswered"
        check("healthy after the torture messages over %s" % tp, healthy)
        check("clean stop after the torture messages over %s" % tp,
              lambda dt=dt: stops_cleanly(dt))

    def overload():
        dl = Daemon(work, free_port(), 0, sip_extra=["max_transactions = 3"])
        try:
            got = [statuses(udp_exchange(request(), dl.port)) for _ in range(4)]
            assert got == [[200], [200], [200], [503]], got
            (st, head, _), = udp_exchange(request(), dl.port)
            assert st == 503 and re.search(r"(?m)^Retry-After: 5", head), head
        finally:
            rc = dl.stop()
        assert rc == 0, rc
    check("sip.max_transactions reached -> 503 with Retry-After", overload)

    def tcp_limits():
        dc = Daemon(work, free_port(), 0, idle=1, max_conns=2)
        socks = []
        try:
            for _ in range(3):
                c = socket.create_connection(("127.0.0.1", dc.port), timeout=2)
                socks.append(c)
                time.sleep(0.1)
            # the third is over tcp.max_connections: closed at once
            socks[2].settimeout(1)
            assert socks[2].recv(100) == b"", "third connection not closed"
            socks[0].sendall(request(tp="TCP"))
            socks[0].settimeout(1)
            assert socks[0].recv(4096).startswith(b"SIP/2.0 200 "), "no answer"
            # after tcp.idle_timeout (1 s) without traffic, both are closed
            time.sleep(1.6)
            for c in socks[:2]:
                c.settimeout(1)
                assert c.recv(100) == b"", "idle connection left open"
            assert "refusing connections: 2 open (tcp.max_connections)" in dc.text()
        finally:
            for c in socks:
                c.close()
            assert dc.stop() == 0
    check("TCP: tcp.max_connections enforced, idle connections closed", tcp_limits)

    def bad_config():
        path = os.path.join(work, "bad.conf")
        with open(path, "w") as f:
            f.write("[sip]\nlisten = udp:nowhere:5060\n")
        p = subprocess.run([SCSCFD, "-c", path], stdout=subprocess.PIPE,
                           stderr=subprocess.PIPE, timeout=10)
        err = p.stderr.decode().strip().split("\n")
        assert p.returncode == 1 and len(err) == 1, (p.returncode, err)
        assert err[0].startswith("scscfd: %s:2: sip.listen" % path), err
    check("bad configuration: one line, exit 1", bad_config)

    failed = [r for r in results if r[1]]
    if failed:
        print("---- logs kept in %s" % work)
    print("%d passed, %d failed" % (len(results) - len(failed), len(failed)))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())

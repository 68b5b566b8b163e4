"""siptest.py - what the integration tests share: a result list and check(),
the processes a test starts (spawn(): each is stopped when the test ends,
however it ends), free loopback ports, the scscfd process (Daemon), and
sending SIP over raw UDP and TCP sockets and reading the answers back."""
import atexit
import os
import re
import shlex
import signal
import socket
import subprocess
import time

results = []

# ---- the processes a test started ----------------------------------------
#
# Every long-running process (scscfd, hss-sim) is started with spawn() and
# stopped by stop_all() at exit, whether the test passed, failed, raised
# or got SIGTERM, SIGINT or SIGHUP (each turned into SystemExit here, so
# that the tests' finally blocks run first).  The drivers (group.sh) also
# end whatever is left in the test's process group if Python itself dies.
_started = []


def spawn(cmd, **kw):
    p = subprocess.Popen(cmd, **kw)
    _started.append(p)
    return p


def stop_all():
    """SIGTERM to each process still running, SIGKILL 10 s later."""
    live = [p for p in _started if p.poll() is None]
    for p in live:
        p.terminate()
    for p in live:
        try:
            p.wait(timeout=10)
        except subprocess.TimeoutExpired:
            p.kill()
            p.wait()
    if live:
        print("siptest: stopped %d process(es) the test left running: %s" % (
            len(live), ", ".join(str(p.args[0]) for p in live)), flush=True)


def _exit_on_signal(signum, frame):
    raise SystemExit(128 + signum)


atexit.register(stop_all)
for _sig in (signal.SIGTERM, signal.SIGINT, signal.SIGHUP):
    signal.signal(_sig, _exit_on_signal)


def check(name, fn):
    try:
        fn()
        results.append((name, None))
        print("PASS: %s" % name, flush=True)
    except Exception as e:  # a crash of the check is a failure, not the end
        results.append((name, "%s: %s" % (type(e).__name__, e)))
        print("FAIL: %s: %s: %s" % (name, type(e).__name__, e), flush=True)


def free_port(family=socket.AF_INET, host="127.0.0.1"):
    """A port free for both UDP and TCP on host."""
    for _ in range(50):
        u = socket.socket(family, socket.SOCK_DGRAM)
        u.bind((host, 0))
        port = u.getsockname()[1]
        t = socket.socket(family, socket.SOCK_STREAM)
        try:
            t.bind((host, port))
            return port
        except OSError:
            continue
        finally:
            t.close()
            u.close()
    raise RuntimeError("no free port")


def have_ipv6():
    try:
        s = socket.socket(socket.AF_INET6, socket.SOCK_DGRAM)
        s.bind(("::1", 0))
        s.close()
        return True
    except OSError:
        return False


class Daemon:
    serial = 0

    def __init__(self, scscfd, workdir, port, port6, force_rport=True, t1=500, sip_extra=(),
                 max_message=16384, idle=30, max_conns=64, sections=(), log_level="debug"):
        Daemon.serial += 1
        self.port, self.port6 = port, port6
        self.conf = os.path.join(workdir, "scscfd-%d.conf" % Daemon.serial)
        self.logpath = os.path.join(workdir, "scscfd-%d.log" % Daemon.serial)
        lines = ["[sip]",
                 "listen = udp:127.0.0.1:%d" % port,
                 "listen = tcp:127.0.0.1:%d" % port]
        if port6:
            lines += ["listen = udp:[::1]:%d" % port6, "listen = tcp:[::1]:%d" % port6]
        lines += ["domain = open-ims.test",
                  "max_message_size = %d" % max_message,
                  "force_rport = %s" % ("yes" if force_rport else "no")] + list(sip_extra) + [
                  "[tcp]", "idle_timeout = %d" % idle, "max_connections = %d" % max_conns,
                  "[timers]", "t1 = %d" % t1, "t2 = %d" % max(t1, 4000), "t4 = 5000",
                  "[log]", "level = %s" % log_level] + list(sections)
        with open(self.conf, "w") as f:
            f.write("\n".join(lines) + "\n")
        wrapper = shlex.split(os.environ.get("SCSCFD_WRAPPER", ""))
        self.log = open(self.logpath, "w")
        self.proc = spawn(wrapper + [scscfd, "-c", self.conf], stdin=subprocess.DEVNULL,
                          stdout=self.log, stderr=subprocess.STDOUT)
        # below info the "running" line is not logged: the TCP listener
        # accepting (it opens after the UDP one) says the same
        quiet = log_level in ("warn", "error")
        deadline = time.time() + 120  # valgrind, and freeDiameter's DH parameters
        while time.time() < deadline:
            if "running" in self.text() or (quiet and self._accepts()):
                return
            if self.proc.poll() is not None:
                raise RuntimeError("scscfd exited at start:\n" + self.text())
            time.sleep(0.05)
        self.proc.kill()
        self.proc.wait()
        raise RuntimeError("scscfd did not start:\n" + self.text())

    def _accepts(self):
        try:
            socket.create_connection(("127.0.0.1", self.port), timeout=1).close()
            return True
        except OSError:
            return False

    def text(self):
        with open(self.logpath) as f:
            return f.read()

    def stop(self, sig=signal.SIGTERM):
        if self.proc.poll() is None:
            self.proc.send_signal(sig)
            try:
                self.proc.wait(timeout=60)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        self.log.close()
        return self.proc.returncode


def parse_responses(data):
    """Split a byte stream into (status, headers, raw) tuples (CRLF
    keep-alive pongs between messages are skipped)."""
    out = []
    while data:
        data = data.lstrip(b"\r\n")
        if not data:
            break
        end = data.find(b"\r\n\r\n")
        if end < 0:
            break
        head = data[:end].decode("utf-8", "replace")
        m = re.search(r"(?im)^(content-length|l)\s*:\s*(\d+)", head)
        blen = int(m.group(2)) if m else 0
        raw, data = data[:end + 4 + blen], data[end + 4 + blen:]
        first = head.split("\r\n", 1)[0]
        m = re.match(r"SIP/2\.0 (\d{3}) ", first + " ")
        out.append((int(m.group(1)) if m else None, head, raw))
    return out


# How long to wait for an answer.  Answers normally come in milliseconds;
# the margin is for a loaded machine (valgrind, parallel builds).  Waits
# end as soon as what is expected has arrived; only "no answer" waits it out.
WAIT = 2.0


def udp_exchange(msg, port, host="127.0.0.1", wait=WAIT, count=1):
    fam = socket.AF_INET6 if ":" in host else socket.AF_INET
    s = socket.socket(fam, socket.SOCK_DGRAM)
    s.bind((host, 0))
    s.settimeout(wait)
    got = []
    for _ in range(count):
        s.sendto(msg, (host, port))
        try:
            data, _ = s.recvfrom(70000)
            got.extend(parse_responses(data))
        except socket.timeout:
            pass
    s.close()
    return got


def tcp_exchange(msg, port, host="127.0.0.1", wait=WAIT, want=1, until_close=False):
    """Send msg on a new connection; return (responses, closed_by_server).
    Returns once `want` responses arrived (and, with until_close, once the
    server closed), or after `wait` seconds of silence."""
    fam = socket.AF_INET6 if ":" in host else socket.AF_INET
    s = socket.socket(fam, socket.SOCK_STREAM)
    s.settimeout(5)
    s.connect((host, port))
    try:
        s.sendall(msg)
    except (BrokenPipeError, ConnectionResetError):
        pass
    s.settimeout(wait)
    data, closed = b"", False
    while True:
        try:
            chunk = s.recv(65536)
        except socket.timeout:
            break
        except ConnectionResetError:
            closed = True
            break
        if not chunk:
            closed = True
            break
        data += chunk
        if len(parse_responses(data)) >= want and not until_close:
            break
    s.close()
    return parse_responses(data), closed




def statuses(resps):
    return [r[0] for r in resps]

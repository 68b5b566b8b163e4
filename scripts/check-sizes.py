#!/usr/bin/env python3
"""scripts/check-sizes.py [TOP] - no product file over 600 lines, no
function over 80.

Product files are the .c and .h files under scscf/, diameter/ and
regevent/ (a header's static inline functions count too).  A function is
counted from the first line of its definition (the line in column 0 that
names it) to its closing brace alone in column 0; its opening brace may
stand alone in column 0 or end the signature line.  The longest files and
functions are printed whatever the outcome, so the margin shows.
"""
import os
import re
import sys

MAX_FILE_LINES = 600
MAX_FUNCTION_LINES = 80
ROOTS = ("scscf", "diameter", "regevent")
NAME = re.compile(r"([A-Za-z_]\w*)\s*\(")


def sources(top):
    for root in ROOTS:
        for d, _, files in os.walk(os.path.join(top, root)):
            for f in sorted(files):
                if f.endswith((".c", ".h")):
                    yield os.path.relpath(os.path.join(d, f), top)


def code_of(line):
    """The line without its comments (/* */ on the line, and //)."""
    return re.sub(r"/\*.*?(\*/|$)", " ", line).split("//")[0]


def functions(lines):
    """(name, first line number, length) of each function definition: its
    opening brace alone in column 0 under the signature, or at the end of
    a signature line that starts in column 0 (int f(void) {)."""
    out = []
    for i, line in enumerate(lines):
        code = code_of(line).rstrip()
        if code == "{" and i > 0:
            # the signature: back to the line in column 0 that names the function
            start = i - 1
            while start > 0 and (lines[start][:1] in (" ", "\t") or lines[start].strip() == ""):
                start -= 1
        elif re.search(r"\)\s*\{$", code) and line[:1] not in ("", " ", "\t", "#", "/", "}"):
            start = i  # "int f(void) {"
        else:
            continue
        head = code_of(lines[start])
        m = NAME.search(head) if lines[start][:1] not in ("#", "/", " ", "\t") else None
        if m is None or "=" in head:
            continue  # an initialiser or a struct, not a function
        end = i + 1
        while end < len(lines) and lines[end].rstrip() != "}":
            end += 1
        out.append((m.group(1), start + 1, end - start + 1))
    return out


def main():
    top = sys.argv[1] if len(sys.argv) > 1 else os.path.join(os.path.dirname(__file__), "..")
    files, funcs = [], []
    for path in sources(top):
        lines = open(os.path.join(top, path), encoding="utf-8", errors="replace").read().split("\n")
        if lines and lines[-1] == "":
            lines.pop()
        files.append((len(lines), path))
        if path.endswith((".c", ".h")):
            funcs += [(n, f"{path}:{line} {name}()") for name, line, n in functions(lines)]
    files.sort(reverse=True)
    funcs.sort(reverse=True)
    print(f"longest files (limit {MAX_FILE_LINES} lines):")
    for n, path in files[:8]:
        print(f"  {n:5} {path}")
    print(f"longest functions (limit {MAX_FUNCTION_LINES} lines):")
    for n, where in funcs[:8]:
        print(f"  {n:5} {where}")
    bad = [f"{path}: {n} lines" for n, path in files if n > MAX_FILE_LINES]
    bad += [f"{where}: {n} lines" for n, where in funcs if n > MAX_FUNCTION_LINES]
    for b in bad:
        print("FAIL:", b)
    print(f"check-sizes: {len(files)} files, {len(funcs)} functions, {len(bad)} over the limits")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())

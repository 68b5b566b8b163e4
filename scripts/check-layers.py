#!/usr/bin/env python3
"""scripts/check-layers.py [TOP] - the dependency rules of the source tree.

Every product folder (a "unit": scscf/base, scscf/sip, diameter/cx,
regevent, ...) may include headers only from the units listed for it in
LAYERS below, which run one way: a unit lists only units above it in the
table.  The check reads every #include "..." of every .c and .h file in
the product folders and fails on
  * an include of a unit the table does not allow (a lower layer reaching
    up, or a sideways step the design does not have);
  * a folder the table does not know;
  * a cycle between modules inside a unit (x.c and x.h form one module;
    a header with no .c, such as an _internal.h, passes its includes on).
It prints the allowed graph first, so a failure shows what is allowed.
Tests, benchmarks, fuzz targets and tools under tests/ sit above every
unit and are not checked.
"""
import os
import re
import sys

# unit: the units it may include from.  Lowest first: each unit names only
# units that come before it.
LAYERS = [
    ("scscf/base", []),
    ("diameter/crypto", ["scscf/base"]),
    ("regevent", ["scscf/base"]),
    ("diameter/userdata", ["scscf/base"]),
    ("diameter/cx", ["scscf/base"]),
    ("scscf/sip", ["scscf/base"]),
    ("scscf/store", ["scscf/base", "regevent", "diameter/userdata"]),
    ("scscf/registrar", ["scscf/base", "diameter/crypto", "regevent", "diameter/userdata",
                         "diameter/cx", "scscf/sip", "scscf/store"]),
    ("scscf/notifier", ["scscf/base", "regevent", "diameter/userdata", "scscf/sip",
                        "scscf/store", "scscf/registrar"]),
    ("scscf/ctl", ["scscf/base"]),
    ("scscf/ops", ["scscf/base", "regevent", "diameter/userdata", "diameter/cx", "scscf/sip",
                   "scscf/store", "scscf/registrar", "scscf/notifier", "scscf/ctl"]),
    ("scscf/daemon", ["scscf/base", "regevent", "diameter/userdata", "diameter/cx",
                      "scscf/sip", "scscf/store", "scscf/registrar", "scscf/notifier",
                      "scscf/ops"]),
]
ROOTS = ("scscf", "diameter", "regevent")
# "path" includes, and <path> ones that name a product folder (the build's
# -I$(top_srcdir) makes both work, so both are rules' business).
INCLUDE = re.compile(r'^\s*#\s*include\s+(?:"([^"]+)"|<((?:scscf|diameter|regevent)/[^>]+)>)',
                     re.M)


def unit_of(path):
    """The unit a file path belongs to: its folder, relative to the top."""
    return os.path.dirname(path)


def sources(top):
    for root in ROOTS:
        for d, _, files in os.walk(os.path.join(top, root)):
            for f in sorted(files):
                if f.endswith((".c", ".h")):
                    yield os.path.relpath(os.path.join(d, f), top)


def table_errors():
    seen, errors = set(), []
    for unit, deps in LAYERS:
        for dep in deps:
            if dep not in seen:
                errors.append(f"the table lets {unit} use {dep}, which is not below it")
        seen.add(unit)
    return errors


def module_cycles(edges):
    """Cycles in a directed graph {node: set(nodes)}, each once."""
    cycles, state, stack = [], {}, []

    def visit(n):
        state[n] = 1
        stack.append(n)
        for m in sorted(edges.get(n, ())):
            if state.get(m) == 1:
                cycles.append(stack[stack.index(m):] + [m])
            elif m not in state:
                visit(m)
        stack.pop()
        state[n] = 2

    for n in sorted(edges):
        if n not in state:
            visit(n)
    return cycles


def through_headers(top, edges):
    """Modules only: a header without a .c of its own (an _internal.h, a
    header of types) is no module, so an edge to it becomes edges to what
    it includes.  x -> x (a .c including its private header, which
    includes x.h) is no cycle."""
    def is_module(n):
        return os.path.exists(os.path.join(top, n + ".c"))

    def reach(n, seen):
        for m in edges.get(n, ()):
            if m in seen:
                continue
            seen.add(m)
            if not is_module(m):
                reach(m, seen)
        return seen

    out = {}
    for n in edges:
        if is_module(n):
            out[n] = {m for m in reach(n, set()) if is_module(m) and m != n}
    return out


def main():
    top = sys.argv[1] if len(sys.argv) > 1 else os.path.join(os.path.dirname(__file__), "..")
    allowed = dict(LAYERS)
    print("allowed dependencies (a unit may include from the units after its arrow):")
    for unit, deps in LAYERS:
        print(f"  {unit:18} -> {', '.join(deps) if deps else '(none)'}")
    errors = table_errors()
    modules = {}
    nfiles = 0
    for path in sources(top):
        nfiles += 1
        unit = unit_of(path)
        if unit not in allowed:
            errors.append(f"{path}: folder {unit} is not in the layer table")
            continue
        text = open(os.path.join(top, path), encoding="utf-8", errors="replace").read()
        me = os.path.splitext(path)[0]
        for quoted, angled in INCLUDE.findall(text):
            inc = quoted or angled
            if inc == "config.h":
                continue
            if not os.path.exists(os.path.join(top, inc)):
                errors.append(f"{path}: #include \"{inc}\" is not a path from the top")
                continue
            dep = unit_of(inc)
            if dep == unit:
                other = os.path.splitext(inc)[0]
                if other != me:
                    modules.setdefault(me, set()).add(other)
            elif dep not in allowed[unit]:
                errors.append(f"{path}: includes {inc}: {unit} may not use {dep}")
    for cycle in module_cycles(through_headers(top, modules)):
        errors.append("include cycle: " + " -> ".join(cycle))
    for e in errors:
        print("FAIL:", e)
    print(f"check-layers: {nfiles} files, {len(errors)} violation(s)")
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())

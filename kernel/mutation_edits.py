"""Exact-text edits scoped to a function, shared by the mutation drivers
(kernel/mutate_tdp_mmu.py, kernel/mutate_crossfile.py): an edit is
(function or None, old, new); the search for `old` starts at that function's
definition and must end inside it, and an anchor that is not found raises
KeyError, so a mutation that no longer applies is reported, not skipped."""
import re


def func_start(text, name):
    """Offset of the definition of function `name` (not a prototype, a call,
    or a comment line that names it: "* kvm_mmu_slot_try_split_huge_pages().")."""
    m = re.search(r"^(?![ \t]*(?:\*|/))[^\n;]*\b" + re.escape(name) + r"\([^;{]*\)\s*\{", text, re.M)
    if not m:
        raise KeyError("function %s not found" % name)
    return m.start()


def apply(text, edits):
    for func, old, new in edits:
        start = func_start(text, func) if func else 0
        i = text.find(old, start)
        if i < 0:
            raise KeyError("anchor not found in %s: %r" % (func or "file", old[:60]))
        if func:  # the anchor must be inside that function (before the next definition)
            nxt = re.compile(r"^[a-z][^\n;]*\([^;{]*\)\s*\{", re.M).search(text, start + 1)
            if nxt and i > nxt.start():
                raise KeyError("anchor %r is not inside %s" % (old[:60], func))
        text = text[:i] + new + text[i + len(old):]
    return text

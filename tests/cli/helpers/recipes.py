#!/usr/bin/python3
"""Extracts the recipes of the manual: every .EX/.EE block of perfpipe(7)
and of the EXAMPLES section of every other page (perf-*(1), perfpipe(1),
perfpipe-stream(5)), with roff's escapes undone (\\- -, \\e and \\\\ a
backslash, \\(aq a quote), as a shell would get them from a reader who
copies them.  A block written as a terminal session ("$ " before each
command) keeps its commands and their continuation lines (after a line
that ends in | or \\) and drops the output shown between them.

    recipes.py MANDIR OUTDIR

writes OUTDIR/PAGE-N.sh (N counts the page's blocks from 1) and prints one
line per recipe: "PAGE-N SHA" where SHA is the first 10 hex digits of the
SHA-1 of the recipe's text, so that a test can tell a recipe that changed
from one it has checked.
"""
import hashlib
import os
import re
import sys


def unescape(line):
    out, i = [], 0
    while i < len(line):
        c = line[i]
        if c == "\\" and i + 1 < len(line):
            n = line[i + 1]
            if n == "(" and line[i + 2:i + 4] == "aq":
                out.append("'")
                i += 4
                continue
            if n in "-e\\":
                out.append("-" if n == "-" else "\\")
                i += 2
                continue
            if n == "&":
                i += 2
                continue
        out.append(c)
        i += 1
    return "".join(out)


def blocks(path):
    page = os.path.basename(path)
    every = page.endswith(".7")
    section, inside, lines, found = "", False, [], []
    for raw in open(path, encoding="utf-8"):
        raw = raw.rstrip("\n")
        if raw.startswith(".SH"):
            section = raw
        if raw.startswith(".EX") and (every or "EXAMPLES" in section):
            inside, lines = True, []
        elif raw.startswith(".EE") and inside:
            inside = False
            found.append("\n".join(unescape(l) for l in lines) + "\n")
        elif inside:
            lines.append(raw)
    return [commands_of(text) for text in found]


def commands_of(text):
    """The commands of a terminal session; any other text as it is."""
    lines = text.splitlines()
    if not any(l.startswith("$ ") for l in lines):
        return text
    kept, continues = [], False
    for line in lines:
        if line.startswith("$ "):
            kept.append(line[2:])
        elif continues:
            kept.append(line)
        else:
            continue
        continues = line.rstrip().endswith(("|", "\\"))
    return "\n".join(kept) + "\n"


def main():
    mandir, outdir = sys.argv[1], sys.argv[2]
    pages = sorted(p for p in os.listdir(mandir)
                   if re.fullmatch(r"perf-[a-z]+\.1|perfpipe\.[17]|perfpipe-stream\.5", p))
    for page in pages:
        for n, text in enumerate(blocks(os.path.join(mandir, page)), 1):
            name = "%s-%d" % (page, n)
            with open(os.path.join(outdir, name + ".sh"), "w") as f:
                f.write(text)
            print(name, hashlib.sha1(text.encode()).hexdigest()[:10])


main()

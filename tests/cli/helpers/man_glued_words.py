"""man_glued_words.py - finds the slip of an alternating font macro
(.BR, .RB, .IR, .RI, .BI, .IB) given prose: its arguments are set with no
space between them, so `.BR perfpipe-stream (5)), tagged with the
subcommand;` prints "perfpipe-stream(5)),taggedwiththesubcommand;".
Three bare lowercase words in a row among the arguments are such a slip
(a plural "FILE s" or "snakepit. EVENT" is glued on purpose).

    man_glued_words.py PAGE...

prints "PAGE:LINE: the line" for each and exits 1 when there is one;
"checked N macro lines" goes first, so that a run that found no macro at
all shows it.
"""
import re
import shlex
import sys

checked, bad = 0, []
for path in sys.argv[1:]:
    with open(path, encoding="utf-8") as page:
        for number, line in enumerate(page, 1):
            match = re.match(r"^\.(BR|RB|IR|RI|BI|IB) (.*)$", line.rstrip("\n"))
            if not match:
                continue
            checked += 1
            try:
                args = shlex.split(match.group(2).replace("\\", "\\\\"))
            except ValueError:
                continue
            word = re.compile(r"[a-z]{2,}[,;:.]?$")
            if any(all(word.match(a) for a in args[i:i + 3]) for i in range(len(args) - 2)):
                bad.append("%s:%d: %s" % (path, number, line.strip()))
print("checked %d macro lines" % checked)
for line in bad:
    print(line)
sys.exit(1 if bad else 0)

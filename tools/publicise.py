#!/usr/bin/env python3
"""After split-packages.py: compiles and, for every "X is not public in P; cannot be accessed from outside package"
javac reports, adds `public` to the declaration, until the build compiles or nothing more can be fixed so.
Prints each change. Usage: python3 tools/publicise.py MAVEN_ARGS... (e.g. -o -pl nn-core -am test-compile)"""
import os
import re
import subprocess
import sys

ROOT = subprocess.check_output(["git", "rev-parse", "--show-toplevel"], text=True).strip()
ERR = re.compile(r"\[ERROR\] (/\S+\.java):\[(\d+),(\d+)\] (.+?) is not public in ([\w.]+); cannot be accessed from outside package")
MODS = r"(?:(?:static|final|abstract|synchronized|sealed|non-sealed|default)\s+)*"


def source_of(cls):
    rel = cls.replace(".", "/") + ".java"
    for dirpath, _, files in os.walk(ROOT):
        if "/target" in dirpath or "/.git" in dirpath:
            continue
        for f in files:
            p = os.path.join(dirpath, f)
            if p.endswith("/" + rel):
                return p
    return None


def publicise(path, owner_simple, what):
    with open(path, encoding="utf-8") as fh:
        lines = fh.read().split("\n")
    if re.fullmatch(r"[\w.]+", what) and what.count(".") >= 1 and what.split(".")[-1][0].isupper():
        # A class: nn.internal.Foo
        name = what.split(".")[-1]
        pattern = re.compile(r"^(" + MODS + r")(class|interface|record|enum)\s+" + name + r"\b")
    else:
        m = re.match(r"(\w+)(\(.*\))?$", what)
        if not m:
            return False
        name = m.group(1)
        # Members of a top-level type are declared at an indentation of 4 spaces (the code base's style).
        if name == owner_simple:  # a constructor
            pattern = re.compile(r"^    (" + name + r")\s*\(")
        elif m.group(2) is not None:
            pattern = re.compile(r"^    " + MODS + r"(<[^>]+>\s+)?[A-Za-z_][\w<>\[\],?. ]*[\w>\]]\s+" + name + r"\s*\(")
        else:
            pattern = re.compile(r"^    " + MODS + r"[A-Za-z_][\w<>\[\],?. ]*[\w>\]]\s+" + name + r"\s*[=;]")
    for i, line in enumerate(lines):
        if re.match(r"\s*(public|private|protected|return|throw|new)\b", line):
            continue
        mm = pattern.match(line)
        if mm:
            indent = re.match(r"\s*", line).group(0)
            lines[i] = indent + "public " + line[len(indent):]
            with open(path, "w", encoding="utf-8") as fh:
                fh.write("\n".join(lines))
            print(f"public: {os.path.relpath(path, ROOT)}:{i + 1}: {lines[i].strip()}")
            return True
    return False


def main():
    args = sys.argv[1:]
    for round_ in range(30):
        out = subprocess.run(["mvn", "-B", "-q", "-ntp"] + args, cwd=ROOT, capture_output=True, text=True).stdout
        errors = set((m.group(4), m.group(5)) for m in ERR.finditer(out))
        if not errors:
            rest = [l for l in out.split("\n") if "[ERROR]" in l and ".java" in l]
            print(f"round {round_}: no visibility errors; other errors: {len(rest)}")
            for l in rest[:40]:
                print("  " + l)
            return 0 if not rest else 1
        fixed = 0
        for what, owner in sorted(errors):
            is_class = "." in what and "(" not in what
            path = source_of(what if is_class else owner)
            if path and publicise(path, (what if is_class else owner).split(".")[-1], what):
                fixed += 1
        if fixed == 0:
            print("cannot fix:", sorted(errors)[:20])
            return 1
    return 1


if __name__ == "__main__":
    sys.exit(main())

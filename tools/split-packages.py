#!/usr/bin/env python3
"""Splits nn-core's package nn.core into the packages of tools/package-map.tsv, across the whole repository.

    python3 tools/split-packages.py            # from anywhere inside the repository

For every class in the table it
  - moves its source file (main and test, in any module) with `git mv` to the package's directory and rewrites
    its `package` line;
  - rewrites `import nn.core.X;`, `import static nn.core.X...` and fully qualified `nn.core.X` everywhere (Java
    sources of every module and examples/, README.md and the other *.md files, META-INF/services file names and
    contents);
  - adds the imports that classes which used to share nn.core now need, and drops imports of a file's own
    package; each file's imports are then sorted (static first, then ASCII order, as the code base has them).
It is idempotent: a second run changes nothing. Classes of nn.core that the table does not list stay where they
are and are reported, so that the table can be extended after merging branches that add classes.

It does not change visibility: package-private members used across the new packages fail to compile, and must be
made public (when they are API) or moved; see the report of the branch that introduced this script.
"""
import os
import re
import subprocess
import sys

OLD = "nn.core"


def repo_root():
    return subprocess.check_output(["git", "rev-parse", "--show-toplevel"], text=True).strip()


def read_map(path):
    mapping = {}
    with open(path, encoding="utf-8") as f:
        for number, line in enumerate(f, 1):
            line = line.strip()
            if not line or line.startswith("#"):
                continue
            parts = line.split()
            if len(parts) != 2 or not re.fullmatch(r"[A-Z]\w*", parts[0]) or not re.fullmatch(r"[a-z]\w*(\.[a-z]\w*)*", parts[1]):
                sys.exit(f"{path}:{number}: expected 'ClassName<TAB>package', found {line!r}")
            mapping[parts[0]] = parts[1]
    return mapping


def tracked_files(root):
    out = subprocess.check_output(["git", "ls-files", "-z"], cwd=root, text=True)
    return [f for f in out.split("\0") if f]


def java_roots(files):
    """Directories that are Java source roots: the part of a path before nn/... of a .java file."""
    roots = set()
    for f in files:
        m = re.match(r"(.*/src/[^/]+/java)/", f)
        if m and f.endswith(".java"):
            roots.add(m.group(1))
    return sorted(roots)


def move_files(root, files, mapping):
    moved, unlisted = [], []
    for f in files:
        m = re.match(r"(.*/src/[^/]+/java)/nn/core/([A-Za-z_]\w*)\.java$", f)
        if not m:
            continue
        src_root, cls = m.groups()
        if cls not in mapping:
            unlisted.append(f)
            continue
        target_dir = os.path.join(src_root, *mapping[cls].split("."))
        target = os.path.join(target_dir, cls + ".java")
        os.makedirs(os.path.join(root, target_dir), exist_ok=True)
        subprocess.check_call(["git", "mv", f, target], cwd=root)
        moved.append((f, target))
    return moved, unlisted


def package_of(text):
    m = re.search(r"^package\s+([\w.]+)\s*;", text, re.M)
    return m.group(1) if m else None


def rewrite_java(path, text, mapping, own_classes_by_package):
    """Rewrites one Java file; returns the new text."""
    cls = os.path.splitext(os.path.basename(path))[0]
    pkg = package_of(text)
    if pkg == OLD and cls in mapping:
        text = re.sub(r"^package\s+nn\.core\s*;", f"package {mapping[cls]};", text, count=1, flags=re.M)
        pkg = mapping[cls]
    # Fully qualified names (imports, Javadoc links, code): nn.core.X -> new.package.X
    def fq(m):
        name = m.group(1)
        return f"{mapping[name]}.{name}" if name in mapping else m.group(0)
    text = re.sub(r"\bnn\.core\.([A-Z]\w*)", fq, text)
    # Classes that shared nn.core with this file need imports now, when the file was (or is) in one of the
    # split packages or still in nn.core.
    was_in_core = pkg == OLD or pkg in set(mapping.values())
    needed = set()
    if was_in_core:
        body = strip_comments_and_strings(text)
        for name, target in mapping.items():
            if target != pkg and name != cls and re.search(r"(?<![\w.])" + name + r"\b", body):
                needed.add(f"import {target}.{name};")
    return fix_imports(text, pkg, needed)


def strip_comments_and_strings(text):
    # Comments are kept: a Javadoc {@link} to a class that moved needs its import too.
    text = re.sub(r'"""(?:.|\n)*?"""', '""', text)
    text = re.sub(r'"(?:\\.|[^"\\])*"', '""', text)
    # Drop the import and package lines: a name there is not a use.
    text = re.sub(r"^(import|package)\s[^\n]*", " ", text, flags=re.M)
    return text


def fix_imports(text, pkg, needed):
    lines = text.split("\n")
    idx = [i for i, l in enumerate(lines) if re.match(r"import\s+(static\s+)?[\w.*]+\s*;\s*$", l)]
    imports = set(lines[i].strip() for i in idx) | needed
    # An import of the file's own package is redundant (and not of a nested type: those have two capitalised parts).
    def own(imp):
        m = re.match(r"import\s+([\w.]+)\.([A-Z]\w*)\s*;", imp)
        return m is not None and m.group(1) == pkg
    imports = {i for i in imports if not own(i)}
    if not idx and not imports:
        return text
    static = sorted(i for i in imports if i.startswith("import static "))
    regular = sorted(i for i in imports if not i.startswith("import static "))
    block = static + ([""] if static and regular else []) + regular
    if idx:
        first, last = idx[0], idx[-1]
        # Keep everything between the first and last import that is not an import or blank (none, in this code).
        between = [l for l in lines[first:last + 1] if l.strip() and not re.match(r"import\s", l)]
        if between:
            sys.exit(f"unexpected lines between imports: {between[:2]}")
        lines[first:last + 1] = block
    else:
        p = next(i for i, l in enumerate(lines) if l.startswith("package "))
        lines[p + 1:p + 1] = [""] + block
    return "\n".join(lines)


def main():
    root = repo_root()
    mapping = read_map(os.path.join(root, "tools", "package-map.tsv"))
    files = tracked_files(root)
    moved, unlisted = move_files(root, files, mapping)
    files = tracked_files(root)
    changed = 0
    for f in files:
        path = os.path.join(root, f)
        if not os.path.isfile(path):
            continue
        if f.endswith(".java"):
            with open(path, encoding="utf-8") as fh:
                text = fh.read()
            new = rewrite_java(f, text, mapping, None)
        elif f.endswith(".md") or "/META-INF/services/" in f:
            with open(path, encoding="utf-8") as fh:
                text = fh.read()
            new = re.sub(r"\bnn\.core\.([A-Z]\w*)",
                         lambda m: f"{mapping[m.group(1)]}.{m.group(1)}" if m.group(1) in mapping else m.group(0), text)
        else:
            continue
        if new != text:
            with open(path, "w", encoding="utf-8") as fh:
                fh.write(new)
            changed += 1
    # Service files are named after the interface: META-INF/services/nn.core.X -> .../new.package.X
    for f in tracked_files(root):
        m = re.match(r"(.*/META-INF/services/)nn\.core\.([A-Z]\w*)$", f)
        if m and m.group(2) in mapping:
            subprocess.check_call(["git", "mv", f, m.group(1) + mapping[m.group(2)] + "." + m.group(2)], cwd=root)
            moved.append((f, "service file"))
    print(f"split-packages: moved {len(moved)} files, rewrote {changed}")
    for f in unlisted:
        print(f"split-packages: not in tools/package-map.tsv, left in nn.core: {f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

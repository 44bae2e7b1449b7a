#!/usr/bin/env python3
"""Finds import circles between the files of each crate: file A uses a path in file B and B, directly
or through others, uses A. A file is a module (`foo.rs` or `foo/mod.rs`); `use crate::a::b::C`
counts as an import of the deepest module file that exists on the path. `super::` resolves from
the file's module. Prints each circle; exits 1 if any."""
import os, re, sys

def modules(src):
    """module path (tuple) -> file"""
    out = {}
    for dp, _, fns in os.walk(src):
        for f in fns:
            if not f.endswith('.rs'):
                continue
            rel = os.path.relpath(os.path.join(dp, f), src)
            parts = rel[:-3].split(os.sep)
            if parts[-1] in ('lib', 'main'):
                parts = parts[:-1]
                if rel not in ('lib.rs',):
                    continue
            elif parts[-1] == 'mod':
                parts = parts[:-1]
            out[tuple(parts)] = os.path.join(src, rel)
    return out

USE = re.compile(r'\b(crate|super|self)((?:::\w+)+)')

def imports(path, me, mods):
    text = open(path).read()
    # drop test modules and comments
    text = re.sub(r'//[^\n]*', '', text)
    cut = re.search(r'#\[cfg\(test\)\]\s*mod tests', text)
    if cut:
        text = text[:cut.start()]
    found = set()
    for m in USE.finditer(text):
        root, rest = m.group(1), m.group(2).split('::')[1:]
        if root == 'crate':
            base = ()
        elif root == 'super':
            base = me[:-1]
            while rest and rest[0] == 'super':
                base, rest = base[:-1], rest[1:]
        else:
            base = me
        path_ = base + tuple(rest)
        for n in range(len(path_), len(base), -1):
            if path_[:n] in mods and path_[:n] != me:
                # a parent module's own items count only when not a child module of it
                found.add(path_[:n])
                break
    # a module importing its own child is structure, not a circle
    return {t for t in found if t[:len(me)] != me or len(me) == 0 and False}

def cycles(src):
    mods = modules(src)
    graph = {m: {t for t in imports(f, m, mods) if t != m} for m, f in mods.items()}
    # parents declare children (`mod x;`): a child importing its parent is allowed when the
    # parent does not import the child
    bad = []
    for a, outs in graph.items():
        for b in outs:
            # find path b -> a
            seen, stack = {b}, [(b, [a, b])]
            while stack:
                n, p = stack.pop()
                if n == a:
                    bad.append(p)
                    break
                for x in graph.get(n, ()):
                    if x not in seen or x == a:
                        seen.add(x)
                        stack.append((x, p + [x]))
    uniq = {}
    for c in bad:
        key = frozenset(c)
        uniq.setdefault(key, c)
    return [(src, c) for c in uniq.values()]

found = []
for crate in sys.argv[1:] or ['model/src', 'core/src', 'server/src', 'cli/src', 'ffi/src', 'tests/src']:
    if os.path.isdir(crate):
        found += cycles(crate)
for src, c in found:
    print(f"{src}: " + ' -> '.join('::'.join(m) or 'crate' for m in c))
sys.exit(1 if found else 0)

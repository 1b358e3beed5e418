"""Regenerates docs/diagnostics.md from entries.py and the golden outputs of the diagnostic fixtures.

Usage: python3 scripts/diagnostics-doc/gen.py [--check]   (--check: exit 1 when the committed file is stale)
"""
import os, re, glob, sys
ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
FIX = os.path.join(ROOT, "Tests/PolicyCheckTests/Fixtures/diagnostics")
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

def block(fixture, code):
    """The first diagnostic block of the golden file whose header carries [code] (header, excerpt, fix-its, notes)."""
    text = open(os.path.join(FIX, fixture + ".human.txt")).read()
    blocks = text.split("\n\n")
    for b in blocks:
        first = b.split("\n", 1)[0]
        if f"[{code}]:" in first:
            return b.rstrip("\n")
    raise SystemExit(f"no [{code}] in {fixture}")

def fixtures_with(code):
    names = []
    for path in sorted(glob.glob(os.path.join(FIX, "*.human.txt"))):
        if f"[{code}]:" in open(path).read():
            names.append(os.path.basename(path)[:-len(".human.txt")])
    return names


from entries import ENTRIES, INTRO, DECISIONS

out = [INTRO.strip(), ""]
# Index
out.append("## Index")
out.append("")
out.append("| Code | Severity | Summary |")
out.append("| --- | --- | --- |")
for e in ENTRIES:
    out.append(f"| [`{e['code']}`](#{e['code']}) | {e['severity']} | {e['summary']} |")
out.append("")
for e in ENTRIES:
    code = e["code"]
    out.append(f"## {code}")
    out.append("")
    out.append(f"**Severity:** {e['severity']}" + ("" if e['severity'] == 'error' else " (can be disabled with `--disable " + code + "`)"))
    out.append("")
    out.append(e["meaning"].strip())
    out.append("")
    out.append("Example" + (f" (`{e.get('file', 'tiers.yaml')}`)" if e.get('file') else "") + ":")
    out.append("")
    out.append("```yaml")
    out.append(e["example"].strip("\n"))
    out.append("```")
    out.append("")
    fx = e['fixture'] + (".tenants.yaml" if os.path.exists(os.path.join(FIX, e['fixture'] + ".tenants.yaml")) else ".yaml")
    out.append(f"tierc prints (fixture `{fx}`):")
    out.append("")
    out.append("```")
    out.append(block(e["fixture"], code))
    out.append("```")
    out.append("")
    out.append("**Fix:** " + e["fix"].strip())
    out.append("")
    if e.get("fixed") is not None:
        out.append("```yaml")
        out.append(e["fixed"].strip("\n"))
        out.append("```")
        out.append("")
    others = fixtures_with(code)
    out.append("Fixtures: " + ", ".join(f"`{n}`" for n in others) + ".")
    out.append("")
out.append(DECISIONS.strip())
out.append("")
text = "\n".join(out)
target = os.path.join(ROOT, "docs/diagnostics.md")
if "--check" in sys.argv:
    current = open(target).read() if os.path.exists(target) else ""
    if current != text:
        sys.exit("docs/diagnostics.md is stale: run python3 scripts/diagnostics-doc/gen.py")
    print("docs/diagnostics.md is up to date")
else:
    open(target, "w").write(text)

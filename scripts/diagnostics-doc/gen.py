"""Regenerates docs/diagnostics.md from the Swift catalogue, entries.py and the golden outputs of the fixtures.

Usage: python3 scripts/diagnostics-doc/gen.py [--check] [--tierc PATH]
  --check   exit 1 when the committed file is stale
  --tierc   the built tierc (default: .build/debug/tierc)

The codes, their order, severities and summaries are the Swift catalogue's (Sources/Diagnostics/DiagnosticCatalog.swift),
read from the SARIF rules that `tierc check --format sarif` writes; entries.py holds only each code's explanation,
example and fix, and must have exactly one entry per code of the catalogue. The example output of a code of a YAML
file is the golden of its fixture; that of a snapshot or compile code (an entry with `recipe` and `command`) is what
the built tierc prints for an input made here (`prepare`) in a scratch folder.
"""
import hashlib, json, os, re, glob, shutil, subprocess, sys, tempfile
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


from entries import ENTRIES as DOCUMENTED, INTRO, DECISIONS

SNAPSHOTS = os.path.join(ROOT, "Tests/TiercTests/Fixtures/snapshot")


def prepare(recipe, folder, example):
    """Writes the input of a snapshot or compile example into `folder`: policy.tierc (and a key), or tiers.yaml."""
    def snapshot(name="tiers.tierc"):
        return bytearray(open(os.path.join(SNAPSHOTS, name), "rb").read())
    def write(name, data):
        with open(os.path.join(folder, name), "wb") as handle:
            handle.write(data)
    if recipe == "too-large":
        # The magic, then zeros up to one byte past the 256 MiB budget (a sparse file: nothing is stored).
        with open(os.path.join(folder, "policy.tierc"), "wb") as handle:
            handle.write(bytes(snapshot()[:8]))
            handle.truncate(256 * 1048576 + 1)
    elif recipe == "text":
        write("policy.tierc", open(os.path.join(ROOT, "tiers/tiers.yaml"), "rb").read())
    elif recipe == "truncated":
        write("policy.tierc", bytes(snapshot()[:100]))
    elif recipe == "version":
        data = snapshot()
        data[8] = 9  # the format version, little-endian at byte 8
        write("policy.tierc", bytes(data))
    elif recipe == "checksum":
        data = snapshot()
        data[200] ^= 1
        write("policy.tierc", bytes(data))
    elif recipe == "other-key":
        write("policy.tierc", bytes(snapshot("tiers.signed.tierc")))
        shutil.copy(os.path.join(SNAPSHOTS, "other.pub"), os.path.join(folder, "signing.pub"))
    elif recipe == "unsigned":
        write("policy.tierc", bytes(snapshot()))
        shutil.copy(os.path.join(SNAPSHOTS, "test.pub"), os.path.join(folder, "signing.pub"))
    elif recipe == "malformed":
        # The tenants section's first byte changed, and the checksum (the last 32 bytes of an unsigned snapshot)
        # recomputed, so that only the section's own rules can tell.
        data = snapshot()
        data[1895] ^= 0xFF
        data[-32:] = hashlib.sha256(bytes(data[:-32])).digest()
        write("policy.tierc", bytes(data))
    elif recipe == "private-as-public":
        write("policy.tierc", bytes(snapshot("tiers.signed.tierc")))
        shutil.copy(os.path.join(SNAPSHOTS, "test.key"), os.path.join(folder, "signing.key"))
    elif recipe == "yaml":
        write("tiers.yaml", example.strip("\n").encode() + b"\n")
    else:
        raise SystemExit(f"entries.py: unknown recipe {recipe}")


def command_output(entry, tierc, command):
    """`$ tierc ARGS` and what the built tierc prints for the entry's prepared input (standard error, then out)."""
    with tempfile.TemporaryDirectory() as folder:
        prepare(entry["recipe"], folder, entry.get("example", ""))
        run = subprocess.run([os.path.abspath(tierc)] + command, cwd=folder, capture_output=True, text=True,
                             env=dict(os.environ, NO_COLOR="1"))
    if run.returncode != 1:
        raise SystemExit(f"{entry['code']}: tierc {' '.join(command)} exited with {run.returncode}, expected 1")
    return "$ tierc " + " ".join(command) + "\n" + (run.stderr + run.stdout).rstrip("\n")


def catalogue(tierc):
    """[(code, severity, summary)] in catalogue order: the SARIF rules of `tierc check --format sarif`."""
    policy = os.path.join(ROOT, "tiers/tiers.yaml")
    try:
        run = subprocess.run([tierc, "check", policy, "--format", "sarif"], capture_output=True, text=True)
    except OSError as error:
        raise SystemExit(f"cannot run {tierc} ({error.strerror}): build it (swift build) or give --tierc PATH")
    if run.returncode != 0:
        raise SystemExit(f"{tierc} check {policy} --format sarif failed ({run.returncode}): {run.stderr.strip()}")
    rules = json.loads(run.stdout)["runs"][0]["tool"]["driver"]["rules"]
    return [(r["id"], r["defaultConfiguration"]["level"], r["shortDescription"]["text"]) for r in rules]


if "--tierc" in sys.argv and sys.argv.index("--tierc") + 1 >= len(sys.argv):
    raise SystemExit("usage: gen.py [--check] [--tierc PATH]: --tierc needs the path of a built tierc")
tierc = sys.argv[sys.argv.index("--tierc") + 1] if "--tierc" in sys.argv else os.path.join(ROOT, ".build/debug/tierc")
codes = catalogue(tierc)
by_code = {e["code"]: e for e in DOCUMENTED}
undocumented = [code for code, _, _ in codes if code not in by_code]
unknown = [code for code in by_code if code not in {c for c, _, _ in codes}]
if undocumented or unknown or len(by_code) != len(DOCUMENTED):
    raise SystemExit("entries.py and the Swift catalogue disagree: "
                     f"codes without an entry {undocumented}, entries of no code {unknown}, "
                     f"{len(DOCUMENTED) - len(by_code)} duplicate entries")
ENTRIES = [dict(by_code[code], severity=severity, summary=summary) for code, severity, summary in codes]

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
    if "fixture" not in e:
        # A snapshot or compile code: its example is a command on a prepared input, or (a safeguard no input
        # reaches) the shape of its message.
        if e.get("example"):
            out += ["Example (`tiers.yaml`):", "", "```yaml", e["example"].strip("\n"), "```", ""]
        if "command" in e:
            out += ["tierc prints:", "", "```", command_output(e, tierc, e["command"]), "```", ""]
            for formats in e.get("formats", []):
                out += [f"With `--format {formats}`:", "", "```", command_output(e, tierc, e["command"] + ["--format", formats]),
                        "```", ""]
        else:
            out += ["The message has this shape:", "", "```", e["output"], "```", ""]
        out += ["**Fix:** " + e["fix"].strip(), ""]
        continue
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
        sys.exit("docs/diagnostics.md is stale: run python3 scripts/diagnostics-doc/gen.py --tierc PATH-TO-TIERC")
    print(f"docs/diagnostics.md is up to date (catalogue of {tierc})")
else:
    open(target, "w").write(text)

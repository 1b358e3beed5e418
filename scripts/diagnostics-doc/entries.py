INTRO = r'''
# Diagnostics

`tierc check` reports every problem of `tiers.yaml` (and of `tenants.yaml` with `--tenants`) in one pass. Each
diagnostic has a file, a 1-based line and column, a **stable code**, a severity, a one-line message that says
what is wrong and what would be right, and where useful notes (other places involved) and fix-its (a
replacement text). This page lists every code in the order of the catalogue
(`Sources/Diagnostics/DiagnosticCatalog.swift`), with an example, the exact output and the fix.

```
tiers.yaml:18:5: error[unknown-key]: unknown key `limts` in tier `pro`; did you mean `limits`?
17 |     price: 29
18 |     limts:
   |     ^~~~~
   |     `- fix-it: replace with `limits`
```

## Codes are stable

- A code (`unknown-key`, `ladder-inversion`, …) never changes its meaning and is never reused for something
  else; new problems get new codes. Match on codes (the `code` field of `--format json`, or the text in
  brackets), never on messages: messages may be reworded to be clearer.
- **Errors** make `tierc check` exit with status 1 and mean the policy cannot be compiled. **Warnings** are
  valid policies that are almost certainly not what the author meant; they do not change the exit status.
- `--disable CODE` (repeatable) drops the warnings with that code, e.g.
  `tierc check tiers.yaml --disable unused-feature --disable identical-tiers`. Only warning codes can be
  disabled: disabling an error code, or a code that does not exist, is a usage error (exit status 64), with a
  did-you-mean for a misspelt warning code.
- `--warnings-as-errors` reports every warning that is not disabled as an error (`error[ladder-inversion]`)
  and so makes the check fail (exit status 1). Disabling is applied first: a disabled warning is never
  promoted.
- Diagnostics are sorted by file (the policy first, then the tenants file), then by position.

## How positions are counted

- Lines are 1-based and counted at line feeds (a CR LF line ending is one line break; a lone CR does not
  start a line).
- Columns are 1-based and count **Unicode scalars** from the start of the line: `é` (2 bytes in UTF-8) and
  `€` (3 bytes) each count 1, a tab counts 1, `名` counts 1. This is the "character" column of most editors.
  In the human output the caret line copies tabs so the caret stays under the right character, and East Asian
  wide characters take two cells.
- The position is the first character of the offending node: the key for an unknown or duplicated key, the
  value for a wrong value, the `[`/`{` for a flow collection, the first key of a block mapping and the `-` of
  a block list. A problem with no node of its own (a missing top-level key, an empty file) is reported at the
  start of the document.
- Internally (and in the library API's `SourceLocation.offset`) byte offsets count UTF-8 bytes from the start
  of the file, 0-based. The JSON output reports `line`/`column`/`end_line`/`end_column` only; the range is
  half-open (`end_column` is the first column after the text). See [cli.md](cli.md).

The examples below are copied from the golden files of the test fixtures
(`Tests/PolicyCheckTests/Fixtures/diagnostics/CODE.yaml` and `CODE.human.txt`), so the line numbers are those
of the fixture file, which also holds comments and the rest of a small policy.

## Findings in a snapshot and in the compile

The last codes of the catalogue are not problems of a YAML file: `tierc inspect` (and `simulate`, `diff` and
`serve` when they load a snapshot) report a compiled snapshot that does not load, and `tierc compile` a key
file or a value its outputs cannot hold. They are the same findings, with a code, a severity (always an error)
and a message, in the same formats: `tierc inspect` and `tierc compile` take `--format json|sarif|github` as
`check` does ([cli.md](cli.md#findings)). A snapshot has no lines: its findings are located by **byte
offset**, 0-based from the start of the file, with a length (`byte_offset` and `byte_length` in JSON,
`byteOffset` and `byteLength` in SARIF; a GitHub annotation names the file only, and the message the byte).
In the human format they are one line on standard error, as before. The examples below are what the built
tierc prints for inputs that `scripts/diagnostics-doc/gen.py` makes from the committed snapshots of
`Tests/TiercTests/Fixtures/snapshot/` (a flipped byte, a cut file…).
'''

# Each entry documents one code of the Swift catalogue (Sources/Diagnostics/DiagnosticCatalog.swift): its code,
# severity and summary come from there, through the SARIF rules of the built `tierc` (gen.py), not from here.
ENTRIES = [
dict(code="yaml-syntax", fixture="yaml-syntax",
meaning="""
The text is not well-formed YAML: libyaml's scanner or parser rejected it, or an alias (`*name`) names no
anchor or refers to a node that contains it. The message is libyaml's problem with a hint at the usual fix;
a note shows where the construct being read started (an unclosed `{`, for example). When an entry does not line
up with its mapping because an earlier line, indented less, closed that mapping (a `limits:` dedented to column
1 is only refused at the next tier, lines later), a second note points at that earlier line: the line that broke
the indentation (fixture `yaml-syntax-indentation.yaml`). A syntax error stops the reading of that file: nothing
after it is reported.
""",
example="""
  pro:
    extends: free
    name: Pro: the works
""",
fix="Quote text that contains `: ` (or `#` after a space, or starts with a YAML indicator such as `*`, `&`, `!`, `@`, `` ` ``); indent with spaces, never tabs; close every `[` and `{`.",
fixed="""
  pro:
    extends: free
    name: "Pro: the works"
"""),
dict(code="invalid-encoding", fixture="invalid-encoding",
meaning="""
The file must be UTF-8 text. It is rejected before parsing when it starts with a UTF-16 byte order mark,
contains a byte sequence that is not UTF-8, a NUL byte, a C0 or C1 control character (or DEL) other than
tab, line feed and carriage return, or a Unicode noncharacter (U+FFFE, U+FFFF). Typical causes: a file saved as UTF-16 or
Latin-1 by an editor, a binary file, or a control character pasted from a terminal. The human output shows the
offending character as `�`.
""",
example="""
  free:
    name: Free␁       # ␁ stands for an invisible U+0001 pasted after "Free"
""",
fix="Save the file as UTF-8 and delete the invisible character (`cat -A tiers.yaml` or `grep -nP '[\\x00-\\x08\\x0B\\x0C\\x0E-\\x1F\\x7F]' tiers.yaml` shows where it is).",
fixed="""
  free:
    name: Free
"""),
dict(code="yaml-limit", fixture="yaml-limit",
meaning="""
tierc reads untrusted files safely by enforcing budgets: at most 16 MiB of input, 1 MiB per scalar, nesting
64 collections deep (the top-level mapping counts), 1000 aliases, and 2,000,000 nodes counting every alias as
the full size of what it repeats (so a "billion laughs" file is refused). A real policy is far below every
budget; exceeding one usually means a generated or hostile file. The error is at the place where the budget
ran out, and stops the reading of the file.
""",
example="""
routes: [[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]
""",
fix="Write the policy plainly: routes are a list of mappings, and `extends` shares settings between tiers instead of anchors and aliases.",
fixed="""
routes:
  - match: /api/**
"""),
dict(code="unsupported-yaml", fixture="unsupported-yaml",
meaning="""
tierc reads a strict subset of YAML so that a policy means the same thing to every tool: one document per file,
keys that are plain scalars, no merge keys (`<<`) and no tags (`!!str`, `!custom`). Anchors and aliases are
allowed. A merge key, a tag or a complex key is reported and its pair is left out, and checking goes on; a
second document (`---`) stops the reading of the file.
""",
example="""
tiers:
  free: &free
    price: 0
    limits:
      api_calls: { hour: 100, month: 1000 }
  pro:
    <<: *free
    price: 29
""",
fix="Inherit with `extends` (which merges limits per meter and window, and unions features); remove tags, since values are typed by where they stand; put a tenants list in its own file.",
fixed="""
tiers:
  free:
    price: 0
    limits:
      api_calls: { hour: 100, month: 1000 }
  pro:
    extends: free
    price: 29
"""),
dict(code="empty-document", fixture="empty-document",
meaning="""
The file is empty, holds only comments and blank lines, or only a `---` with nothing after it. It is reported
at line 1, column 1 (or at the `---`).
""",
example="""
# The policy was commented out: the file holds no document.
#
# format: 1
# policy: acme-api
""",
fix="Write the policy, or point tierc at the right file.",
fixed="""
format: 1
policy: acme-api
currency: USD
meters:
  api_calls: { kind: counter }
tiers:
  free: { price: 0 }
"""),
dict(code="duplicate-key", fixture="duplicate-key",
meaning="""
A key appears twice in one mapping. Most YAML libraries silently keep the last value, which hides mistakes
(two `price` lines after a merge conflict, a tier defined twice). tierc reports the second one, with a note at
the first, and keeps checking with the first value.
""",
example="""
  pro:
    price: 29
    limits:
      api_calls: { hour: 1000 }
    price: 39
""",
fix="Keep one of the two; if both were meant, rename one (for a tier defined twice, give the second its own id).",
fixed="""
  pro:
    price: 39
    limits:
      api_calls: { hour: 1000 }
"""),
dict(code="unknown-key", fixture="unknown-key",
meaning="""
A key that the format does not define at that place: a typo, a key at the wrong level, or a setting the format
does not have. When a defined key is close (edit distance up to about a third of the name, at most 3) the
message suggests it and carries a fix-it; otherwise it lists the keys allowed there. A misspelt required key
(`curency:`, a tier's `prise:`, a tenant's `teir:`) is this one error: the key it stands for is not reported
missing as well (fixture `unknown-key-required.yaml`). A meter written as a key of a tier right under a
`limits:` with no value (the meters lost their indentation) gets a note at `limits` (fixture
`unknown-key-empty-limits.yaml`).
""",
example="""
  pro:
    extends: free
    price: 29
    limts:
      api_calls: { hour: 1000, month: 20000 }
""",
fix="Use the suggested key, or move the key to where it belongs.",
fixed="""
  pro:
    extends: free
    price: 29
    limits:
      api_calls: { hour: 1000, month: 20000 }
"""),
dict(code="wrong-type", fixture="wrong-type",
meaning="""
A value of the wrong shape or type: a list where a mapping is expected, text where a list or a number is
expected, nothing (`key:` with no value) where text is required. It is also used for YAML 1.1 and human
spellings of whole numbers and booleans, with the plain spelling as a fix-it: `010` → `10`, `1_000` and
`"10,000"` → `1000`/`10000`, `1e3` → `1000`, `yes`/`on` → `true`, `no`/`off` → `false`, `unlimted` → `unlimited`.
""",
example="""
features:
  exports: { description: CSV exports }

tiers:
  pro:
    price: 29
    features: exports
""",
fix="Write the value in the shape the format expects: here a list.",
fixed="""
  pro:
    price: 29
    features: [exports]
"""),
dict(code="missing-key", fixture="missing-key",
meaning="""
A required key is missing, or a required collection is empty: `format`, `policy`, `currency`, `meters` and
`tiers` at the top (reported at the start of the document), a meter's `kind`, a tier's `price` when no tier
it extends has one (reported at the tier's key), a usage price without `price`, `graduated` or `volume`, a
band's `up_to` or `price`, a route's `match`, an empty `meters`, `tiers` or `header.names`, and in
`tenants.yaml` the `tenants` key and a tenant's `tier`. A key that is there but misspelt is reported once, as
[`unknown-key`](#unknown-key) with a fix-it, not also as missing.
""",
example="""
tiers:
  free:
    limits:
      api_calls: { hour: 100, month: 1000 }
  pro:
    extends: free
    price: 29
""",
fix="Add the key (the message gives an example value).",
fixed="""
tiers:
  free:
    price: 0
    limits:
      api_calls: { hour: 100, month: 1000 }
"""),
dict(code="invalid-identifier", fixture="invalid-identifier",
meaning="""
A name that breaks its rule. Meters and features: `[a-z][a-z0-9_]*`. Tiers: `[a-z][a-z0-9_-]*`. The policy:
the tier rule, at most 63 characters. Tenants: `[a-z0-9][a-z0-9_-]*`, at most 63 characters. Header names
and the Authorization scheme: RFC 9110 tokens (letters, digits and ``!#$%&'*+-.^_`|~``, no spaces). These
names end up in URLs, SQL, metrics labels and generated code, so they are kept portable. When lower-casing
and replacing spaces, dots or dashes gives a valid name, it is offered as a fix-it. The block under an invalid
tier, meter, feature or tenant id is still checked, so its other errors are reported in the same run
(fixtures `invalid-identifier-tier-block.yaml`, `invalid-identifier-tenant-block.tenants.yaml`); the entry itself
is left out of the policy, and references to it are not reported again as undefined.
""",
example="""
tiers:
  free:
    price: 0
  Pro Plus:
    extends: free
    price: 49
""",
fix="Rename it (and every reference to it); put the human-friendly spelling in `name`.",
fixed="""
  pro-plus:
    name: Pro Plus
    extends: free
    price: 49
"""),
dict(code="invalid-money", fixture="invalid-money",
meaning="""
Money (a tier `price`, a usage `price`, a band's `price`) is read exactly from the scalar's text, never through
a binary float, so it must be a plain decimal: digits with an optional `.` and decimals (`29`, `0.01`,
`"0.008"`). Rejected: negative amounts, exponents (`1e3`), currency signs (`$29`) and thousands separators
(`1,999.00`), for which the plain form is offered; and a tier price with more decimals than the currency's
minor unit (USD 2, JPY 0, KWD 3). Trailing zeros do not count (`29.50` is fine in USD, `3000.0` in JPY). Usage
prices may be finer than the minor unit (`0.0004` per call): invoices round the line, not the unit price.
""",
example="""
  pro:
    extends: free
    price: -29
""",
fix="Write a non-negative plain decimal with at most the currency's decimals.",
fixed="""
  pro:
    extends: free
    price: 29
"""),
dict(code="invalid-value", fixture="invalid-value",
meaning="""
A value of the right type but outside its allowed set or range: `rounding` other than `half_up`/`half_even`, a
meter `kind` other than `counter`/`gauge`, an unknown or repeated identification method in `order`, a
`base_domain` that is not a bare domain name, a route `match` that does not start with `/`, a negative `cost`,
`per` below 1, a decimal or negative limit, a gauge level below 0, both `price` and `graduated`/`volume` in one
usage price, a tenant `subdomain` that is not one DNS label, or an API key hash that is not `sha256:` and 64
lower-case hex digits. A close valid word is suggested.

Text that holds a control character is refused here too: a double-quoted scalar can spell one (`"Star\\0ter"`,
`"a\\r\\nb"`) although the file itself holds none. PostgreSQL's `text` cannot hold NUL, and an HTTP path or
header cannot hold any control character, so names, route globs, units, header names, API keys and every other
one-line value must be printable (no U+0000–U+001F, U+007F–U+009F); descriptions, which are prose, may hold line
feeds and tabs.
""",
example="""
currency: USD
rounding: halfup
""",
fix="Use one of the values the message lists.",
fixed="""
currency: USD
rounding: half_up
"""),
dict(code="unsupported-format", fixture="unsupported-format",
meaning="""
`format` is the version of the policy format. This tierc reads format 1 only; a file written for a newer
format must not be half-understood.
""",
example="""
format: 2
policy: acme-api
""",
fix="Write `format: 1` if the file follows this format, or upgrade tierc.",
fixed="""
format: 1
policy: acme-api
"""),
dict(code="unknown-currency", fixture="unknown-currency",
meaning="""
`currency` must be an active ISO 4217 code, in capitals (`USD`, `EUR`, `JPY`, `KWD`); it fixes the minor
units of invoices. A lower-case code gets the upper-case one as a fix-it; a close code is suggested.
""",
example="""
currency: usd
""",
fix="Write the ISO 4217 code.",
fixed="""
currency: USD
"""),
dict(code="undefined-meter", fixture="undefined-meter",
meaning="""
A meter name that `meters` does not declare, in a tier's `limits`, a route's `meter`, `default_meter`, or a
policy or tier `usage_prices` key. A close name is suggested; otherwise the declared meters are listed.
""",
example="""
meters:
  api_calls: { kind: counter, unit: call }

tiers:
  free:
    price: 0
    limits:
      api_call: { hour: 100, month: 1000 }
""",
fix="Fix the name, or declare the meter under `meters`.",
fixed="""
    limits:
      api_calls: { hour: 100, month: 1000 }
"""),
dict(code="undefined-feature", fixture="undefined-feature",
meaning="""
A feature name that `features` does not declare, in a tier's `features` or a route's `feature`. Features
must be declared so that a typo cannot silently lock tenants out of an endpoint.
""",
example="""
features:
  growth_engine: {}

tiers:
  pro:
    price: 29
    features: [growth_engin]
""",
fix="Fix the name, or declare the feature (`features: { growth_engin: {} }`).",
fixed="""
    features: [growth_engine]
"""),
dict(code="undefined-tier", fixture="undefined-tier",
meaning="""
A tier name that `tiers` does not declare: a tier's `extends`, or (in `tenants.yaml`) a tenant's `tier`.
""",
example="""
tiers:
  free:
    price: 0
  pro:
    extends: fre
    price: 29
""",
fix="Fix the name, or declare the tier.",
fixed="""
  pro:
    extends: free
    price: 29
"""),
dict(code="undefined-window", fixture="undefined-window",
meaning="""
A counter limit's windows are `minute`, `hour`, `day` and `month` (calendar windows in UTC). Common
synonyms (`hourly`, `per_day`, `months`, …) and close misspellings get the right word as a fix-it; other
windows (`week`, `year`) do not exist.
""",
example="""
      api_calls: { hourly: 100, week: 5000 }
""",
fix="Use one of the four windows; express a weekly allowance as a daily or monthly one.",
fixed="""
      api_calls: { hour: 100, month: 20000 }
"""),
dict(code="extends-cycle", fixture="extends-cycle",
meaning="""
Tiers that extend each other in a cycle (also a tier that extends itself) have no base to inherit from. The
cycle is reported once, at the `extends` of its first tier on the ladder, with the whole chain in the message
and a note at each other `extends` of the cycle. Tiers that extend into a cycle are not reported again.
""",
example="""
tiers:
  free:
    price: 0
  starter:
    extends: business
    price: 29
  pro:
    extends: starter
    price: 99
  business:
    extends: pro
    price: 299
""",
fix="Remove the `extends` that points back down the ladder; usually a cheaper tier should not extend a pricier one.",
fixed="""
  starter:
    extends: free
    price: 29
"""),
dict(code="invalid-bands", fixture="invalid-bands",
meaning="""
The bands of a `graduated` or `volume` usage price must be listed with strictly ascending `up_to`, and the last
(and only the last) must be `up_to: unlimited`, so that every quantity has exactly one price. An empty band
list is reported too.
""",
example="""
usage_prices:
  api_calls:
    per: 1000
    graduated:
      - { up_to: 100000, price: 0 }
      - { up_to: 50000, price: 0.01 }
      - { up_to: unlimited, price: 0.008 }
""",
fix="Sort the bands by `up_to` and end with `up_to: unlimited`.",
fixed="""
    graduated:
      - { up_to: 50000, price: 0 }
      - { up_to: 100000, price: 0.01 }
      - { up_to: unlimited, price: 0.008 }
"""),
dict(code="meter-kind-mismatch", fixture="meter-kind-mismatch",
meaning="""
A counter meter's limit is a mapping of windows (`{ hour: 100, month: 1000 }`, or `unlimited`); a gauge's limit
is one level (`storage_gb: 5`). Also reported: a route whose `meter` is a gauge, and a `default_meter` that is a
gauge (requests add to counters; gauges are reported levels).
""",
example="""
meters:
  api_calls: { kind: counter, unit: call }
  storage_gb: { kind: gauge, unit: GB }

tiers:
  free:
    price: 0
    limits:
      api_calls: 1000
      storage_gb: 1
""",
fix="Give a counter its limits per window (or `unlimited`), a gauge a single level; point routes and `default_meter` at counters.",
fixed="""
    limits:
      api_calls: { month: 1000 }
      storage_gb: 1
"""),
dict(code="missing-default-meter", fixture="missing-default-meter",
meaning="""
With several counter meters, tierc cannot guess which one a request uses when no route names a meter. It is an
error even when every current route names one, so that adding a route later cannot change billing silently.
With a single counter, it is the default; gauges do not count.
""",
example="""
meters:
  api_calls: { kind: counter, unit: call }
  exports: { kind: counter, unit: file }
""",
fix="Add `default_meter`.",
fixed="""
default_meter: api_calls

meters:
  api_calls: { kind: counter, unit: call }
  exports: { kind: counter, unit: file }
"""),
dict(code="missing-base-domain", fixture="missing-base-domain",
meaning="""
Subdomain identification takes the tenant from `<tenant>.<base_domain>`, so it needs `base_domain`. Reported
at `subdomain` in an explicit `order` (with a note at the `subdomain:` key when there is one), or at the
`subdomain:` key when `order` is not written (without `base_domain`, the default order leaves `subdomain` out).
""",
example="""
identification:
  order: [api_key, subdomain]
  subdomain: {}
""",
fix="Add the base domain, or take `subdomain` out of `order`.",
fixed="""
identification:
  order: [api_key, subdomain]
  subdomain: { base_domain: acme.example }
"""),
dict(code="duplicate-api-key", fixture="duplicate-api-key", file="tenants.yaml",
meaning="""
An API key identifies exactly one tenant. Keys are compared after hashing (SHA-256 of the UTF-8 bytes), so a
raw key in `api_keys` and its hash in `api_key_hashes` are the same key. Reported at the second claim, with a
note at the first; a key listed twice for the same tenant is reported too.
""",
example="""
tenants:
  tenant-a:
    tier: free
    api_keys: [demo-key-shared]
  tenant-b:
    tier: professional
    api_keys: [demo-key-tenant-b, demo-key-shared]
""",
fix="Issue a new key to one of the tenants.",
fixed="""
  tenant-b:
    tier: professional
    api_keys: [demo-key-tenant-b]
"""),
dict(code="duplicate-subdomain", fixture="duplicate-subdomain", file="tenants.yaml",
meaning="""
A subdomain identifies exactly one tenant. A tenant's subdomain is its `subdomain` or, by default, its id;
comparison ignores case. Reported at the second claim, with a note at the first.
""",
example="""
tenants:
  tenant-a:
    tier: free
  tenant-b:
    tier: professional
    subdomain: tenant-a
""",
fix="Give one of the tenants another `subdomain`.",
fixed="""
  tenant-b:
    tier: professional
    subdomain: bravo
"""),
dict(code="misindented-key", fixture="misindented-key",
meaning="""
A key of `tiers` is one of the keys of a tier (`name`, `description`, `extends`, `price`, `limits`,
`features`, `usage_prices`): it almost certainly belongs to the tier above and lost its indentation, and read
as a tier it would be a phantom tier with unrelated errors (`api_calls` unknown in tier `limits`, no price; a
list is not a tier). It is reported once, at the key, with a note at the tier it belongs to and, in block style,
a fix-it that indents it like that tier's other keys. Its block is not checked as a tier. A tier therefore
can still be named like a tier key when its value is a mapping of tier keys (or nothing).
""",
example="""
  starter:
    extends: free
    price: 29
  limits:
      api_calls: { hour: 500 }
""",
fix="Indent the key (and the lines under it) to the column of the tier's other keys.",
fixed="""
  starter:
    extends: free
    price: 29
    limits:
      api_calls: { hour: 500 }
"""),
dict(code="conflicting-price-forms", fixture="conflicting-price-forms",
meaning="""
A usage price has exactly one form: the unit form (`price`, pro rata per `per` units), `graduated`, `volume`, or
`package` (which takes `price` as the price of one package). A `package` written together with `graduated` or
`volume` is reported at the second form, with a note at the first; `per` written with `package` is reported at
`per` (the package size already says how many units one price buys). Two forms of version 1 together (`price`
with `graduated`, say) keep their old code, [`invalid-value`](#invalid-value).
""",
example="""
usage_prices:
  exports: { per: 10, package: 100, price: 5 }
""",
fix="Keep one form; with `package`, drop `per`.",
fixed="""
usage_prices:
  exports: { package: 100, price: 5 }
"""),
dict(code="invalid-date", fixture="invalid-date",
meaning="""
In tenants.yaml, `since` and `until` are UTC dates written `YYYY-MM-DD` that exist (years 0001–9999,
`2025-02-30` does not), with `since` on or before `until` (both days are included); a discount's `from` is a
month written `YYYY-MM`. A full date given as `from` gets a fix-it to its month. `until` before `since` is
reported at `until`, with a note at `since`.
""",
example="""
  tenant-b:
    tier: free
    since: 2025-11-15
    until: 2025-11-01
""",
fix="Write a date that exists, `since` on or before `until`, and `from` as `YYYY-MM`.",
fixed="""
    since: 2025-11-01
    until: 2025-11-15
"""),
dict(code="invalid-discount", fixture="invalid-discount",
meaning="""
A discount `{ percent: P, from: YYYY-MM, months: N }` takes P percent off the tenant's invoices for N months:
P is an exact decimal above 0 and at most 100, N a whole number of at least 1. Text or a negative number where a
number goes is a [`wrong-type`](#wrong-type) or [`invalid-value`](#invalid-value) as elsewhere.
""",
example="""
    discounts:
      - { percent: 120, from: 2025-11, months: 3 }
""",
fix="Give a percent in (0, 100] and at least one month.",
fixed="""
      - { percent: 20, from: 2025-11, months: 3 }
"""),
dict(code="window-never-binds", fixture="window-never-binds",
meaning="""
Within one tier and counter, a shorter window's limit is above a longer window's (after inheritance): the
longer window refuses first, so the shorter limit never has an effect. Usually a typo or limits swapped.
Equal limits are not reported (the shorter limit must be strictly above). Reported at the tier's own value of
the shorter window (or of the longer one when only that is written in the tier), with a note at the other.
""",
example="""
  free:
    price: 0
    limits:
      api_calls: { hour: 2000, day: 1000 }
""",
fix="Lower the shorter window's limit below the longer one's, or remove it.",
fixed="""
      api_calls: { hour: 200, day: 1000 }
"""),
dict(code="unreachable-limit", fixture="unreachable-limit",
meaning="""
A longer window's limit is above what a shorter window lets through in that time: `hour: 10` allows at most
10 × 24 × 28 = 6720 calls in a month, so `month: 10000` can never be reached, and the tenant is sold a quota
they cannot use. The capacity uses the shortest length of each window: 60-minute hours, 24-hour days and
28-day months (so the warning holds in every month). The tightest shorter window is named.
""",
example="""
      api_calls: { hour: 10, month: 10000 }
""",
fix="Raise the shorter limit (here at least 15 an hour) or lower the longer one (at most 6720 a month).",
fixed="""
      api_calls: { hour: 15, month: 10000 }
"""),
dict(code="ladder-inversion", fixture="ladder-inversion",
meaning="""
The order of `tiers` is the ladder, cheapest first: upgrading should never take something away. Each tier is
compared with the **nearest earlier tier that grants more and is not pricier** than itself (after
inheritance; a window a tier does not limit counts as unlimited): once per counter meter, naming every window
where that tier allows more; once per gauge; and once for features, naming every feature that tier grants and
this one lacks. A tier is therefore warned at most once per meter and once for features, never once per pair
of tiers; a drop below an even earlier tier is reported where it happens, at the tier in between. What a tier
inherits unchanged from its `extends` parent, already warned about the same window or feature, is not warned
again. A pricier earlier tier is never "the cheaper tier": when the file order and the prices disagree,
[`price-inversion`](#price-inversion) says so once instead. Reported at the tier's own value when it writes
one, else at the tier's key, with a note at the other tier.
""",
example="""
  free:
    price: 0
    limits:
      api_calls: { hour: 100, month: 1000 }
  pro:
    extends: free
    price: 29
    limits:
      api_calls: { hour: 50, month: 20000 }
""",
fix="Raise the pricier tier's limit (or grant the feature, most simply by `extends`), or reorder the tiers.",
fixed="""
  pro:
    extends: free
    price: 29
    limits:
      api_calls: { hour: 500, month: 20000 }
"""),
dict(code="price-inversion", fixture="price-inversion",
meaning="""
The ladder is cheapest first, and a tier's base price is below an earlier tier's: Professional at 19 after
Starter at 29, or Enterprise listed first. Every tier priced below an earlier tier is grouped under the
priciest tier before it, and each group is **one** warning, at the group's first tier: "`enterprise` ($499) is
listed before `free` ($0), `starter` ($29) and `professional` ($99)", with a note at the out-of-place tier's
price. [`ladder-inversion`](#ladder-inversion) then compares tiers only with earlier tiers that are not pricier,
so a $499 tier is never called "the cheaper tier". Prices are the base prices after inheritance; usage prices
do not count. Equal prices are not an inversion.
""",
example="""
  starter:
    extends: free
    price: 29
  professional:
    extends: starter
    price: 19
""",
fix="Move the tier to its place on the ladder, or correct the price that is wrong.",
fixed="""
  professional:
    extends: starter
    price: 99
"""),
dict(code="inherited-price", fixture="inherited-price",
meaning="""
A tier with `extends` and no `price` of its own takes its parent's price. When it also changes what it gives
(its limits or features differ from its parent's after inheritance), the same price is most likely forgotten:
a new tier that sells more for the same money. Reported at the tier's key, with a note where the inherited
price is written. A tier that changes only its name, description or usage prices is not reported; one that
changes nothing is an [`identical-tiers`](#identical-tiers).
""",
example="""
  free:
    price: 0
    limits:
      api_calls: { hour: 100 }
  team:
    extends: free
    limits:
      api_calls: { hour: 1000 }
""",
fix="Give the tier its own `price`; write the parent's price explicitly if the same price is really meant.",
fixed="""
  team:
    extends: free
    price: 49
    limits:
      api_calls: { hour: 1000 }
"""),
dict(code="identical-tiers", fixture="identical-tiers",
meaning="""
Two tiers have the same price, usage prices, features and limits after inheritance (a window set to
`unlimited` equals no limit); display names do not count. Customers cannot tell them apart, so one is probably
a copy that was never edited.
""",
example="""
  starter:
    name: Starter
    price: 29
    limits:
      api_calls: { hour: 500, month: 10000 }
  basic:
    extends: starter
    name: Basic
""",
fix="Make the tiers differ, or remove one (and move its tenants).",
fixed="""
  basic:
    extends: starter
    name: Basic
    price: 19
    limits:
      api_calls: { hour: 200 }
"""),
dict(code="unused-feature", fixture="unused-feature",
meaning="""
A feature declared under `features` that no tier grants (directly or by inheritance): nobody can use it.
""",
example="""
features:
  csv_export: { description: CSV exports }
  white_label: { description: Custom branding }

tiers:
  pro:
    price: 29
    features: [csv_export]
""",
fix="Grant it in the tiers that should have it, or remove it.",
fixed="""
  pro:
    price: 29
    features: [csv_export, white_label]
"""),
dict(code="route-feature-ungranted", fixture="route-feature-ungranted",
meaning="""
A route requires a feature that no tier grants, so every request to it is refused with 403. The feature itself
is then also reported as `unused-feature`.
""",
example="""
features:
  beta_api: { description: Beta endpoints }

routes:
  - match: /api/beta/**
    feature: beta_api
""",
fix="Grant the feature in a tier, or remove the route's `feature` if the endpoint is open to all.",
fixed="""
tiers:
  free:
    price: 0
    features: [beta_api]
"""),
dict(code="shadowed-route", fixture="shadowed-route",
meaning="""
Routes are tried in order and the first match wins. A route is reported when an earlier route matches every
path it matches, so it never applies: `/api/**` before `/api/v1/*`, `/api/*/export` before
`/api/reports/export`, `/api/report*` before `/api/reports`. The check is exact for tierc's globs (`*` is
any text within one segment, `**` any number of segments, also none); routes that merely overlap, like
`/api/*` and `/api/**`, are not reported.
""",
example="""
routes:
  - match: /api/**
    cost: 1
  - match: /api/v1/*
    cost: 0
""",
fix="Put the more specific route first.",
fixed="""
routes:
  - match: /api/v1/*
    cost: 0
  - match: /api/**
    cost: 1
"""),
dict(code="unauthenticated-identification", fixture="unauthenticated-identification-spec-example",
meaning="""
A `header` or `query` method takes the tenant id from the request without any proof: with
`order: [api_key, header, subdomain, query]` and `require_tenant: false`, a request with no key and
`X-Tenant-ID: tenant-d` (or `?tenant_id=tenant-d`) is served, limited and billed as tenant-d. It does not
matter where the method stands in `order` (after `api_key` it still applies to every request without a key),
nor what `require_tenant` says. Reported at each such method of `order`; when `order` is not written, the
default order (`[api_key, header, query]`, with `subdomain` when `base_domain` is set) enables both, and one
warning says so at `identification` (or at the start of the file when there is no `identification`). A
`header` method is not reported when the policy declares `identification.trusted_header: true`: a trusted
gateway in front of the service sets the header and strips the copies clients send.
Nothing makes `query` trusted. `subdomain` is not reported. The bundled `tiers/tiers.yaml` uses
`[api_key, subdomain]`; the multi-tenancy guide's four methods are in `examples/guide-four-methods.tiers.yaml`,
which shows this warning.
""",
example="""
identification:
  order: [api_key, header, subdomain, query]
  header: { names: [X-Tenant-ID, Tenant-ID] }
  subdomain: { base_domain: yourdomain.com }
  query: { param: tenant_id }
  require_tenant: false
""",
fix="Drop `header` and `query` from `order` (identify tenants by API key, and by subdomain if wanted); behind a gateway that sets the tenant header itself and strips client copies, keep `header` and declare `trusted_header: true`.",
fixed="""
identification:
  order: [api_key, subdomain]
  subdomain: { base_domain: yourdomain.com }
  require_tenant: false
"""),
dict(code="free-covers-limit", fixture="free-covers-limit",
meaning="""
A usage price's `free` units are at or above what the tier lets a tenant use of that meter in a month (a
counter's `month` limit, a gauge's level): the usage line is always 0 for that tier. Reported once per tier at
the `free` value that the tier's price comes from (its own, an ancestor's or the policy-wide one), with a note
at the limit. Tiers without a monthly limit on the meter are not reported.
""",
example="""
usage_prices:
  api_calls: { per: 1000, price: 0.01, free: 10000 }
tiers:
  starter:
    price: 29
    limits:
      api_calls: { month: 10000 }
""",
fix="Lower `free` below the limit, raise the limit, or give the tier its own usage price.",
fixed="""
  api_calls: { per: 1000, price: 0.01, free: 1000 }
"""),
dict(code="minimum-never-binds", fixture="minimum-never-binds",
meaning="""
A tier's `minimum` tops the invoice up to that amount when the base and usage lines add up to less. At or below
the base price (both prorated alike) it can never add a line. Reported at the tier's `minimum` (or the
inherited one) for tiers that write `price` or `minimum` themselves, with a note at the base price.
""",
example="""
  team:
    price: 49
    minimum: 20
""",
fix="Raise the minimum above the base price, or remove it.",
fixed="""
  team:
    price: 49
    minimum: 60
"""),
dict(code="raw-api-key", fixture="raw-api-key", file="tenants.yaml",
meaning="""
`api_keys` holds keys in plain text, for demos and tests: anyone who can read tenants.yaml (or the repository
it is committed to) can use them. A raw key is taken for a real one when it has at least 20 characters and its
name does not start with `demo`, `test` or `example` (in any case); shorter or so-named keys are demo data and
are not reported. Reported once per `api_keys` list, at its first real-looking key. The fix-it replaces the
list with `api_key_hashes` holding the SHA-256 of each of its keys (the same keys, so no decision changes),
unless the tenant already has `api_key_hashes` (then move the hashes there by hand).
""",
example="""
tenants:
  tenant-b:
    tier: professional
    api_keys: [omni_9tQ2mX7vLr4kZp8WcH3nYb6sJf1dGe5a]
""",
fix="Keep only the key's hash (`echo -n \"$KEY\" | sha256sum`), or create keys with `tierc keys create`, which stores the hash in a `keys:` entry and prints the key once.",
fixed="""
tenants:
  tenant-b:
    tier: professional
    api_key_hashes: ["sha256:<64 hex digits of the key's SHA-256>"]
"""),
# Problems of a snapshot, of key files and of the compile's outputs. No YAML fixture can show them: `recipe` names
# how gen.py makes the input in a scratch folder (from the committed snapshots of Tests/TiercTests/Fixtures/snapshot,
# or from `example` as tiers.yaml), `command` is what it runs there, and the doc shows what the built tierc prints
# (and, for each of `formats`, what it prints with that `--format`).
dict(code="snapshot-too-large", recipe="too-large", command=["inspect", "policy.tierc"],
meaning="""
The file starts with the snapshot magic, but it is larger than 256 MiB, the most tierc reads as a snapshot (a
policy of 1,000 tiers takes well under 1 MiB): it is not a snapshot tierc wrote. Located at byte 268435456,
where the budget ends ([cli.md](cli.md#input-budgets)).
""",
fix="Compile the policy again with `tierc compile` and use its `policy.tierc`."),
dict(code="not-a-snapshot", recipe="text", command=["inspect", "policy.tierc"],
meaning="""
The first 8 bytes are not the snapshot magic `TIERC\\0\\r\\n`: the file is not a compiled snapshot at all. When
it starts like text, `tierc inspect` adds that a tiers.yaml becomes a snapshot with `tierc compile`. Located at
bytes 0 to 7.
""",
fix="Give the `policy.tierc` that `tierc compile` wrote; `tierc simulate` and `tierc diff` read a tiers.yaml as it is."),
dict(code="truncated-snapshot", recipe="truncated", command=["inspect", "policy.tierc"],
meaning="""
The bytes end before the snapshot does: a length in the file asks for more bytes than remain. An interrupted
copy or download. Located at the byte where the missing part starts.
""",
fix="Copy the file again, or compile it again."),
dict(code="unsupported-snapshot-version", recipe="version", command=["inspect", "policy.tierc"],
meaning="""
The format version at byte 8 is not the one this tierc reads (each tierc reads exactly one version,
[snapshot-format.md](snapshot-format.md)): the snapshot was written by an older or a newer tierc.
""",
fix="Compile the policy again with this tierc, or load the snapshot with the tierc that wrote it."),
dict(code="checksum-mismatch", recipe="checksum", command=["inspect", "policy.tierc"], formats=["json", "github"],
meaning="""
The SHA-256 stored after the sections is not the hash of the bytes before it: the file was corrupted (a disk,
a transfer) or edited after it was compiled. Located at the stored checksum (32 bytes).
""",
fix="Compile the policy again; never edit a snapshot by hand (sign it with `--sign-key` to detect tampering too)."),
dict(code="bad-signature", recipe="other-key", command=["inspect", "policy.tierc", "--public-key", "signing.pub"],
meaning="""
The snapshot is signed, and its Ed25519 signature does not verify with the `--public-key` given: it was
changed after it was signed (and its checksum recomputed), or signed with another key. Located at the
signature (64 bytes).
""",
fix="Verify with the public key of the key pair that signed it, or compile and sign it again."),
dict(code="missing-signature", recipe="unsigned", command=["inspect", "policy.tierc", "--public-key", "signing.pub", "--require-signature"],
meaning="""
`--require-signature` asks for a signed snapshot and this one is unsigned: its flags (bytes 10 and 11) have no
signature bit.
""",
fix="Compile with `--sign-key`, or drop `--require-signature` where unsigned snapshots are acceptable."),
dict(code="malformed-section", recipe="malformed", command=["inspect", "policy.tierc"],
meaning="""
The checksum matches, so the bytes are as they were written, but a part of them breaks the format's rules: a
count larger than its section can hold, a reference out of range, a fingerprint that is not the hash of the
policy section. A snapshot written by something other than tierc, or by a tierc with a bug. Located at the
byte where the problem was found.
""",
fix="Compile the policy again with `tierc compile`."),
dict(code="invalid-key-file", recipe="private-as-public", command=["inspect", "policy.tierc", "--public-key", "signing.key"],
meaning="""
A `--public-key` (`inspect`, `simulate`, `serve`) or `--sign-key` (`compile`) file that is not one line
`tierc-ed25519-public:<base64>` or `tierc-ed25519-private:<base64>` of 32 bytes, as `tierc keygen` writes
them; or the other kind of key than the one needed. Located at the start of the key file.
""",
fix="Give the `.pub` file of `tierc keygen` to `--public-key` and the `.key` file to `--sign-key`."),
dict(code="unrepresentable-value", recipe="yaml", command=["compile", "tiers.yaml", "--out", "build"], formats=["json"],
meaning="""
The policy passes `tierc check`, but an output of the compile cannot hold one of its values: `Policy.swift`
keeps amounts as whole minor units in `Int64`, so a price above 92,233,720,368,547,758.07 USD cannot be
written. One finding per value, each with the note `not compiled: REASON`; nothing is written. The backends
name values, not places: the finding points at the start of the policy.
""",
example="""
format: 1
policy: huge
currency: USD
identification: {order: [api_key]}
meters:
  api_calls: {kind: counter}
tiers:
  free:
    price: 100000000000000000
""",
fix="Keep amounts within what a 64-bit count of minor units holds."),
dict(code="backend-failed", output="tierc: error: tiers.yaml: cannot write the snapshot: the snapshot would not load: …",
meaning="""
An output of the compile could not be built for a reason other than a value it cannot hold: the snapshot's
writer refused the policy (a tenant's API key digest that is not 64 hex digits) or the bytes it wrote did not
load back. `tierc check` and the compile's own option checks keep every such policy out, so this is a
safeguard: it names a bug of tierc rather than of the policy.
""",
fix="Report it with the policy and the command; nothing was written."),
]

DECISIONS = r'''
## Decisions

Choices that the policy format leaves open, and how tierc makes them. Most are pinned by a fixture under
`Tests/PolicyCheckTests/Fixtures/diagnostics/` (the `clean-*.yaml` ones must produce nothing).

**Reading YAML**

- One document per file, plain scalar keys, no merge keys, no tags; anchors and aliases are allowed within
  the budgets of [`yaml-limit`](#yaml-limit). A syntax, encoding or budget error stops the reading of that
  file; a duplicate key, merge key, tag or complex key is reported and checking goes on without that pair
  (for a duplicate key the first value is kept).
- Scalars are typed by where they stand, never by YAML 1.1 guessing: `yes` is text where text is expected
  (a display name) and an error where a boolean is. Booleans are `true`/`false` (also `True`, `TRUE`,
  `False`, `FALSE`); `yes`, `no`, `on`, `off`, `y`, `n` are rejected with `true`/`false` suggested.
- Quoted numbers are accepted everywhere a number is: `"100"` is `100`, `format: "1"` is `format: 1`,
  `price: "0.008"` is exact.
- Whole numbers (limits, `cost`, `per`, `format`) are plain digits. YAML 1.1 and human spellings are
  rejected with the plain spelling as a fix-it: `0777` → `777` (YAML 1.1 would read octal), `1e3` → `1000`,
  `1_000` → `1000`, `10,000` → `10000`, `+5` → `5`; `0x10` is rejected. A decimal limit (`10.5`) is an
  `invalid-value`.
- Money is a plain decimal read from the text (`29`, `0.01`, `29.50`); a leading `+` and leading zeros are
  tolerated there (`+29`, `0029.50`), exponents, currency signs and thousands separators are not. Trailing
  zeros never count as decimals (`29.50` has 1 decimal, `3000.0` none). A usage price may have up to 18
  decimals.
- The order of keys in a mapping does not matter (meters are known before tiers are read, wherever they are
  written), except where order is meaning: `tiers` (the ladder), `routes` (first match wins) and
  `identification.order`.

**Policy meaning**

- `name` is inherited through `extends` like every other key; a tier with no `name` anywhere in its chain is
  named by its key. A tier may also have a `description` (text, for people): it is checked but not compiled.
- `features`: the union along the chain, in the order of the `features` declaration. A feature listed twice
  in one tier, or listed again by a child, is harmless.
- `limits`: merged per meter and, for counters, per window. `api_calls: unlimited` on a counter lifts every
  window, also the inherited ones; a gauge may be `unlimited` too. A window a tier does not limit is
  unlimited.
- `usage_prices`: a tier's entry replaces the policy-wide (or inherited) one for that meter.
- A policy with no counter meter is valid (requests are then not metered). With exactly one counter it is the
  default meter; with several, `default_meter` is required even if every route names a meter.
- Route matches must start with `/` (a fix-it adds it). `*` matches any text within one segment (also
  empty), `**` any number of segments (also none), so `/api/**` also matches `/api`.
- `identification.order` may list any subset of the methods, each at most once (a repeat is an
  `invalid-value`); an empty list is accepted. `base_domain` is compared lower-case and must be a bare domain
  (no scheme, port, path or trailing dot).
- Tenants: a subdomain is one DNS label (letters, digits, inner `-`, at most 63), compared lower-case. A
  tenant without `subdomain` uses its id, as written. API keys are compared after hashing, so a raw key and
  its `sha256:` hash collide; hashes must be lower-case hex.
- A tenants file is checked against the tiers the policy declares even when the policy has other errors (a
  policy that is not readable YAML skips that check).

**Warnings**

- Warnings are computed only when the policy has no errors: on a broken policy they would mislead. Fix the
  errors first; the warnings then appear. (Errors in the tenants file do not hide the policy's warnings.)
- `window-never-binds` fires only when the shorter limit is strictly above the longer one; equal limits are
  fine.
- `unreachable-limit` uses the shortest length of each window: 28-day months, 24-hour days, 60-minute hours
  (minute → month 40320, hour → month 672, day → month 28, minute → day 1440, hour → day 24, minute → hour
  60). It fires when the capacity is strictly below the longer limit.
- Both window warnings are reported at a tier that writes one of the two limits itself; a child that
  inherits both unchanged is not warned again.
- `ladder-inversion` takes the ladder from the order of `tiers`; each tier is compared with the nearest earlier
  tier that is not pricier and grants more, per meter (every window where it allows more, in one warning; an
  absent window is unlimited, so a pricier tier that adds a window the earlier ones do not limit is reported)
  and for features (every missing feature, in one warning). A tier inherits no warning: what it takes
  unchanged from a parent already warned is not reported again. So a 1,000-tier policy gets at most a few
  warnings per tier, and the check stays linear in practice (running maxima skip the scan for tiers that give
  at least as much as every tier before them). See [BENCHMARKS.md](../BENCHMARKS.md).
- `price-inversion` groups the tiers priced below an earlier tier by the priciest tier before them: one
  warning per out-of-place tier, at the first cheaper tier after it.
- `inherited-price` compares the tier with its `extends` parent after inheritance (limits with `unlimited`
  windows dropped, and features); a change of usage prices alone is not reported.
- A key of `tiers` that is a tier-level key (`limits`, `features`, `price`, `extends`, `name`,
  `description`, `usage_prices`) is a [`misindented-key`](#misindented-key) error, not a tier, when its value
  is a scalar, a list, or a mapping with a key a tier does not have; with a mapping of tier keys (or nothing)
  it is a tier of that name.
- `identical-tiers` compares price, usage prices, features and limits after inheritance (`unlimited` equals
  no limit); `name` and `description` do not count.
- `unauthenticated-identification` concerns `header` and `query` only; `subdomain` is not reported. It fires
  for the default order too (no `order` written), once. `trusted_header: true` is a declaration about the
  deployment: it silences the warning for `header`, changes no decision of the runtime, and is not part of
  the snapshot ([snapshot-format.md](snapshot-format.md)).
'''

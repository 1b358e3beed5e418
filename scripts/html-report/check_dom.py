#!/usr/bin/env python3
"""Checks the DOM Chromium rendered from tierc's HTML reports against the JSON reports of the same run.

Called by scripts/test-html-report.sh with the folder holding simulate.{html,json,dom.html,png,netlog.json} and
diff.{…}. Amounts are compared as decimal strings (decimal.Decimal for sums), never as binary floats. Prints one
line per group and `html: N passed, M failed`; exits 1 when a check fails.
"""
import json
import os
import re
import sys
from decimal import Decimal
from html.parser import HTMLParser

folder = sys.argv[1]
passed = 0
failed = 0


def check(condition, message):
    global passed, failed
    if condition:
        passed += 1
    else:
        failed += 1
        print("html: FAIL " + message)


class Node:
    def __init__(self, tag, attrs, parent):
        self.tag = tag
        self.attrs = dict(attrs)
        self.parent = parent
        self.children = []
        self.text = ""

    def all(self):
        yield self
        for child in self.children:
            yield from child.all()

    def find(self, predicate):
        return [node for node in self.all() if predicate(node)]

    def text_content(self):
        return self.text + "".join(child.text_content() for child in self.children)

    def by_key(self, key):
        found = [node for node in self.all() if node.attrs.get("data-key") == key]
        return found[0] if found else None


VOID = {"meta", "br", "hr", "img", "input", "link", "col"}


class Tree(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.root = Node("#root", [], None)
        self.current = self.root

    def handle_starttag(self, tag, attrs):
        node = Node(tag, attrs, self.current)
        self.current.children.append(node)
        if tag not in VOID:
            self.current = node

    def handle_endtag(self, tag):
        node = self.current
        while node is not None and node.tag != tag:
            node = node.parent
        if node is not None and node.parent is not None:
            self.current = node.parent

    def handle_data(self, data):
        # Text after a child is kept with the parent: enough for cells, which hold text only.
        self.current.text += data


def parse(path):
    tree = Tree()
    with open(path, encoding="utf-8") as handle:
        tree.feed(handle.read())
    return tree.root


def grouped(text):
    """The human form of a decimal: thousands separators in the integer part."""
    sign = text[0] if text[:1] in "+-" and text else ""
    body = text[len(sign):]
    whole, dot, fraction = body.partition(".")
    if not whole.isdigit():
        return text
    return sign + "{:,}".format(int(whole)) + dot + fraction


def value_cell(node, expected, what):
    check(node is not None, what + ": missing")
    if node is None:
        return
    check(node.attrs.get("data-value") == str(expected), "%s: data-value %r, JSON %r" % (what, node.attrs.get("data-value"), expected))
    shown = node.text_content().strip()
    check(shown.endswith(grouped(str(expected))) or shown == grouped(str(expected)),
          "%s: shows %r, expected %r" % (what, shown, grouped(str(expected))))


def nothing_fetched(name):
    with open(os.path.join(folder, name + ".html"), encoding="utf-8") as handle:
        markup = handle.read()
    check("http-equiv=\"Content-Security-Policy\" content=\"default-src &#39;none&#39;;" in markup,
          name + ": the Content-Security-Policy allows no request")
    check(re.search(r"https?:|//[a-z0-9]", markup, re.I) is None, name + ": an http(s) or protocol-relative reference")
    check(re.search(r"\s(src|href|srcset|action|poster|data)=", markup, re.I) is None, name + ": a src/href attribute")
    check("@import" not in markup and "url(" not in markup.replace("url(#", ""), name + ": a CSS import or url()")
    for run in ("dom", "png"):
        foreign = page_requests(os.path.join(folder, "%s-%s.netlog.json" % (name, run)))
        check(foreign == [], "%s (%s): the page fetched %s" % (name, run, foreign))
    check(os.path.getsize(os.path.join(folder, name + ".png")) > 10_000, name + ": the PNG is empty")


def page_requests(path):
    """The URLs of the requests a page started, from Chromium's network log: URL_REQUEST_START_JOB events whose
    initiator is an origin (a file page's is "null"). The browser's own background requests (component updates,
    time, accounts: "not an origin") are left out; they fail anyway, no host name resolves."""
    with open(path, encoding="utf-8", errors="replace") as handle:
        text = handle.read()
    try:
        log = json.loads(text)
    except ValueError:
        log = json.loads(text.rstrip().rstrip(",") + "]}")
    types = {value: key for key, value in log["constants"]["logEventTypes"].items()}
    urls = []
    for event in log.get("events", []):
        params = event.get("params") or {}
        if types.get(event.get("type")) == "URL_REQUEST_START_JOB" and "url" in params and params.get("initiator") != "not an origin":
            if not params.get("url", "").startswith(("file:", "data:")):
                urls.append(params.get("url"))
    return urls


def charts(dom, ids, name):
    for chart in ids:
        figure = dom.find(lambda n: n.tag == "figure" and n.attrs.get("id") == chart)
        check(len(figure) == 1, "%s: figure %s" % (name, chart))
        if not figure:
            continue
        svg = figure[0].find(lambda n: n.tag == "svg")
        check(len(svg) == 1 and svg[0].attrs.get("role") == "img", "%s: %s has one inline svg" % (name, chart))
        texts = svg[0].find(lambda n: n.tag == "text") if svg else []
        check(len(texts) >= 4, "%s: %s has legend, ticks and axis titles" % (name, chart))
        check(len(svg[0].find(lambda n: n.tag == "pattern")) >= 1 if svg else False, "%s: %s has its patterns" % (name, chart))
        table = figure[0].find(lambda n: n.tag == "table" and n.attrs.get("data-chart") == chart)
        check(len(table) == 1, "%s: %s has the table of its numbers" % (name, chart))


def simulate():
    dom = parse(os.path.join(folder, "simulate.dom.html"))
    with open(os.path.join(folder, "simulate.json"), encoding="utf-8") as handle:
        report = json.load(handle)
    before = passed + failed
    nothing_fetched("simulate")
    order = ["headline", "requests-per-day", "revenue-per-month", "most-refused", "distribution", "tenants"]
    sections = [n.attrs.get("id") for n in dom.find(lambda n: n.tag == "section")]
    check(sections == order, "simulate: sections %s" % sections)
    charts(dom, ["chart-requests", "chart-revenue", "chart-distribution"], "simulate")

    headline = dom.find(lambda n: n.attrs.get("id") == "headline")[0]
    value_cell(headline.by_key("requests"), report["records"]["requests"], "headline requests")
    for status in ("200", "401", "403", "429"):
        value_cell(headline.by_key(status), report["status"][status], "headline " + status)
    refused = sum(1 for t in report["tenants"] if t["status"]["429"] > 0)
    check(headline.by_key("refused_tenants").attrs.get("data-value") == str(refused), "headline refused tenants")
    grand = sum((Decimal(i["total"]) for t in report["tenants"] for i in t["invoices"]), Decimal(0))
    value_cell(headline.by_key("total"), format(grand, "f"), "headline total")
    months = {}
    for tenant in report["tenants"]:
        for invoice in tenant["invoices"]:
            months[invoice["month"]] = months.get(invoice["month"], Decimal(0)) + Decimal(invoice["total"])
    for month, total in months.items():
        row = dom.find(lambda n: n.tag == "tr" and n.attrs.get("data-month") == month and n.by_key("month_total") is not None)
        value_cell(row[0].by_key("month_total") if row else None, format(total, "f"), "revenue of " + month)
    # The revenue chart's table: per month, the total over tiers.
    revenue = dom.find(lambda n: n.tag == "table" and n.attrs.get("data-chart") == "chart-revenue")[0]
    for row in revenue.find(lambda n: n.tag == "tr")[1:]:
        month = row.find(lambda n: n.tag == "th")[0].text_content()
        cells = row.find(lambda n: n.tag == "td")
        check(Decimal(cells[-1].attrs["data-value"]) == months.get(month), "revenue chart total of " + month)
    # The requests chart's table adds up to the requests.
    requests = dom.find(lambda n: n.tag == "table" and n.attrs.get("data-chart") == "chart-requests")[0]
    per_day = [int(row.find(lambda n: n.tag == "td")[-1].attrs["data-value"]) for row in requests.find(lambda n: n.tag == "tr")[1:]]
    check(sum(per_day) == report["records"]["requests"], "requests chart adds up to %s" % sum(per_day))

    table = dom.find(lambda n: n.attrs.get("id") == "tenant-table")[0]
    rows = table.find(lambda n: n.tag == "tr" and "data-tenant" in n.attrs)
    check([r.attrs["data-tenant"] for r in rows] == [t["tenant"] for t in report["tenants"]], "simulate: one row per tenant, by id")
    for row, tenant in zip(rows, report["tenants"]):
        name = tenant["tenant"]
        value_cell(row.by_key("requests"), tenant["requests"], name + " requests")
        for status in ("200", "403", "429"):
            value_cell(row.by_key(status), tenant["status"][status], name + " " + status)
        check(row.by_key("first_429").attrs.get("data-value") == (tenant["first_429"] or ""), name + " first 429")
        total = sum((Decimal(i["total"]) for i in tenant["invoices"]), Decimal(0))
        value_cell(row.by_key("total"), format(total, "f") if tenant["invoices"] else "0.00", name + " total")
        invoices = row.find(lambda n: n.tag == "tr" and "data-month" in n.attrs)
        check([i.attrs["data-month"] for i in invoices] == [i["month"] for i in tenant["invoices"]], name + " invoice months")
        for shown, invoice in zip(invoices, tenant["invoices"]):
            value_cell(shown.by_key("invoice_total"), invoice["total"], "%s %s total" % (name, invoice["month"]))
            lines = shown.find(lambda n: n.tag == "span" and n.attrs.get("class") == "line")
            check([(l.attrs["data-kind"], l.attrs["data-meter"] or None, l.attrs["data-value"]) for l in lines]
                  == [(l["kind"], l.get("meter"), l["amount"]) for l in invoice["lines"]], "%s %s lines" % (name, invoice["month"]))
    search = dom.find(lambda n: n.tag == "input" and n.attrs.get("data-filter") == "tenant-table")
    check(len(search) == 1 and "hidden" not in search[0].attrs, "simulate: the inline script ran (search box shown)")
    print("html: simulate report, %d checks" % (passed + failed - before))


def diff():
    dom = parse(os.path.join(folder, "diff.dom.html"))
    with open(os.path.join(folder, "diff.json"), encoding="utf-8") as handle:
        report = json.load(handle)
    before = passed + failed
    nothing_fetched("diff")
    sections = [n.attrs.get("id") for n in dom.find(lambda n: n.tag == "section")]
    check(sections == ["changes", "revenue", "refusals", "tenants"], "diff: sections %s" % sections)
    charts(dom, ["chart-revenue"], "diff")
    changes = dom.find(lambda n: n.tag == "tr" and "data-impact" in n.attrs)
    check(sorted((c.attrs["data-impact"]) for c in changes) == sorted(c["impact"] for c in report["changes"]), "diff: every change")
    replay = report["replay"]
    total = dom.find(lambda n: n.tag == "tr" and n.attrs.get("data-tier") == "total")[0]
    value_cell(total.by_key("old_total"), replay["old_total"], "diff total before")
    value_cell(total.by_key("new_total"), replay["new_total"], "diff total after")
    value_cell(total.by_key("delta_total"), replay["total_delta"], "diff total delta")
    table = dom.find(lambda n: n.attrs.get("id") == "tenant-table")[0]
    rows = {r.attrs["data-tenant"]: r for r in table.find(lambda n: n.tag == "tr" and "data-tenant" in n.attrs)}
    check(sorted(rows) == sorted(t["tenant"] for t in replay["tenants"]), "diff: one row per tenant")
    for tenant in replay["tenants"]:
        row = rows.get(tenant["tenant"])
        if row is None:
            continue
        for key in ("old_429", "new_429", "delta_429", "old_total", "new_total", "delta_total"):
            node = row.by_key(key)
            check(node is not None and node.attrs.get("data-value") == str(tenant[key]),
                  "%s %s: %r, JSON %r" % (tenant["tenant"], key, node and node.attrs.get("data-value"), tenant[key]))
        check(row.by_key("first_new_429").attrs.get("data-value") == (tenant["first_new_429"] or ""), tenant["tenant"] + " first new 429")
    newly = dom.find(lambda n: n.attrs.get("id") == "newly-refused")[0]
    listed = sorted(r.attrs["data-tenant"] for r in newly.find(lambda n: n.tag == "tr" and "data-tenant" in n.attrs))
    check(listed == sorted(t["tenant"] for t in replay["tenants"] if t["first_new_429"]), "diff: newly refused %s" % listed)
    check(len(listed) > 0, "diff: the example makes some tenant newly refused")
    print("html: diff report, %d checks" % (passed + failed - before))


def control():
    """The detector itself must see a request: a page with an image from the network is caught."""
    caught = page_requests(os.path.join(folder, "control.netlog.json"))
    check(caught == ["https://example.com/tierc-control.png"], "the control page's request was not seen: %s" % caught)
    print("html: the network log shows a page's request (control)")


control()
simulate()
diff()
print("html: %d passed, %d failed" % (passed, failed))
sys.exit(1 if failed else 0)

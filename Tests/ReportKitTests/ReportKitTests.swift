import PolicyModel
import ReportKit
import Testing

@Suite("thousands separators for people")
struct GroupingTests {
    @Test(arguments: [
        ("0", "0"), ("999", "999"), ("1000", "1,000"), ("1256.67", "1,256.67"), ("-1000.50", "-1,000.50"),
        ("+12345", "+12,345"), ("1234567.001", "1,234,567.001"), ("0.12345", "0.12345"), ("n/a", "n/a"), ("", ""),
        ("12a4", "12a4"),
    ])
    func decimal(_ input: String, _ expected: String) {
        #expect(Grouping.decimal(input) == expected)
    }

    @Test func integers() {
        #expect(Grouping.int(0) == "0")
        #expect(Grouping.int(-1_234_567) == "-1,234,567")
        #expect(Grouping.int(Int64.max) == "9,223,372,036,854,775,807")
    }
}

@Suite("HTML nodes and their renderer")
struct HTMLTests {
    @Test func everyTextAndAttributeIsEscaped() {
        let node = el("td", attributes: [("title", "\"><script>x</script>")], children: [text("<b>&'\"")])
        #expect(node.rendered() == "<td title=\"&quot;&gt;&lt;script&gt;x&lt;/script&gt;\">&lt;b&gt;&amp;&#39;&quot;</td>")
    }

    @Test func aQuoteUnderACombiningMarkStillEndsNoAttribute() {
        // `"` followed by U+0301 is one Character in Swift but a quote to a browser: escaped scalar by scalar.
        let node = el("td", attributes: [("title", "x\"\u{301} onmouseover=y")], children: [text("<\u{301}")])
        #expect(node.rendered() == "<td title=\"x&quot;\u{301} onmouseover=y\">&lt;\u{301}</td>")
    }

    @Test func voidElementsHaveNoEndTag() {
        #expect(el("meta", ["charset": "utf-8"]).rendered() == "<meta charset=\"utf-8\">")
    }

    @Test func aPageFetchesNothing() {
        let page = HTMLPage(title: "t <1>", body: [el("p", [:], text("https://example.com is text"))]).rendered()
        #expect(page.hasPrefix("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><meta http-equiv=\"Content-Security-Policy\" content=\"default-src &#39;none&#39;;"))
        #expect(page.contains("<title>t &lt;1&gt;</title>"))
        for reference in ["src=", "href=", "@import", "url(http", "<link"] { #expect(!page.contains(reference), "\(reference)") }
        #expect(page.hasSuffix("</body></html>\n"))
    }
}

@Suite("inline SVG bar charts")
struct BarChartTests {
    static let chart = BarChart(id: "c", title: "Requests", categories: ["a", "b"], series: ["200", "429"],
                                values: [[1_000, 5], [20, 0]], xTitle: "day", yTitle: "requests")

    @Test func sameChartSameBytes() {
        #expect(Self.chart.node().rendered() == Self.chart.node().rendered())
    }

    @Test func hasAxesLegendBarsAndTheTableOfItsNumbers() {
        let html = Self.chart.node().rendered()
        #expect(html.contains("<svg viewBox=\"0 0 760 320\""))
        #expect(html.contains("role=\"img\" aria-labelledby=\"c-title\""))
        #expect(html.contains(">1,500</text>") && html.contains(">500</text>"), "ticks of 500 up to the first above 1,005, grouped")
        #expect(html.contains("<title>a, 200: 1,000</title>"))
        #expect(html.contains("<pattern id=\"c-p1\""), "the second series has a pattern")
        #expect(html.contains("<table class=\"sr-only chart-data\" data-chart=\"c\">"))
        #expect(html.contains("<td class=\"num\" data-value=\"1005\">1,005</td>"), "the stacked total")
        #expect(!html.contains("<title>b, 429"), "a zero segment draws nothing")
    }

    @Test func moneyIsExactAndTicksAreRound() {
        let chart = BarChart(id: "m", title: "Revenue", categories: ["2025-11"], series: ["free", "pro"],
                             values: [[12_345_678, 1]], fractionDigits: 2, xTitle: "month", yTitle: "USD")
        let html = chart.node().rendered()
        #expect(html.contains("data-value=\"123456.78\">123,456.78</td>"))
        #expect(html.contains("data-value=\"123456.79\">123,456.79</td>"))
        #expect(html.contains(">50,000.00</text>") && html.contains(">150,000.00</text>"),
                "ticks of 50,000.00 up to the first multiple above the maximum")
        #expect(chart.exact(-5) == "-0.05")
    }
}

@Suite("tierc table")
struct TierTableTests {
    static let policy = Policy(
        format: 1, name: "p", currency: Currency(code: "EUR")!, rounding: .halfUp, defaultMeter: "api_calls",
        identification: Identification(order: []), meters: [Meter(id: "api_calls", kind: .counter, unit: "call"),
                                                            Meter(id: "storage_gb", kind: .gauge, unit: "GB")],
        features: [Feature(id: "sso")], routes: [],
        usagePrices: [:],
        tiers: [
            Tier(id: "free", name: "Free", price: .zero,
                 limits: ["api_calls": .counter([.minute: .limited(10), .month: .limited(1_000)]), "storage_gb": .gauge(.level(ExactDecimal("0.5")!))]),
            Tier(id: "team", name: "Team | Plus", price: ExactDecimal("1499.5")!,
                 limits: ["api_calls": .counter([.month: .limited(2_000_000)])], features: ["sso"],
                 usagePrices: ["api_calls": UsagePrice(per: 1_000, scheme: .flat(ExactDecimal("0.001")!))]),
        ])

    @Test func titles() {
        #expect(TierTable.title("api_calls", unit: "call") == "API Calls")
        #expect(TierTable.title("storage_gb", unit: "GB") == "Storage")
        #expect(TierTable.title("ai_intelligence", unit: nil) == "AI Intelligence")
    }

    @Test func markdownForPeopleAndPlainValuesForMachines() {
        let table = TierTable(policy: Self.policy)
        #expect(table.markdown() == """
            | Tier | API Calls/Minute | API Calls/Month | Storage | Price |
            |------|------------------|-----------------|---------|-------|
            | Free | 10 | 1,000 | 0.5GB | €0 |
            | Team \\| Plus | Unlimited | 2,000,000 | Unlimited | €1,499.50/mo |

            | Tier | SSO |
            |------|-----|
            | Free | — |
            | Team \\| Plus | ✓ |

            | Tier | API Calls |
            |------|-----------|
            | Free | — |
            | Team \\| Plus | €0.001 per 1,000 calls |

            """)
        #expect(table.csv() == "tier,API Calls/Minute,API Calls/Month,Storage,Price,SSO,API Calls\r\n"
                + "free,10,1000,0.5,0.00,false,\r\nteam,unlimited,2000000,unlimited,1499.50,true,0.001 per 1000\r\n")
        #expect(table.json().contains("[\"team\", \"unlimited\", \"2000000\", \"unlimited\", \"1499.50\"]"))
        #expect(table.html().contains("<th scope=\"row\">Team | Plus</th>"))
    }
}

@Suite("thousands separators in prose")
struct GroupingProseTests {
    @Test(arguments: [
        ("tier `starter` cuts `api_calls` per month from 10000 to 5000", "tier `starter` cuts `api_calls` per month from 10,000 to 5,000"),
        ("the price goes up from 1499.00 USD to 1999.50 USD a month.", "the price goes up from 1,499.00 USD to 1,999.50 USD a month."),
        ("raised to 2000.", "raised to 2,000."),
        ("tier2025 at 2025-11-02T21:50:00Z, v1.2000, /api/10000, a_10000", "tier2025 at 2025-11-02T21:50:00Z, v1.2000, /api/10000, a_10000"),
        ("500 and 999", "500 and 999"),
    ])
    func prose(_ input: String, _ expected: String) {
        #expect(Grouping.prose(input) == expected)
    }
}

import Testing
import PolicyModel
import PolicyRuntime
import PolicySimulator

/// simulation.md §1 gauge readings, §2 (after step 5), §5 counts, §7.5, §7.17, §7.18.
@Suite("§7.17–§7.18 counting, §7.5 gauge readings")
struct CountingTests {
    static let policy = Spec.yaml("""
        meters:
          api_calls: { kind: counter }
          storage_gb: { kind: gauge }
        features:
          ai: {}
        routes:
          - match: /ai/**
            feature: ai
        tiers:
          free:
            price: 0
            limits:
              api_calls: { hour: 1 }
              storage_gb: 5
          open:
            price: 0
        """)

    static let tenants = """
        tenants:
          acme:
            tier: free
            api_keys: [key-acme]
          beta:
            tier: free
          open:
            tier: open
        """

    @Test("§7.17 records.requests counts every valid non-gauge record, 401s and anonymous included; status adds up to it")
    func requestsAndStatusSums() throws {
        let report = try Spec.report(Self.policy, Self.tenants, [
            Spec.pinned("acme", "2025-11-02T21:00:00Z"),  // 200
            Spec.pinned("acme", "2025-11-02T21:00:01Z"),  // 429
            Spec.pinned("acme", "2025-11-02T21:00:02Z", path: "/ai/x"),  // 403
            Spec.pinned("nobody", "2025-11-02T21:00:03Z"),  // 401
            Spec.line(#""headers":{"Authorization":"Bearer wrong"}"#),  // 401
            Spec.line(#""path":"/ai/x""#),  // anonymous 200
            "",  // blank: not a record
            #"{"ts":"2025-11-02T21:00:04Z","tenant":"acme","meter":"storage_gb","value":1}"#,  // gauge reading
            #"{"ts":"not a time","tenant":"acme"}"#,  // invalid
        ])
        #expect(report.records.requests == 6)
        #expect(report.records.gaugeReadings == 1)
        #expect(report.records.invalid == 1)
        #expect(report.records.invalidLines == [9])
        #expect(report.status200 == 2)
        #expect(report.status401 == 2)
        #expect(report.status403 == 1)
        #expect(report.status429 == 1)
        #expect(report.status200 + report.status401 + report.status403 + report.status429 == report.records.requests)
        #expect(report.anonymous == 1)
        let acme = try report.tenant("acme")
        #expect(acme.status200 == 1)
        #expect(acme.status403 == 1)
        #expect(acme.status429 == 1)
        #expect(acme.requests == 3)
        #expect(acme.rejectedByWindow == [.hour: 1])
        #expect(try report.tenant("beta").requests == 0)
    }

    @Test("§7.18 first_429 is the first 429 in file order, printed in UTC without the fraction")
    func first429() throws {
        let report = try Spec.report(Self.policy, Self.tenants, [
            Spec.pinned("acme", "2025-11-02T22:10:00Z"),  // 200
            #"{"ts":"2025-11-03T00:20:00.987+02:00","tenant":"acme"}"#,  // 22:20:00.987Z: 429, the first
            Spec.pinned("acme", "2025-11-02T21:10:00Z"),  // 200 in its own hour
            Spec.pinned("acme", "2025-11-02T21:20:00Z"),  // 429 at an earlier ts, later in the file
        ])
        let acme = try report.tenant("acme")
        #expect(acme.status429 == 2)
        #expect(acme.first429 == Spec.epoch("2025-11-02T22:20:00Z"))
        #expect(report.json().contains(#""first_429": "2025-11-02T22:20:00Z""#))
        #expect(try report.tenant("beta").first429 == nil)
        #expect(report.json().contains(#""first_429": null"#))
    }

    @Test("§7.18 first_429 of a numeric ts with a fraction is floored")
    func first429NumericFraction() throws {
        // 1762117200 = 2025-11-02T21:00:00Z (20394 days × 86400 + 21 × 3600).
        let report = try Spec.report(Self.policy, Self.tenants, [
            #"{"ts":1762117200,"tenant":"acme"}"#, #"{"ts":1762117259.999,"tenant":"acme"}"#,
        ])
        #expect(report.json().contains(#""first_429": "2025-11-02T21:00:59Z""#))
    }

    // MARK: gauge readings

    @Test("§7.5 a record is a gauge reading only with both meter and value; meter or value alone makes it a request",
          arguments: [
              (#"{"ts":"2025-11-02T21:00:00Z","tenant":"acme","meter":"storage_gb","value":0.8}"#, true),
              (#"{"ts":"2025-11-02T21:00:00Z","tenant":"acme","meter":"storage_gb"}"#, false),
              (#"{"ts":"2025-11-02T21:00:00Z","tenant":"acme","value":0.8}"#, false),
              (#"{"ts":"2025-11-02T21:00:00Z","tenant":"acme","value":"0.8"}"#, false),
          ])
    func gaugeNeedsMeterAndValue(line: String, isGauge: Bool) throws {
        let report = try Spec.report(Self.policy, Self.tenants, [line])
        #expect(report.records.gaugeReadings == (isGauge ? 1 : 0))
        #expect(report.records.requests == (isGauge ? 0 : 1))
        #expect(report.records.invalid == 0)
        #expect(try report.tenant("acme").requests == (isGauge ? 0 : 1))
    }

    @Test("§7.5 value must be a JSON number ≥ 0: a string, a negative number, a boolean or null makes the line invalid",
          arguments: [#""0.8""#, "-1", "-0.001", "true", "false", "null", "[1]", #"{"v":1}"#, "-1e-9"])
    func gaugeValueInvalid(value: String) throws {
        let line = #"{"ts":"2025-11-02T21:00:00Z","tenant":"acme","meter":"storage_gb","value":\#(value)}"#
        guard case .failure? = Spec.parse(line) else {
            Issue.record("expected an invalid line: \(line)")
            return
        }
    }

    @Test("§7.5 value may be any JSON number ≥ 0", arguments: [
        ("0", "0"), ("-0", "0"), ("0.80", "0.8"), ("1.50E+1", "15"), ("1e2", "100"), ("2.5e-1", "0.25"), ("7", "7"),
    ])
    func gaugeValueValid(value: String, text: String) throws {
        let line = #"{"ts":"2025-11-02T21:00:00Z","tenant":"acme","meter":"storage_gb","value":\#(value)}"#
        guard case .success(.gauge(_, let meter, let parsed, _))? = Spec.parse(line) else {
            Issue.record("expected a gauge reading: \(line)")
            return
        }
        #expect(meter == "storage_gb")
        #expect(parsed.description == text)
    }

    @Test("§1 and §7.5 a gauge reading needs a known tenant; no identification method is tried; the meter must be a gauge",
          arguments: [
              #"{"ts":"2025-11-02T21:00:00Z","meter":"storage_gb","value":1}"#,
              #"{"ts":"2025-11-02T21:00:00Z","meter":"storage_gb","value":1,"headers":{"Authorization":"Bearer key-acme"}}"#,
              #"{"ts":"2025-11-02T21:00:00Z","tenant":null,"meter":"storage_gb","value":1}"#,
              #"{"ts":"2025-11-02T21:00:00Z","tenant":"nobody","meter":"storage_gb","value":1}"#,
              #"{"ts":"2025-11-02T21:00:00Z","tenant":5,"meter":"storage_gb","value":1}"#,
              #"{"ts":"2025-11-02T21:00:00Z","tenant":"acme","meter":"api_calls","value":1}"#,
              #"{"ts":"2025-11-02T21:00:00Z","tenant":"acme","meter":"disk","value":1}"#,
              #"{"ts":"2025-11-02T21:00:00Z","tenant":"acme","meter":7,"value":1}"#,
              #"{"ts":"2025-11-02T21:00:00Z","tenant":"acme","meter":null,"value":1}"#,
          ])
    func gaugeReadingInvalid(line: String) throws {
        let report = try Spec.report(Self.policy, Self.tenants, [Spec.pinned("acme", "2025-11-02T21:00:00Z"), line])
        #expect(report.records.invalid == 1)
        #expect(report.records.invalidLines == [2])
        #expect(report.records.gaugeReadings == 0)
        #expect(report.records.requests == 1)
    }

    @Test("§2 a reading above the gauge limit (strictly) counts as over the limit and refuses nothing; §7.15 no limit, never over")
    func gaugeOverLimit() throws {
        let reading = { (tenant: String, value: String) in
            #"{"ts":"2025-11-02T21:00:00Z","tenant":"\#(tenant)","meter":"storage_gb","value":\#(value)}"#
        }
        let report = try Spec.report(Self.policy, Self.tenants, [
            reading("acme", "5"),  // the limit itself: not over
            reading("acme", "5.0"),
            reading("acme", "5.000001"),  // over
            reading("acme", "50"),  // over
            reading("acme", "4"),
            Spec.pinned("acme", "2025-11-02T21:00:00Z"),  // still allowed
            reading("open", "1e15"),  // `open` sets no gauge limit
        ])
        #expect(try report.tenant("acme").gaugeOverLimit == 2)
        #expect(try report.tenant("acme").status200 == 1)
        #expect(try report.tenant("open").gaugeOverLimit == 0)
        #expect(report.records.gaugeReadings == 6)
    }

    @Test("§2 a gauge limit of unlimited is never exceeded")
    func gaugeUnlimited() throws {
        let policy = Spec.yaml("""
            meters:
              storage_gb: { kind: gauge }
            tiers:
              free:
                price: 0
                limits:
                  storage_gb: unlimited
            """)
        let report = try Spec.report(policy, Spec.tenants(), [
            #"{"ts":"2025-11-02T21:00:00Z","tenant":"acme","meter":"storage_gb","value":123456789}"#,
        ])
        #expect(try report.tenant("acme").gaugeOverLimit == 0)
    }
}

import Foundation
import Testing
import PolicyModel
import PolicyRuntime
import PolicySimulator

/// simulation.md §5: the JSON report, whole.
@Suite("§5 the JSON report")
struct ReportJSONTests {
    static let policy = Spec.yaml("""
        meters:
          api_calls: { kind: counter }
          storage_gb: { kind: gauge }
        usage_prices:
          storage_gb: { price: 0.10 }
          api_calls: { price: 0.01 }
        tiers:
          free:
            price: 0
            limits:
              api_calls: { minute: 1, hour: 2 }
              storage_gb: 1
          pro:
            price: 10
        """)

    static let tenants = """
        tenants:
          beta:
            tier: pro
          acme:
            tier: free
        """

    static let log = [
        Spec.pinned("acme", "2025-11-02T21:00:00Z"),  // 1: 200
        Spec.pinned("acme", "2025-11-02T21:00:30Z"),  // 2: 429 minute
        Spec.pinned("acme", "2025-11-02T21:01:00Z"),  // 3: 200
        Spec.pinned("acme", "2025-11-02T21:02:00Z"),  // 4: 429 hour
        "",  // 5: blank
        #"{"ts":"2025-11-02T21:03:00Z","tenant":"nobody"}"#,  // 6: 401
        "oops",  // 7: invalid
        #"{"ts":"2025-12-01T00:00:00Z"}"#,  // 8: anonymous 200
        #"{"ts":"2025-11-05T00:00:00Z","tenant":"acme","meter":"storage_gb","value":1.50}"#,  // 9: gauge, over 1
        Spec.pinned("beta", "2025-12-24T00:00:00Z"),  // 10: 200
    ]

    @Test("§5 the whole report: keys in the order of §5, tenants by id, only windows with a count, null first_429")
    func wholeReport() throws {
        let (policy, directory) = try Spec.check(Self.policy, Self.tenants)
        let report = try Simulation.run(policy, directory, log: Self.log.joined(separator: "\n"))
        // The fingerprint is the policy's (policy-format identity), not something to compute by hand here.
        #expect(policy.fingerprint.wholeMatch(of: /sha256:[0-9a-f]{64}/) != nil)
        // requests: lines 1, 2, 3, 4, 6, 8, 10 = 7; status 200: 1, 3, 8, 10; 401: 6; 429: 2, 4.
        // acme, November: api_calls 2 allowed × 0.01 = 0.02; storage_gb max 1.5 × 0.10 = 0.15; total 0.17.
        // beta (pro, base 10.00): December has its one call, 0.01.
        let expected = """
            {
              "policy": "spec-test",
              "fingerprint": "\(policy.fingerprint)",
              "currency": "USD",
              "records": {
                "requests": 7,
                "gauge_readings": 1,
                "invalid": 1,
                "invalid_lines": [7]
              },
              "status": {
                "200": 4,
                "401": 1,
                "403": 0,
                "429": 2
              },
              "anonymous": 1,
              "tenants": [
                {
                  "tenant": "acme",
                  "tier": "free",
                  "requests": 4,
                  "status": {
                    "200": 2,
                    "403": 0,
                    "429": 2
                  },
                  "rejected_by_window": {
                    "minute": 1,
                    "hour": 1
                  },
                  "first_429": "2025-11-02T21:00:30Z",
                  "gauge_over_limit": 1,
                  "invoices": [
                    {
                      "month": "2025-11",
                      "lines": [
                        { "kind": "base", "amount": "0.00" },
                        { "kind": "usage", "meter": "api_calls", "quantity": "2", "amount": "0.02" },
                        { "kind": "usage", "meter": "storage_gb", "quantity": "1.5", "amount": "0.15" }
                      ],
                      "total": "0.17"
                    },
                    {
                      "month": "2025-12",
                      "lines": [
                        { "kind": "base", "amount": "0.00" },
                        { "kind": "usage", "meter": "api_calls", "quantity": "0", "amount": "0.00" },
                        { "kind": "usage", "meter": "storage_gb", "quantity": "0", "amount": "0.00" }
                      ],
                      "total": "0.00"
                    }
                  ]
                },
                {
                  "tenant": "beta",
                  "tier": "pro",
                  "requests": 1,
                  "status": {
                    "200": 1,
                    "403": 0,
                    "429": 0
                  },
                  "rejected_by_window": {},
                  "first_429": null,
                  "gauge_over_limit": 0,
                  "invoices": [
                    {
                      "month": "2025-11",
                      "lines": [
                        { "kind": "base", "amount": "10.00" },
                        { "kind": "usage", "meter": "api_calls", "quantity": "0", "amount": "0.00" },
                        { "kind": "usage", "meter": "storage_gb", "quantity": "0", "amount": "0.00" }
                      ],
                      "total": "10.00"
                    },
                    {
                      "month": "2025-12",
                      "lines": [
                        { "kind": "base", "amount": "10.00" },
                        { "kind": "usage", "meter": "api_calls", "quantity": "1", "amount": "0.01" },
                        { "kind": "usage", "meter": "storage_gb", "quantity": "0", "amount": "0.00" }
                      ],
                      "total": "10.01"
                    }
                  ]
                }
              ]
            }

            """
        #expect(report.json() == expected)
    }

    @Test("§5 an empty log: zero counts, every tenant, invoices: [] (JPY amounts have no digits to print anyway)")
    func emptyLog() throws {
        let policy = Spec.yaml(currency: "JPY", """
            meters:
              api_calls: { kind: counter }
            tiers:
              free: { price: 100 }
            """)
        let (checked, directory) = try Spec.check(policy, Spec.tenants())
        let report = try Simulation.run(checked, directory, log: "")
        let expected = """
            {
              "policy": "spec-test",
              "fingerprint": "\(checked.fingerprint)",
              "currency": "JPY",
              "records": {
                "requests": 0,
                "gauge_readings": 0,
                "invalid": 0,
                "invalid_lines": []
              },
              "status": {
                "200": 0,
                "401": 0,
                "403": 0,
                "429": 0
              },
              "anonymous": 0,
              "tenants": [
                {
                  "tenant": "acme",
                  "tier": "free",
                  "requests": 0,
                  "status": {
                    "200": 0,
                    "403": 0,
                    "429": 0
                  },
                  "rejected_by_window": {},
                  "first_429": null,
                  "gauge_over_limit": 0,
                  "invoices": []
                },
                {
                  "tenant": "beta",
                  "tier": "free",
                  "requests": 0,
                  "status": {
                    "200": 0,
                    "403": 0,
                    "429": 0
                  },
                  "rejected_by_window": {},
                  "first_429": null,
                  "gauge_over_limit": 0,
                  "invoices": []
                }
              ]
            }

            """
        #expect(report.json() == expected)
    }

    @Test("§5 the report is JSON, and the same replay gives the same bytes")
    func parsesAndIsDeterministic() throws {
        let (policy, directory) = try Spec.check(Self.policy, Self.tenants)
        let first = try Simulation.run(policy, directory, log: Self.log.joined(separator: "\n")).json()
        let second = try Simulation.run(policy, directory, log: Self.log.joined(separator: "\n")).json()
        #expect(first == second)
        let object = try JSONSerialization.jsonObject(with: Data(first.utf8)) as? [String: Any]
        #expect(object?["anonymous"] as? Int == 1)
    }

    @Test("§5 rejected_by_window lists only windows with a count, in the order minute, hour, day, month")
    func rejectedByWindowKeys() throws {
        let policy = Spec.counterPolicy(limits: "{ minute: 1, day: 3, month: 4 }")
        let report = try Spec.report(policy, Spec.tenants(), [
            Spec.pinned("acme", "2025-11-02T21:00:00Z"), Spec.pinned("acme", "2025-11-02T21:00:00Z"),  // 200, minute
            Spec.pinned("acme", "2025-11-02T21:01:00Z"), Spec.pinned("acme", "2025-11-02T21:02:00Z"),  // 200, 200
            Spec.pinned("acme", "2025-11-02T21:03:00Z"),  // day
            Spec.pinned("acme", "2025-11-03T21:03:00Z"),  // 200 (4 in the month)
            Spec.pinned("acme", "2025-11-04T21:03:00Z"),  // month
        ])
        #expect(try report.tenant("acme").rejectedByWindow == [.minute: 1, .day: 1, .month: 1])
        #expect(report.json().contains("""
                  "rejected_by_window": {
                    "minute": 1,
                    "day": 1,
                    "month": 1
                  },
            """))
    }
}

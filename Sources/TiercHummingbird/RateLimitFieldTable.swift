internal import PolicyModel
internal import PolicyRuntime
internal import RawStructuredFieldValues

/// The parts of the rate-limit fields (docs/serve.md, "Headers") that depend only on the policy, serialised once
/// when a policy is loaded instead of on every metered answer: `RateLimit-Policy` per tier and meter, and the
/// quoted policy name that starts `RateLimit` per meter and window.
struct RateLimitFieldTable: Sendable {
    /// `RateLimit-Policy` by `tier * meters + meter`; nil where every window of the meter is unlimited.
    private let policies: [String?]
    /// `"<policy name>";r=` by `Window.slot(window, inGroup: meter)`, the start of a `RateLimit` value.
    private let currentPrefixes: [String]
    private let meters: Int

    init(rules: PolicyRules) {
        let policy = rules.policy
        meters = policy.meters.count
        var prefixes: [String] = []
        for meter in 0..<meters {
            for window in Window.allCases {
                let name = RateLimitHeaders.policyName(window: window, meter: meter, rules: rules)
                let item = ItemOrInnerList.item(Item(bareItem: RFC9651BareItem.string(name), parameters: OrderedMap()))
                prefixes.append((RateLimitHeaders.serialize([item]) ?? "") + ";r=")
            }
        }
        currentPrefixes = prefixes
        var policies: [String?] = []
        for tier in 0..<policy.tiers.count {
            for meter in 0..<meters { policies.append(Self.policyField(tier: tier, meter: meter, rules: rules)) }
        }
        self.policies = policies
    }

    /// `RateLimit-Policy` for a tier's meter: every limited window as `"<name>";q=<quota>;w=<seconds>`.
    static func policyField(tier: Int, meter: Int, rules: PolicyRules) -> String? {
        let limits = rules.windowLimits(tier: tier, meter: meter)
        var list: [ItemOrInnerList] = []
        for window in Window.allCases {
            guard let quota = limits[window] else { continue }
            var parameters = OrderedMap<String, RFC9651BareItem>()
            parameters["q"] = .integer(min(quota, Self.largestInteger))
            parameters["w"] = .integer(Int64(RateLimitHeaders.nominalSeconds(window)))
            list.append(.item(Item(bareItem: RFC9651BareItem.string(RateLimitHeaders.policyName(window: window, meter: meter, rules: rules)),
                                   parameters: parameters)))
        }
        return list.isEmpty ? nil : RateLimitHeaders.serialize(list)
    }

    func policyField(tier: Int, meter: Int) -> String? {
        policies[tier * meters + meter]
    }

    /// The start of `RateLimit` for a meter's window: `"<name>";r=`, as the Structured Field serialiser writes it;
    /// ``RateLimitFieldValues`` adds `<remaining>;t=<seconds to reset>` (the integers capped at ``largestInteger``).
    func currentPrefix(meter: Int, window: Window) -> String {
        currentPrefixes[Window.slot(window, inGroup: meter)]
    }

    /// RFC 9651's largest integer (15 digits). A tiers.yaml accepts any limit up to 2^63 − 1; a larger quota or
    /// remainder is written as this in the Structured Fields, which cannot hold it (docs/serve.md, "Headers"), and
    /// exactly in `X-RateLimit-*`. Found by the FuzzRateLimitHeaders harness (docs/fuzzing.md).
    static let largestInteger: Int64 = 999_999_999_999_999
}

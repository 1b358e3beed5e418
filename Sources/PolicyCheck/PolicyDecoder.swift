import PolicySource
import PolicyModel

/// Decodes the root node of a tiers.yaml into a ``PolicyDocument``, reporting every problem of shape, type and
/// spelling in one pass. Cross-references (undefined names, `extends`) are the resolver's job.
struct PolicyDecoder: NodeDecoding {
    let file: String
    var diagnostics = DiagnosticCollector()
    var misspelt: [String: SourceRange] = [:]
    /// Meters by id, known once `meters` is decoded (decoded first, wherever it stands in the file).
    var meterKinds: [String: MeterKind] = [:]
    var currency: Currency?
    /// Declared names rejected as identifiers (see ``PolicyDocument/rejectedNames``).
    var rejectedNames: Set<String> = []

    /// The top-level keys, declared once by ``TopLevelKey``.
    static let topLevelKeys = TopLevelKey.allCases.map(\.rawValue)

    init(file: String) {
        self.file = file
    }

    mutating func decode(_ root: YAMLNode) -> PolicyDocument {
        var document = PolicyDocument(range: root.range)
        guard let pairs = mapping(root, "a tiers.yaml file") else { return document }
        let top = fields(pairs, allowed: Self.topLevelKeys, in: "the policy")
        let start = root.range.atStart

        if let pair = top[TopLevelKey.format.rawValue] {
            if let format = integer(pair.value, "`format`") {
                if format.value != 1 {
                    error(.unsupportedFormat, "format \(format.value) is not supported; this tierc reads format 1", at: format.range,
                          fixIts: [FixIt("replace with `1`", range: format.range, replacement: "1")])
                } else {
                    document.format = Located(1, format.range)
                }
            }
        } else {
            missing(TopLevelKey.format.rawValue, in: "the policy", at: start, example: "format: 1")
        }

        if let pair = top[TopLevelKey.policy.rawValue] {
            document.name = identifier(pair.value, "the policy name", rule: .policy)
        } else {
            missing(TopLevelKey.policy.rawValue, in: "the policy", at: start, example: "policy: my-service")
        }

        if let pair = top[TopLevelKey.currency.rawValue] {
            if let code = string(pair.value, "`currency`") {
                if let currency = Currency(code: code.value) {
                    document.currency = Located(currency, code.range)
                    self.currency = currency
                } else {
                    let upper = code.value.uppercased()
                    let correction = Currency(code: upper) != nil ? Correction(candidate: upper) : Correction(code.value, in: Currency.allCodes)
                    error(.unknownCurrency, "`\(code.value)` is not an ISO 4217 currency code"
                          + correction.phrase(otherwise: "; use a code like `USD`, `EUR` or `JPY`"),
                          at: code.range, fixIts: correction.fixIts(replacing: code.range))
                }
            }
        } else {
            missing(TopLevelKey.currency.rawValue, in: "the policy", at: start, example: "currency: USD")
        }

        if let pair = top[TopLevelKey.rounding.rawValue] {
            if let rounding = choice(pair.value, "`rounding`", Rounding.allCases.map { ($0.rawValue, $0) }) {
                document.rounding = Located(rounding, pair.value.range)
            }
        }

        if let pair = top[TopLevelKey.meters.rawValue] {
            document.metersKey = pair.key.range
            document.meters = decodeMeters(pair)
        } else {
            missing(TopLevelKey.meters.rawValue, in: "the policy", at: start, example: "meters: { api_calls: { kind: counter } }")
        }

        if let pair = top[TopLevelKey.defaultMeter.rawValue] {
            document.defaultMeter = string(pair.value, "`default_meter`")
        }

        if let pair = top[TopLevelKey.identification.rawValue] {
            document.identification = decodeIdentification(pair)
        }

        if let pair = top[TopLevelKey.features.rawValue], let entries = optionalMapping(pair.value, "`features`") {
            for entry in entries {
                let valid = identifier(entry.key, "the feature name", rule: .snake)
                if valid == nil, let name = entry.key.scalar { rejectedNames.insert(name) }
                let id = valid ?? Located(entry.key.scalar ?? "", entry.key.range)
                var feature = FeatureDecl(id: id)
                if let body = optionalMapping(entry.value, "feature `\(id.value)`") {
                    let fields = fields(body, allowed: FeatureKey.spellings, in: "feature `\(id.value)`")
                    if let description = fields[FeatureKey.description.rawValue] {
                        feature.description = string(description.value, "the description of `\(id.value)`",
                                                                 allowingLineBreaks: true)
                    }
                }
                if valid != nil { document.features.append(feature) }
            }
        }

        if let pair = top[TopLevelKey.routes.rawValue], !pair.value.isNull, let items = sequence(pair.value, "`routes`") {
            document.routes = items.enumerated().compactMap { decodeRoute($0.element, index: $0.offset) }
        }

        if let pair = top[TopLevelKey.usagePrices.rawValue], let entries = optionalMapping(pair.value, "`usage_prices`") {
            document.usagePrices = decodeUsagePrices(entries, owner: "the policy")
        }

        if let pair = top[TopLevelKey.tiers.rawValue] {
            if let entries = mapping(pair.value, "`tiers`") {
                if entries.isEmpty {
                    error(.missingKey, "`tiers` is empty; declare at least one tier", at: pair.value.range)
                }
                var previous: YAMLPair?
                for entry in entries {
                    if let tier = decodeTier(entry, previous: previous) { document.tiers.append(tier) }
                    if let key = entry.key.scalar, !Self.tierKeys.contains(key) { previous = entry }
                }
            }
        } else {
            missing(TopLevelKey.tiers.rawValue, in: "the policy", at: start, example: "tiers: { free: { price: 0 } }")
        }
        document.rejectedNames = rejectedNames
        return document
    }
}

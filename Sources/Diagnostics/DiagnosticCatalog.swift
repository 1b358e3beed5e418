/// One kind of diagnostic: its stable code, default severity and a one-line summary (for `--help`, SARIF rules
/// and docs/diagnostics.md).
public struct DiagnosticKind: Sendable, Hashable {
    public var code: DiagnosticCode
    public var severity: Severity
    public var summary: String
    /// The commands that report it, as the SARIF rule's description says them (`tierc check` for every problem
    /// of a tiers.yaml or tenants.yaml).
    public var reportedBy: String

    public init(_ code: DiagnosticCode, _ severity: Severity, _ summary: String, reportedBy: String = Self.byCheck) {
        self.code = code
        self.severity = severity
        self.summary = summary
        self.reportedBy = reportedBy
    }

    /// The reporter of the problems of a policy or tenants file.
    public static let byCheck = "`tierc check`"
    /// The reporters of the problems of a snapshot.
    public static let bySnapshotLoaders = "`tierc inspect`, and by `simulate`, `diff` and `serve` loading a snapshot"
    /// The reporter of the problems of an output of the compile.
    public static let byCompile = "`tierc compile`"
}

extension DiagnosticCode {
    // Errors of the policy and tenants files (the YAML layer's codes are in DiagnosticCode+Source.swift).
    public static let unknownKey: DiagnosticCode = "unknown-key"
    public static let wrongType: DiagnosticCode = "wrong-type"
    public static let missingKey: DiagnosticCode = "missing-key"
    public static let invalidIdentifier: DiagnosticCode = "invalid-identifier"
    public static let invalidMoney: DiagnosticCode = "invalid-money"
    public static let invalidValue: DiagnosticCode = "invalid-value"
    public static let unsupportedFormat: DiagnosticCode = "unsupported-format"
    public static let unknownCurrency: DiagnosticCode = "unknown-currency"
    public static let undefinedMeter: DiagnosticCode = "undefined-meter"
    public static let undefinedFeature: DiagnosticCode = "undefined-feature"
    public static let undefinedTier: DiagnosticCode = "undefined-tier"
    public static let undefinedWindow: DiagnosticCode = "undefined-window"
    public static let extendsCycle: DiagnosticCode = "extends-cycle"
    public static let invalidBands: DiagnosticCode = "invalid-bands"
    public static let meterKindMismatch: DiagnosticCode = "meter-kind-mismatch"
    public static let missingDefaultMeter: DiagnosticCode = "missing-default-meter"
    public static let missingBaseDomain: DiagnosticCode = "missing-base-domain"
    public static let duplicateAPIKey: DiagnosticCode = "duplicate-api-key"
    public static let duplicateSubdomain: DiagnosticCode = "duplicate-subdomain"
    public static let misindentedKey: DiagnosticCode = "misindented-key"
    public static let conflictingPriceForms: DiagnosticCode = "conflicting-price-forms"
    public static let invalidDate: DiagnosticCode = "invalid-date"
    public static let invalidDiscount: DiagnosticCode = "invalid-discount"
    // Warnings.
    public static let windowNeverBinds: DiagnosticCode = "window-never-binds"
    public static let unreachableLimit: DiagnosticCode = "unreachable-limit"
    public static let ladderInversion: DiagnosticCode = "ladder-inversion"
    public static let priceInversion: DiagnosticCode = "price-inversion"
    public static let inheritedPrice: DiagnosticCode = "inherited-price"
    public static let identicalTiers: DiagnosticCode = "identical-tiers"
    public static let unusedFeature: DiagnosticCode = "unused-feature"
    public static let routeFeatureUngranted: DiagnosticCode = "route-feature-ungranted"
    public static let shadowedRoute: DiagnosticCode = "shadowed-route"
    public static let unauthenticatedIdentification: DiagnosticCode = "unauthenticated-identification"
    public static let freeCoversLimit: DiagnosticCode = "free-covers-limit"
    public static let minimumNeverBinds: DiagnosticCode = "minimum-never-binds"
    public static let rawAPIKey: DiagnosticCode = "raw-api-key"
}

/// Every diagnostic tierc can report, in catalogue order.
public enum DiagnosticCatalog {
    public static let all: [DiagnosticKind] = [
        .init(.yamlSyntax, .error, "The file is not valid YAML."),
        .init(.invalidEncoding, .error, "The file is not UTF-8 text, or contains NUL or control bytes."),
        .init(.yamlLimit, .error, "The file exceeds a safety budget (size, scalar size, nesting depth, aliases or nodes)."),
        .init(.unsupportedYAML, .error, "A YAML feature outside tierc's strict subset: several documents, merge keys (`<<`), tags or complex keys."),
        .init(.emptyDocument, .error, "The file holds no YAML document."),
        .init(.duplicateKey, .error, "A key appears twice in one mapping."),
        .init(.unknownKey, .error, "A key that the format does not define at that place."),
        .init(.wrongType, .error, "A value of the wrong type (a list where a mapping is expected, text where a number is expected...)."),
        .init(.missingKey, .error, "A required key is missing, or a required collection is empty."),
        .init(.invalidIdentifier, .error, "A policy, tier, meter, feature or tenant id, or a header name, that breaks its naming rule."),
        .init(.invalidMoney, .error, "A price that is negative, not a plain decimal, or has more decimals than the currency allows."),
        .init(.invalidValue, .error, "A value outside its allowed set or range (rounding, limits, costs, per, identification methods...)."),
        .init(.unsupportedFormat, .error, "A `format` version this tierc does not read."),
        .init(.unknownCurrency, .error, "A currency that is not an active ISO 4217 code."),
        .init(.undefinedMeter, .error, "A reference to a meter that `meters` does not declare."),
        .init(.undefinedFeature, .error, "A reference to a feature that `features` does not declare."),
        .init(.undefinedTier, .error, "A reference to a tier that `tiers` does not declare."),
        .init(.undefinedWindow, .error, "A limit window other than minute, hour, day or month."),
        .init(.extendsCycle, .error, "Tiers that extend each other in a cycle."),
        .init(.invalidBands, .error, "Graduated or volume bands that are not ascending or do not end in `unlimited`."),
        .init(.meterKindMismatch, .error, "A counter used as a gauge or a gauge used as a counter."),
        .init(.missingDefaultMeter, .error, "Several counter meters and no `default_meter`."),
        .init(.missingBaseDomain, .error, "Subdomain identification without `base_domain`."),
        .init(.duplicateAPIKey, .error, "One API key claimed by two tenants (or twice by one)."),
        .init(.duplicateSubdomain, .error, "One subdomain claimed by two tenants."),
        .init(.misindentedKey, .error, "A tier-level key (`limits`, `features`, `price`…) written where a tier id goes: it lost its indentation."),
        .init(.conflictingPriceForms, .error, "A usage price with two forms at once (`price`, `graduated`, `volume`, `package`), or `per` with `package`."),
        .init(.invalidDate, .error, "A tenant's `since`, `until` or discount `from` that is not a real date (`YYYY-MM-DD`, `YYYY-MM`), or `since` after `until`."),
        .init(.invalidDiscount, .error, "A tenant discount whose `percent` is outside (0, 100] or whose `months` is below 1."),
        .init(.windowNeverBinds, .warning, "A shorter window's limit above a longer window's: the shorter window can never refuse."),
        .init(.unreachableLimit, .warning, "A longer window's limit that the shorter windows can never let a tenant reach (months count 28 days)."),
        .init(.ladderInversion, .warning, "A tier higher on the ladder with a lower limit or fewer features than the nearest earlier tier, not pricier, that grants more."),
        .init(.priceInversion, .warning, "A tier priced below an earlier tier: file order and price order disagree (said once per out-of-place tier)."),
        .init(.inheritedPrice, .warning, "A tier that changes limits or features through `extends` but inherits its parent's price."),
        .init(.identicalTiers, .warning, "Two tiers with identical limits, features and prices."),
        .init(.unusedFeature, .warning, "A declared feature that no tier grants."),
        .init(.routeFeatureUngranted, .warning, "A route gated by a feature that no tier grants: every tenant gets 403."),
        .init(.shadowedRoute, .warning, "A route that an earlier route always matches first: it never applies."),
        .init(.unauthenticatedIdentification, .warning, "`header` or `query` identification enabled (at any position of `order`, or by the default order), unless `trusted_header: true` declares a gateway that sets the header."),
        .init(.freeCoversLimit, .warning, "A usage price whose `free` units cover the tier's whole monthly limit of the meter: the price never applies."),
        .init(.minimumNeverBinds, .warning, "A tier `minimum` at or below its base price: the base line alone always reaches it."),
        .init(.rawAPIKey, .warning, "A raw key in a tenant's `api_keys` that looks like a real one (20 characters or more, not named demo…, test… or example…): the secret is in the file."),
        // Problems of a compiled snapshot and of key files, located by byte offset (DiagnosticCode+Snapshot.swift).
        .init(.snapshotTooLarge, .error, "A file that starts like a snapshot but is larger than any snapshot tierc writes (256 MiB).", reportedBy: DiagnosticKind.bySnapshotLoaders),
        .init(.notASnapshot, .error, "A file given as a snapshot that does not start with the snapshot magic (a tiers.yaml, or not tierc's at all).", reportedBy: DiagnosticKind.bySnapshotLoaders),
        .init(.truncatedSnapshot, .error, "A snapshot that ends before its own lengths say it does: an incomplete copy.", reportedBy: DiagnosticKind.bySnapshotLoaders),
        .init(.unsupportedSnapshotVersion, .error, "A snapshot of a format version this tierc does not read (written by an older or a newer tierc).", reportedBy: DiagnosticKind.bySnapshotLoaders),
        .init(.checksumMismatch, .error, "A snapshot whose stored SHA-256 is not the hash of its bytes: corrupted or edited after it was compiled.", reportedBy: DiagnosticKind.bySnapshotLoaders),
        .init(.badSignature, .error, "A signed snapshot whose Ed25519 signature does not verify with the given public key.", reportedBy: DiagnosticKind.bySnapshotLoaders),
        .init(.missingSignature, .error, "An unsigned snapshot where `--require-signature` asks for a signed one.", reportedBy: DiagnosticKind.bySnapshotLoaders),
        .init(.malformedSection, .error, "A snapshot whose checksum matches but one of whose sections breaks the format's rules.", reportedBy: DiagnosticKind.bySnapshotLoaders),
        .init(.invalidKeyFile, .error, "A `--public-key` or `--sign-key` file that is not a tierc Ed25519 key file of the kind needed.", reportedBy: "`tierc inspect`, `compile`, `simulate` and `serve`"),
        // Problems that the compile's backends find (DiagnosticCode+Compile.swift).
        .init(.unrepresentableValue, .error, "A value that passes `tierc check` but that an output of `tierc compile` cannot hold (an amount beyond Int64 minor units in Policy.swift).", reportedBy: DiagnosticKind.byCompile),
        .init(.backendFailed, .error, "An output of `tierc compile` that could not be built for another reason (the snapshot's writer refused the policy).", reportedBy: DiagnosticKind.byCompile),
    ]

    public static func kind(_ code: DiagnosticCode) -> DiagnosticKind? { all.first { $0.code == code } }

    /// The codes that `--disable` accepts.
    public static var warningCodes: [DiagnosticCode] { all.filter { $0.severity == .warning }.map(\.code) }
}

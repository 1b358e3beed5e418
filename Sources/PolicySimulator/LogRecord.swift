public import PolicyModel
public import PolicyRuntime

/// One valid line of a request log (docs/log-format.md).
public enum LogRecord: Sendable, Hashable {
    /// A request arriving at `seconds` (epoch seconds, fraction floored).
    case request(Request, seconds: Int64)
    /// A gauge reading: `tenant` reports `value` of `meter` at `seconds`. Known-tenant and gauge-meter checks
    /// need the policy and happen at replay.
    case gauge(tenant: Request.TenantClaim, meter: String?, value: ExactDecimal, seconds: Int64)

    public var seconds: Int64 {
        switch self {
        case .request(_, let seconds), .gauge(_, _, _, let seconds): seconds
        }
    }
}

/// Why a line is invalid; the text is shown on stderr and with `--strict`.
public struct InvalidLine: Error, Sendable, Hashable, CustomStringConvertible {
    public var reason: String
    /// 1-based byte column where the problem was found, when known.
    public var column: Int?

    public init(_ reason: String, column: Int? = nil) {
        self.reason = reason
        self.column = column
    }

    public var description: String { reason }
}

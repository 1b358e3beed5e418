public import HTTPTypes
internal import FoundationEssentials

/// When a request arrived, in whole epoch seconds (UTC): the current time, or for replay tests a time the
/// request carries (docs/serve.md, `--trust-clock-header`). Nil when the request carries no usable time: it is
/// answered 400 and not decided. It reads the request's head (HTTPTypes), which both Hummingbird and `tierc serve`'s
/// SwiftNIO listener have.
public struct TiercClock: Sendable {
    public let time: @Sendable (HTTPRequest) -> Int64?

    public init(_ time: @escaping @Sendable (HTTPRequest) -> Int64?) {
        self.time = time
    }

    /// The system clock, floored to the second (docs/simulation.md#fine-point-7-3).
    public static let system = TiercClock { _ in TiercClock.now() }

    /// The system clock's current whole second.
    public static func now() -> Int64 {
        Int64(Date().timeIntervalSince1970.rounded(.down))
    }
}

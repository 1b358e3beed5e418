public import TiercHummingbird
public import HTTPTypes
internal import Hummingbird
internal import PolicySimulator

extension TiercClock {
    /// The header that carries a request's time under `--trust-clock-header`.
    public static let clockHeader = HTTPField.Name("X-Tierc-Time")!

    /// Each request's time from `X-Tierc-Time`, RFC 3339 as in the request log (docs/simulation.md#fine-point-7-2),
    /// floored to the second; a request without a valid one has no time (400). For replay tests only.
    public static let header = TiercClock { request in
        guard let text = request.headerFields[clockHeader] else { return nil }
        var bytes = Array(text.utf8)
        return bytes.withUnsafeMutableBufferPointer { Timestamp.parseRFC3339(UnsafeBufferPointer($0)) }
    }
}

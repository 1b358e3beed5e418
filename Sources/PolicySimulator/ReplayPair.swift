public import PolicyRuntime

/// One log line made ready for both policies: parsed once, its request resolved with each policy's resolver
/// (the two may identify or route it differently), for `tierc diff --replay`. A pure function of the line: safe on
/// any thread.
public struct ReplayPair: Sendable {
    public var old: ReplayItem
    public var new: ReplayItem

    /// Nil for a blank line (skipped, not counted), as ``ReplayItem/make(_:resolver:)``.
    public static func make(_ line: LineReader.Line, old: RequestResolver, new: RequestResolver) -> ReplayPair? {
        var keys = APIKeyDigests()
        return make(line, old: old, new: new, keys: &keys)
    }

    /// Like ``make(_:old:new:)``, remembering the digests of API keys in `keys` (one per thread); a plain request
    /// line is read once on its bytes and resolved with both resolvers, as ``ReplayItem/make(_:resolver:keys:)``.
    /// Policies that resolve alike (``PolicyRuntime/RequestResolver/resolvesAlike(_:)``) need no pair: one
    /// ``ReplayItem`` serves both sides (`DiffReplay.replay(_:line:)` with an item).
    public static func make(_ line: LineReader.Line, old: RequestResolver, new: RequestResolver,
                            keys: inout APIKeyDigests) -> ReplayPair? {
        switch line {
        case .tooLong(let length):
            let item = ReplayItem.invalid(InvalidLine("the line is \(length) bytes, over the 16 MiB limit"))
            return ReplayPair(old: item, new: item)
        case .text(let bytes):
            // Captured without a retain, as in ``ReplayItem/make(_:resolver:keys:)``.
            let oldUnretained = Unmanaged.passUnretained(old), newUnretained = Unmanaged.passUnretained(new)
            let plain = LogLineParser.withPlainRequest(bytes) { request, seconds -> ReplayPair? in
                oldUnretained._withUnsafeGuaranteedRef { old in
                    newUnretained._withUnsafeGuaranteedRef { new in
                        guard let oldRequest = old.resolve(bytes: request, keys: &keys, at: seconds),
                              let newRequest = new.resolve(bytes: request, keys: &keys, at: seconds) else { return nil }
                        return ReplayPair(old: .request(oldRequest, seconds: seconds), new: .request(newRequest, seconds: seconds))
                    }
                }
            }
            if let plain { return plain }
            switch LogLineParser.parse(bytes) {
            case nil: return nil
            case .failure(let problem)?: return ReplayPair(old: .invalid(problem), new: .invalid(problem))
            case .success(.request(let request, let seconds))?:
                return ReplayPair(old: .request(old.resolve(request, at: seconds), seconds: seconds),
                                  new: .request(new.resolve(request, at: seconds), seconds: seconds))
            case .success(let record)?: return ReplayPair(old: .gauge(record), new: .gauge(record))
            }
        }
    }
}

public import PolicyRuntime

/// One non-blank line of a log, made ready for replay on a parsing thread: a request already identified and
/// routed (no text left in it), a gauge reading, or the reason the line is invalid.
public enum ReplayItem: Sendable {
    case request(ResolvedRequest, seconds: Int64)
    /// A gauge reading: its checks need the policy's meters and are made at replay. Boxed (like ``invalid``),
    /// so that an item is as small as a request's: millions of them are moved between threads
    /// (BENCHMARKS.md, "Latest results: tierc simulate").
    indirect case gauge(LogRecord)
    indirect case invalid(InvalidLine)

    /// Parses a line and resolves its request with `resolver`. Nil for a blank line (skipped, not counted).
    /// A pure function of the line: safe on any thread.
    public static func make(_ line: LineReader.Line, resolver: RequestResolver) -> ReplayItem? {
        var keys = APIKeyDigests()
        return make(line, resolver: resolver, keys: &keys)
    }

    /// Like ``make(_:resolver:)``, remembering the digests of API keys in `keys` (one per thread). A plain request
    /// line is read and resolved on its bytes (``LogLineParser/withPlainRequest(_:_:)``), any other through a
    /// ``LogRecord``: the same item either way.
    public static func make(_ line: LineReader.Line, resolver: RequestResolver, keys: inout APIKeyDigests) -> ReplayItem? {
        switch line {
        case .tooLong(let length):
            return .invalid(InvalidLine("the line is \(length) bytes, over the 16 MiB limit"))
        case .text(let bytes):
            // Captured without a retain: `resolver` outlives the call, and every parsing thread shares it, so a
            // retain and release per line would be contended atomics (BENCHMARKS.md, "Latest results: tierc simulate").
            let unretained = Unmanaged.passUnretained(resolver)
            let plain = LogLineParser.withPlainRequest(bytes) { request, seconds in
                unretained._withUnsafeGuaranteedRef { resolver in
                    resolver.resolve(bytes: request, keys: &keys, at: seconds).map { ReplayItem.request($0, seconds: seconds) }
                }
            }
            if let plain { return plain }
            switch LogLineParser.parse(bytes) {
            case nil: return nil
            case .failure(let problem)?: return .invalid(problem)
            case .success(.request(let request, let seconds))?: return .request(resolver.resolve(request, at: seconds), seconds: seconds)
            case .success(let record)?: return .gauge(record)
            }
        }
    }
}

extension Simulator {
    /// Replays an item made by ``ReplayItem/make(_:resolver:)`` with this simulator's resolver. Returns why
    /// the line is invalid, when it is (the caller counts it with ``recordInvalid(line:)``).
    public mutating func replay(_ item: ReplayItem) -> InvalidLine? {
        replay(item, line: nil)
    }

    /// Like ``replay(_:)-(ReplayItem)``, with the item's line number, which ``span`` names.
    public mutating func replay(_ item: ReplayItem, line: Int?) -> InvalidLine? {
        switch item {
        case .request(let request, let seconds):
            replayStatus(request, at: seconds, line: line)
            return nil
        case .gauge(let record):
            return replay(record, line: line)
        case .invalid(let problem):
            return problem
        }
    }
}

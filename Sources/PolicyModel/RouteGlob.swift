/// A route's `match` pattern (docs/simulation.md#fine-point-7-13): pattern and path are split on `/`; a segment that is
/// exactly `**` matches zero or more segments; `*` inside a segment matches any run of characters within that segment,
/// possibly empty. Matching is case-sensitive and the path is not normalised.
public struct RouteGlob: Sendable, Hashable, CustomStringConvertible {
    public enum Segment: Sendable, Hashable {
        /// `**`: any number of segments, also none.
        case anySegments
        /// A segment pattern: literal parts separated by `*` wildcards (`["a", "b"]` is `a*b`).
        case pattern([[UInt8]])

        static func parse(_ text: Substring) -> Segment {
            if text.utf8.elementsEqual("**".utf8) { return .anySegments }
            return .pattern(text.utf8.split(separator: UInt8(ascii: "*"), omittingEmptySubsequences: false).map(Array.init))
        }
    }

    public let pattern: String
    public let segments: [Segment]
    /// A shape that is matched on the path's bytes without splitting it.
    private let shortcut: Shortcut

    private enum Shortcut: Sendable, Hashable {
        /// No wildcard: the path must equal the pattern.
        case exact([UInt8])
        /// `P/**` with no wildcard in `P`: the path is `P` or starts with `P/`.
        case subtree([UInt8])
        case none
    }

    public init(_ pattern: String) {
        self.pattern = pattern
        // Split on the scalar `/`, never on Characters: in `/\u{301}x` the `/` and the combining mark form one
        // Character, yet the path is split on its bytes (docs/policy-format.md, routes).
        self.segments = pattern.unicodeScalars.split(separator: "/", omittingEmptySubsequences: false)
            .map { Segment.parse(Substring($0)) }
        let bytes = Array(pattern.utf8)
        if !bytes.contains(UInt8(ascii: "*")) {
            shortcut = .exact(bytes)
        } else if bytes.count >= 3, bytes.suffix(3).elementsEqual("/**".utf8), !bytes.dropLast(3).contains(UInt8(ascii: "*")) {
            shortcut = .subtree(Array(bytes.dropLast(3)))
        } else {
            shortcut = .none
        }
    }

    /// Whether the path's UTF-8 bytes match, when the pattern has a shape decided without splitting the path;
    /// nil otherwise (use ``matches(parts:)``).
    @inline(__always)
    public func quickMatch(_ path: UnsafeBufferPointer<UInt8>) -> Bool? {
        switch shortcut {
        case .exact(let literal):
            return literal.count == path.count && literal.withUnsafeBufferPointer { memoryEqual($0, path, count: literal.count) }
        case .subtree(let prefix):
            guard path.count >= prefix.count,
                  prefix.withUnsafeBufferPointer({ memoryEqual($0, path, count: prefix.count) }) else { return false }
            return path.count == prefix.count || path[prefix.count] == UInt8(ascii: "/")
        case .none:
            return nil
        }
    }

    public var description: String { pattern }

    /// Whether `path` matches the pattern.
    public func matches(_ path: String) -> Bool {
        Self.match(segments[...], Self.parts(of: path)[...])
    }

    /// A path split on `/`, to match it against many routes without splitting it again.
    public static func parts(of path: String) -> [Substring.UTF8View.SubSequence] {
        path.utf8.split(separator: UInt8(ascii: "/"), omittingEmptySubsequences: false)
    }

    /// Whether a path already split with ``parts(of:)`` matches the pattern.
    public func matches(parts: [Substring.UTF8View.SubSequence]) -> Bool {
        Self.match(segments[...], parts[...])
    }

    private static func match(_ segments: ArraySlice<Segment>, _ parts: ArraySlice<Substring.UTF8View.SubSequence>) -> Bool {
        // Iterative with backtracking to the last `**` (like wildcard matching), linear in practice.
        var s = segments.startIndex
        var p = parts.startIndex
        var star: (segment: Int, part: Int)?
        while p < parts.endIndex {
            if s < segments.endIndex, case .anySegments = segments[s] {
                star = (s, p)
                s += 1
            } else if s < segments.endIndex, case .pattern(let literal) = segments[s], segmentMatches(literal, parts[p]) {
                s += 1
                p += 1
            } else if let last = star {
                star = (last.segment, last.part + 1)
                s = last.segment + 1
                p = last.part + 1
            } else {
                return false
            }
        }
        while s < segments.endIndex, case .anySegments = segments[s] { s += 1 }
        return s == segments.endIndex
    }

    /// Whether one path segment matches a `*` pattern given as its literal pieces.
    static func segmentMatches(_ pieces: [[UInt8]], _ segment: Substring.UTF8View.SubSequence) -> Bool {
        if pieces.count == 1 { return pieces[0].elementsEqual(segment) }
        var rest = segment[...]
        guard rest.starts(with: pieces[0]) else { return false }
        rest = rest.dropFirst(pieces[0].count)
        let last = pieces[pieces.count - 1]
        for piece in pieces.dropFirst().dropLast() {
            guard let range = firstRange(of: piece, in: rest) else { return false }
            rest = rest[range.upperBound...]
        }
        return rest.count >= last.count && rest.suffix(last.count).elementsEqual(last)
    }

    private static func firstRange(of needle: [UInt8], in haystack: Substring.UTF8View.SubSequence)
        -> Range<Substring.UTF8View.Index>?
    {
        if needle.isEmpty { return haystack.startIndex..<haystack.startIndex }
        var start = haystack.startIndex
        while haystack.distance(from: start, to: haystack.endIndex) >= needle.count {
            if haystack[start...].starts(with: needle) {
                return start..<haystack.index(start, offsetBy: needle.count)
            }
            start = haystack.index(after: start)
        }
        return nil
    }
}

@inline(__always)
private func memoryEqual(_ a: UnsafeBufferPointer<UInt8>, _ b: UnsafeBufferPointer<UInt8>, count: Int) -> Bool {
    var index = 0
    while index < count {
        if a[index] != b[index] { return false }
        index += 1
    }
    return true
}

import PolicyModel

extension RouteGlob {
    /// Whether every path that `other` matches is also matched by `self`, so a route with `other` placed after
    /// a route with `self` can never apply. Decided exactly for these globs by matching `other`'s pattern as a
    /// word in which its wildcards may only be absorbed by wildcards of `self`.
    func covers(_ other: RouteGlob) -> Bool {
        Self.wildcardMatch(segments, other.segments,
                           isStar: { if case .anySegments = $0 { true } else { false } },
                           symbolCovers: { mine, theirs in
                               guard case .pattern(let p) = mine, case .pattern(let q) = theirs else { return false }
                               return Self.segmentCovers(p, q)
                           })
    }

    /// L(q) ⊆ L(p) for single-segment `*` patterns given as literal pieces.
    static func segmentCovers(_ p: [[UInt8]], _ q: [[UInt8]]) -> Bool {
        enum Token: Equatable { case byte(UInt8), star }
        func tokens(_ pieces: [[UInt8]]) -> [Token] {
            var result: [Token] = []
            for (index, piece) in pieces.enumerated() {
                if index > 0 { result.append(.star) }
                result += piece.map(Token.byte)
            }
            return result
        }
        return wildcardMatch(tokens(p), tokens(q), isStar: { $0 == .star }, symbolCovers: { mine, theirs in
            if case .byte(let a) = mine, case .byte(let b) = theirs { return a == b }
            return false
        })
    }

    /// Dynamic programme: does `pattern` (whose stars absorb any run of symbols) match the word `word`, where
    /// a non-star pattern symbol matches one word symbol when `symbolCovers` says so (a star in the word can
    /// only be absorbed by a star of the pattern)?
    static func wildcardMatch<T>(_ pattern: [T], _ word: [T], isStar: (T) -> Bool, symbolCovers: (T, T) -> Bool) -> Bool {
        let n = pattern.count
        let m = word.count
        // reach[j]: pattern prefix of length i matches word prefix of length j.
        var reach = [Bool](repeating: false, count: m + 1)
        reach[0] = true
        for i in 0..<n {
            var next = [Bool](repeating: false, count: m + 1)
            if isStar(pattern[i]) {
                var any = false
                for j in 0...m {
                    any = any || reach[j]
                    next[j] = any
                }
            } else {
                for j in 0..<m where reach[j] && !isStar(word[j]) && symbolCovers(pattern[i], word[j]) {
                    next[j + 1] = true
                }
            }
            reach = next
        }
        return reach[m]
    }
}

/// A route glob (docs/simulation.md#fine-point-7-13) compiled for PostgreSQL: an anchored POSIX regular expression that
/// `'/' || path` must match, and a literal prefix that every matching path starts with (a cheap filter that
/// keeps most routes away from the regex engine).
///
/// The path with a `/` in front is a sequence of units `/segment`, each a `/` followed by no other `/`. A
/// pattern segment `**` becomes `(?:/[^/]*)*` (zero or more units); any other segment becomes `/` followed by
/// its literal pieces joined by `[^/]*` (exactly one unit, `*` never crossing a `/`). Since every unit starts
/// with the only `/` it holds, the regex splits the path exactly where `RouteGlob` splits it, and matches the
/// same paths. Every ASCII punctuation character of a literal piece is escaped; the comparison is
/// case-sensitive and made in the "C" collation.
struct PostgresRouteGlob: Sendable, Hashable {
    let pattern: String
    let literalPrefix: String
    let regex: String

    init(_ pattern: String) {
        self.pattern = pattern
        // Unicode scalars, never Characters: a combining mark after `/` or `*` must not hide it (as in RouteGlob).
        let segments = pattern.unicodeScalars.split(separator: "/", omittingEmptySubsequences: false).map { Substring($0) }
        var regex = "^"
        for segment in segments {
            if segment.utf8.elementsEqual("**".utf8) {
                regex += "(?:/[^/]*)*"
            } else {
                regex += "/" + segment.unicodeScalars.split(separator: "*", omittingEmptySubsequences: false)
                    .map { Self.escaped(Substring($0)) }.joined(separator: "[^/]*")
            }
        }
        self.regex = regex + "$"
        literalPrefix = Self.prefix(of: pattern, segments: segments)
    }

    /// The text before the first `*`; when that `*` opens a `**` segment (which may match no segment at all),
    /// also without the `/` in front of it.
    private static func prefix(of pattern: String, segments: [Substring]) -> String {
        var prefix = ""
        for (index, segment) in segments.enumerated() {
            if index > 0 { prefix.unicodeScalars.append("/") }
            if segment.utf8.elementsEqual("**".utf8) {
                if index > 0 { prefix.unicodeScalars.removeLast() }
                return prefix
            }
            if let star = segment.unicodeScalars.firstIndex(of: "*") {
                prefix.unicodeScalars.append(contentsOf: segment.unicodeScalars[..<star])
                return prefix
            }
            prefix.unicodeScalars.append(contentsOf: segment.unicodeScalars)
        }
        return prefix
    }

    /// A literal piece with every ASCII punctuation character behind a backslash (in an ARE, a backslash
    /// followed by a character that is not alphanumeric stands for that character).
    private static func escaped(_ piece: Substring) -> String {
        var out = ""
        for scalar in piece.unicodeScalars {
            if scalar.isASCII, (0x21...0x2F).contains(scalar.value) || (0x3A...0x40).contains(scalar.value)
                || (0x5B...0x60).contains(scalar.value) || (0x7B...0x7E).contains(scalar.value)
            {
                out += "\\"
            }
            out.unicodeScalars.append(scalar)
        }
        return out
    }
}

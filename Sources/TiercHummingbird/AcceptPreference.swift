/// Whether a client's `Accept` prefers `application/problem+json` to `application/json` (RFC 9110 §12.5.1): each media
/// type gets the quality of the most specific range that matches it (`type/subtype`, then `type/*`, then `*/*`; absent:
/// 0), and problem+json wins only with a higher quality, so `*/*` and no `Accept` at all keep the plain JSON body of
/// docs/log-format.md#what-a-runtime-sends. Qualities are compared in thousandths, as written.
public enum AcceptPreference {
    public static func prefersProblemJSON(_ accept: String?) -> Bool {
        guard let accept else { return false }
        let ranges = accept.split(separator: ",").compactMap(MediaRange.init)
        let problem = quality(of: "application", "problem+json", in: ranges)
        return problem > 0 && problem > quality(of: "application", "json", in: ranges)
    }

    static func quality(of type: String, _ subtype: String, in ranges: [MediaRange]) -> Int {
        var best: (specificity: Int, quality: Int) = (-1, 0)
        for range in ranges {
            let specificity: Int
            if range.type == type && range.subtype == subtype {
                specificity = 2
            } else if range.type == type && range.subtype == "*" {
                specificity = 1
            } else if range.type == "*" && range.subtype == "*" {
                specificity = 0
            } else {
                continue
            }
            if specificity > best.specificity { best = (specificity, range.quality) }
        }
        return best.quality
    }

    /// One `type/subtype;q=…` element, lower-cased; quality in thousandths (default 1000).
    struct MediaRange {
        var type: Substring
        var subtype: Substring
        var quality = 1_000

        init?(_ element: Substring) {
            let parts = element.split(separator: ";")
            guard let media = parts.first else { return nil }
            let pair = media.trimmingSpaces.lowercased().split(separator: "/", omittingEmptySubsequences: false)
            guard pair.count == 2, !pair[0].isEmpty, !pair[1].isEmpty else { return nil }
            type = Substring(pair[0])
            subtype = Substring(pair[1])
            for parameter in parts.dropFirst() {
                let field = parameter.trimmingSpaces
                guard field.lowercased().hasPrefix("q=") else { continue }
                guard let value = Self.thousandths(field.dropFirst(2)) else { return nil }
                quality = value
            }
        }

        /// `0`, `1`, `0.5`, `0.125`, `1.000` as thousandths (RFC 9110 `qvalue`); nil for anything else.
        static func thousandths(_ text: Substring) -> Int? {
            let pieces = text.split(separator: ".", omittingEmptySubsequences: false)
            guard pieces.count <= 2, pieces[0] == "0" || pieces[0] == "1" else { return nil }
            let fraction = pieces.count == 2 ? pieces[1] : ""
            guard fraction.count <= 3, fraction.allSatisfy({ $0 >= "0" && $0 <= "9" }) else { return nil }
            let value = Int(pieces[0])! * 1_000 + (Int(String(fraction) + String(repeating: "0", count: 3 - fraction.count)) ?? 0)
            return value <= 1_000 ? value : nil
        }
    }
}

extension Substring {
    /// Without leading and trailing spaces and tabs (HTTP optional white space).
    var trimmingSpaces: Substring {
        var text = self
        while let first = text.first, first == " " || first == "\t" { text = text.dropFirst() }
        while let last = text.last, last == " " || last == "\t" { text = text.dropLast() }
        return text
    }
}

/// Numbers for people: thousands separators in every human format (text, Markdown, HTML), never in JSON or
/// CSV. A comma every three digits of the integer part, the fraction untouched: `1256.67` → `1,256.67`,
/// `-1000` → `-1,000`, `999` → `999` (docs/simulation.md "Numbers for people").
public enum Grouping {
    /// An integer with thousands separators.
    public static func int<T: BinaryInteger>(_ value: T) -> String {
        decimal(String(value))
    }

    /// A plain decimal string (an amount as the JSON report writes it, `-1234.50`) with thousands separators;
    /// text that is not a plain decimal is returned unchanged.
    public static func decimal(_ text: String) -> String {
        var body = Substring(text)
        var sign = ""
        if let first = body.first, first == "-" || first == "+" {
            sign = String(first)
            body = body.dropFirst()
        }
        let parts = body.split(separator: ".", maxSplits: 1, omittingEmptySubsequences: false)
        let whole = parts[0]
        guard !whole.isEmpty, whole.allSatisfy({ $0.isASCII && $0.isNumber }),
              parts.count == 1 || parts[1].allSatisfy({ $0.isASCII && $0.isNumber }) else { return text }
        var grouped = ""
        for (index, digit) in whole.enumerated() {
            if index > 0 && (whole.count - index) % 3 == 0 { grouped.append(",") }
            grouped.append(digit)
        }
        return sign + grouped + (parts.count > 1 ? "." + parts[1] : "")
    }
}

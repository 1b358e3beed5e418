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

extension Grouping {
    /// Prose with every standalone number of four or more integer digits grouped (`cuts api_calls per month
    /// from 10000 to 5000` → `from 10,000 to 5,000`). A number is standalone when no letter, digit, `_`, `-`,
    /// `:`, `/` or `.` touches it before, and none of those but a final `.` touches it after; so ids
    /// (`tier2025`), timestamps, dates, versions and paths are left as they are.
    public static func prose(_ text: String) -> String {
        let characters = Array(text)
        var out = ""
        var index = 0
        func joins(_ character: Character) -> Bool {
            character.isLetter || character.isNumber || "_-:/.".contains(character)
        }
        while index < characters.count {
            let character = characters[index]
            guard character.isASCII, character.isNumber, index == 0 || !joins(characters[index - 1]) else {
                out.append(character)
                index += 1
                continue
            }
            var end = index
            while end < characters.count, characters[end].isASCII, characters[end].isNumber { end += 1 }
            var number = String(characters[index..<end])
            if end + 1 < characters.count, characters[end] == ".", characters[end + 1].isASCII, characters[end + 1].isNumber {
                var fraction = end + 1
                while fraction < characters.count, characters[fraction].isASCII, characters[fraction].isNumber { fraction += 1 }
                number += String(characters[end..<fraction])
                end = fraction
            }
            let after = end < characters.count ? characters[end] : nil
            let endsSentence = after == "." && (end + 1 == characters.count || characters[end + 1] == " ")
            if let after, joins(after), !endsSentence {
                out += number
            } else {
                out += decimal(number)
            }
            index = end
        }
        return out
    }
}

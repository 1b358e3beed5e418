/// Text taken from an input file, made harmless for a terminal or a one-line log (docs/security.md): C0 and C1
/// controls (tabs and line breaks included), DEL and bidirectional overrides and isolates become U+FFFD.
public enum UntrustedText {
    /// `text` with every unsafe scalar replaced by U+FFFD (one scalar for one, so nothing else moves).
    public static func safe(_ text: String) -> String {
        guard text.unicodeScalars.contains(where: isUnsafe) else { return text }
        var result = String.UnicodeScalarView()
        for scalar in text.unicodeScalars { result.append(isUnsafe(scalar) ? "\u{FFFD}" : scalar) }
        return String(result)
    }

    static func isUnsafe(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x00...0x1F, 0x7F...0x9F, 0x202A...0x202E, 0x2066...0x2069, 0x200E, 0x200F, 0x061C: true
        default: false
        }
    }
}

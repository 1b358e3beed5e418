/// The cheap pass over the bytes before libyaml sees them: size budget, strict UTF-8, no control characters.
/// It also builds the ``MarkTable``.
enum YAMLInputCheck {
    enum Outcome {
        case text(MarkTable)
        case rejected(Diagnostic)
    }

    static func check(_ source: SourceFile, budget: YAMLBudget) -> Outcome {
        let bytes = source.bytes
        if bytes.count > budget.maxInputBytes {
            let limit = source.location(ofOffset: budget.maxInputBytes)
            return .rejected(.inputTooLarge(source, byteCount: bytes.count, limit: budget.maxInputBytes, at: limit))
        }
        if bytes.count >= 2, (bytes[0] == 0xFF && bytes[1] == 0xFE) || (bytes[0] == 0xFE && bytes[1] == 0xFF) {
            return .rejected(.utf16Text(source))
        }
        return bytes.withUnsafeBufferPointer { buffer -> Outcome in
            var checkpoints: [MarkCheckpoint] = []
            checkpoints.reserveCapacity(buffer.count / MarkTable.stride + 1)

            var offset = 0
            var characters = 0
            var line = 1
            var column = 1
            let count = buffer.count
            while offset < count {
                if characters % MarkTable.stride == 0 {
                    checkpoints.append(MarkCheckpoint(offset: offset, line: line, column: column))
                }
                let lead = buffer[offset]
                if lead < 0x80 {
                    if lead >= 0x20, lead != 0x7F {
                        column += 1
                    } else if lead == UInt8(ascii: "\n") {
                        line += 1
                        column = 1
                    } else if lead == UInt8(ascii: "\t") || lead == UInt8(ascii: "\r") {
                        column += 1
                    } else {
                        return .rejected(.controlCharacter(source, UInt32(lead), at: offset, length: 1))
                    }
                    offset += 1
                    characters += 1
                    continue
                }
                guard let length = validSequenceLength(buffer, at: offset) else {
                    return .rejected(.invalidUTF8(source, byte: lead, at: offset))
                }
                if lead == 0xC2, buffer[offset + 1] < 0xA0, buffer[offset + 1] != 0x85 {
                    // C1 controls, U+0080...U+009F; U+0085 (NEL) is a YAML line break.
                    let scalar = UInt32(buffer[offset + 1])
                    return .rejected(.controlCharacter(source, scalar, at: offset, length: 2))
                }
                if lead == 0xEF, buffer[offset + 1] == 0xBF, buffer[offset + 2] >= 0xBE {
                    let scalar = 0xFFC0 | UInt32(buffer[offset + 2] & 0x3F)
                    return .rejected(.nonCharacter(source, scalar, at: offset))
                }
                offset += length
                column += 1
                characters += 1
            }
            if checkpoints.isEmpty {
                checkpoints.append(MarkCheckpoint(offset: 0, line: 1, column: 1))
            }
            return .text(MarkTable(bytes: bytes, checkpoints: checkpoints, characterCount: characters))
        }
    }

    /// The length of the well-formed UTF-8 sequence at `offset` (Unicode's table 3-7), or nil.
    private static func validSequenceLength(_ buffer: UnsafeBufferPointer<UInt8>, at offset: Int) -> Int? {
        let lead = buffer[offset]
        let length: Int
        var low: UInt8 = 0x80
        var high: UInt8 = 0xBF
        switch lead {
        case 0xC2...0xDF: length = 2
        case 0xE0: length = 3; low = 0xA0
        case 0xE1...0xEC, 0xEE...0xEF: length = 3
        case 0xED: length = 3; high = 0x9F
        case 0xF0: length = 4; low = 0x90
        case 0xF1...0xF3: length = 4
        case 0xF4: length = 4; high = 0x8F
        default: return nil
        }
        guard offset + length <= buffer.count else { return nil }
        let second = buffer[offset + 1]
        guard second >= low, second <= high else { return nil }
        for index in 2..<length where buffer[offset + index] & 0xC0 != 0x80 { return nil }
        return length
    }
}

/// A map from short byte strings (tenant ids, subdomain labels, API keys) to values, looked up on the bytes of a
/// log line or a request without making a `String` or running a seeded `Hasher` per lookup: the replay's hottest
/// lookups (BENCHMARKS.md, "Latest results: tierc simulate"). Open addressing with linear probing over a
/// power-of-two slot array at most half full; FNV-1a hashing, so the layout is the same on every run and machine.
/// Insertion only: the first value given for a key is kept.
///
/// Bytes are compared exactly. For the keys it holds, that is what `String` equality decides too: tenant ids
/// and subdomain labels are ASCII (docs/policy-format.md#tenantsyaml), API keys are remembered only when ASCII
/// (``APIKeyDigests``), and no other byte sequence is canonically equivalent to an ASCII string.
struct ByteKeyMap<Value: Sendable>: Sendable {
    /// Entry index + 1 per slot; 0 is an empty slot.
    private var slots: [Int32]
    /// The keys back to back; key `i` is `arena[starts[i]..<starts[i + 1]]`.
    private var arena: [UInt8] = []
    private var starts: [Int] = [0]
    private var values: [Value] = []

    /// The number of keys.
    var count: Int { values.count }

    init(minimumCapacity: Int = 0) {
        var capacity = 16
        while capacity < minimumCapacity * 2 { capacity <<= 1 }
        slots = [Int32](repeating: 0, count: capacity)
    }

    /// A map of `pairs`; when a key repeats, its first value is kept.
    init(_ pairs: [(key: String, value: Value)]) {
        self.init(minimumCapacity: pairs.count)
        for (key, value) in pairs {
            var key = key
            key.withUTF8 { insert($0, value) }
        }
    }

    /// The value of `key`, nil when absent. With `lowercasingASCII`, `key` is looked up as if its ASCII letters
    /// were lower case (the map's keys must be lower case then).
    func value(for key: UnsafeBufferPointer<UInt8>, lowercasingASCII: Bool = false) -> Value? {
        let slot = find(key, lowercasingASCII: lowercasingASCII)
        let entry = slots[slot]
        return entry == 0 ? nil : values[Int(entry) - 1]
    }

    /// Adds `key` with `value` unless `key` is there already.
    mutating func insert(_ key: UnsafeBufferPointer<UInt8>, _ value: Value) {
        if (values.count + 1) * 2 > slots.count { grow() }
        let slot = find(key, lowercasingASCII: false)
        guard slots[slot] == 0 else { return }
        arena.append(contentsOf: key)
        starts.append(arena.count)
        values.append(value)
        slots[slot] = Int32(values.count)
    }

    /// The slot holding `key`, or the empty slot where it would go.
    private func find(_ key: UnsafeBufferPointer<UInt8>, lowercasingASCII lower: Bool) -> Int {
        let mask = slots.count - 1
        var slot = Int(truncatingIfNeeded: Self.hash(key, lower)) & mask
        return slots.withUnsafeBufferPointer { slots in
            arena.withUnsafeBufferPointer { arena in
                starts.withUnsafeBufferPointer { starts in
                    while true {
                        let entry = Int(slots[slot])
                        if entry == 0 { return slot }
                        let start = starts[entry - 1], end = starts[entry]
                        if end - start == key.count, Self.equal(arena, start, key, lower) { return slot }
                        slot = (slot + 1) & mask
                    }
                }
            }
        }
    }

    private mutating func grow() {
        let keys = values.indices.map { (starts[$0], starts[$0 + 1]) }
        var grown = [Int32](repeating: 0, count: slots.count * 2)
        let mask = grown.count - 1
        arena.withUnsafeBufferPointer { arena in
            for (index, (start, end)) in keys.enumerated() {
                var slot = Int(truncatingIfNeeded: Self.hash(UnsafeBufferPointer(rebasing: arena[start..<end]), false)) & mask
                while grown[slot] != 0 { slot = (slot + 1) & mask }
                grown[slot] = Int32(index + 1)
            }
        }
        slots = grown
    }

    @inline(__always)
    private static func lowered(_ byte: UInt8, _ lower: Bool) -> UInt8 {
        lower && byte >= 0x41 && byte <= 0x5A ? byte | 0x20 : byte
    }

    private static func equal(_ arena: UnsafeBufferPointer<UInt8>, _ start: Int, _ key: UnsafeBufferPointer<UInt8>,
                              _ lower: Bool) -> Bool {
        for offset in 0..<key.count where arena[start + offset] != lowered(key[offset], lower) { return false }
        return true
    }

    /// 64-bit FNV-1a.
    private static func hash(_ bytes: UnsafeBufferPointer<UInt8>, _ lower: Bool) -> UInt64 {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in bytes { hash = (hash ^ UInt64(lowered(byte, lower))) &* 0x0000_0100_0000_01b3 }
        return hash
    }
}

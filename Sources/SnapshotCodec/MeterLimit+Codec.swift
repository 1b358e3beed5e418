import PolicyModel

// A tier's limits (docs/snapshot-format.md#the-policy-section-tag-1-the-canonical-body): a count, then per meter in
// ascending order its id and a ``MeterKindTag``; a counter's windows follow (a u8 count, then per window in
// ascending ``WindowTag`` order the tag and a ``LimitTag`` with its i64), a gauge's ``GaugeLimitTag`` and level.

extension ByteWriter {
    mutating func limits(_ limits: [String: MeterLimit]) {
        count(limits.count)
        for meter in limits.keys.sorted() {
            string(meter)
            switch limits[meter]! {
            case .counter(let windows):
                tag(MeterKindTag.counter)
                u8(UInt8(windows.count))
                for window in WindowTag.allCases {
                    guard let limit = windows[window.window] else { continue }
                    tag(window)
                    self.limit(limit)
                }
            case .gauge(let limit):
                tag(MeterKindTag.gauge)
                switch limit {
                case .level(let value):
                    tag(GaugeLimitTag.level)
                    decimal(value)
                case .unlimited:
                    tag(GaugeLimitTag.unlimited)
                }
            }
        }
    }

    mutating func limit(_ limit: Limit) {
        switch limit {
        case .limited(let value):
            tag(LimitTag.limited)
            i64(value)
        case .unlimited:
            tag(LimitTag.unlimited)
        }
    }
}

extension CanonicalReader {
    /// A tier's limits: meters declared, in strictly ascending order, each limit of its meter's kind.
    mutating func limits(of tier: String) throws(SnapshotError) -> [String: MeterLimit] {
        let count = try reader.count("limits of tier `\(tier)`", minimumElementSize: 6)
        var limits: [String: MeterLimit] = [:]
        limits.reserveCapacity(count)
        var previous: String?
        for _ in 0..<count {
            let at = reader.offset
            let (index, meter) = try reference(to: declaredMeters, near: 0, "the meter of a limit of tier `\(tier)`")
            try ascending(meter, after: previous, what: "limits of tier `\(tier)`", at: at)
            previous = meter
            guard let kind = index.map({ meterKinds[$0] }) else {
                throw malformed("tier `\(tier)` limits meter `\(meter)`, which is not declared", at: at)
            }
            let kindAt = reader.offset
            let tag = try reader.u8("the kind of the limit of `\(meter)` in tier `\(tier)`")
            switch (MeterKindTag(rawValue: tag), kind) {
            case (.counter, .counter): limits[meter] = .counter(try windows(of: meter, tier: tier))
            case (.gauge, .gauge): limits[meter] = .gauge(try gaugeLimit(of: meter, tier: tier))
            case (let found?, _):
                throw malformed("tier `\(tier)` gives the \(kind.rawValue) meter `\(meter)` a \(found.kind.rawValue) limit",
                                at: kindAt)
            case (nil, _):
                throw malformed("limit kind tag \(tag) is unknown; expected 0 (counter) or 1 (gauge)", at: kindAt)
            }
        }
        return limits
    }

    /// A counter's limits per window: windows in ascending tag order, each at most once, limits at least 0.
    mutating func windows(of meter: String, tier: String) throws(SnapshotError) -> [Window: Limit] {
        let tags = WindowTag.allCases
        let countAt = reader.offset
        let count = Int(try reader.u8("the number of windows of `\(meter)` in tier `\(tier)`"))
        guard count <= tags.count else {
            throw malformed("`\(meter)` in tier `\(tier)` has \(count) windows; there are only \(tags.count)", at: countAt)
        }
        var limits: [Window: Limit] = [:]
        var previous: WindowTag?
        for _ in 0..<count {
            let at = reader.offset
            let raw = try reader.u8("a window of `\(meter)` in tier `\(tier)`")
            guard let tag = WindowTag(rawValue: raw) else {
                throw malformed("window tag \(raw) is unknown; expected 0 (minute), 1 (hour), 2 (day) or 3 (month)", at: at)
            }
            if let previous, tag.rawValue <= previous.rawValue {
                throw malformed("the windows of `\(meter)` in tier `\(tier)` are not in ascending order (minute, hour, day, month)",
                                at: at)
            }
            previous = tag
            let window = tag.window
            let limitAt = reader.offset
            let limitTag = try reader.u8("the limit of `\(meter)` per \(window.rawValue) in tier `\(tier)`")
            switch LimitTag(rawValue: limitTag) {
            case .limited:
                let valueAt = reader.offset
                let value = try reader.i64("the limit of `\(meter)` per \(window.rawValue) in tier `\(tier)`")
                guard value >= 0 else {
                    throw malformed("the limit of `\(meter)` per \(window.rawValue) in tier `\(tier)` is \(value); limits are at least 0",
                                    at: valueAt)
                }
                limits[window] = .limited(value)
            case .unlimited:
                limits[window] = .unlimited
            case nil:
                throw malformed("limit tag \(limitTag) is unknown; expected 0 (a number) or 1 (unlimited)", at: limitAt)
            }
        }
        return limits
    }

    /// A gauge's limit: a level or unlimited.
    mutating func gaugeLimit(of meter: String, tier: String) throws(SnapshotError) -> GaugeLimit {
        let at = reader.offset
        let tag = try reader.u8("the gauge limit of `\(meter)` in tier `\(tier)`")
        switch GaugeLimitTag(rawValue: tag) {
        case .level: return .level(try decimal("the gauge limit of `\(meter)` in tier `\(tier)`"))
        case .unlimited: return .unlimited
        case nil: throw malformed("gauge limit tag \(tag) is unknown; expected 0 (a level) or 1 (unlimited)", at: at)
        }
    }
}

internal import NIOCore
internal import PolicyModel
internal import PolicyRuntime
internal import TiercHummingbird

/// The body of `GET /api/v1/tenant/usage` (docs/serve.md, "`GET /api/v1/tenant/usage`") written straight into bytes
/// (docs/serve.md#performance): the same bytes, key for key, that composing it with `JSONObjectWriter` gave, without
/// a string per nested object, per number or per time. A meter's object that appears twice (`api_calls` on its own
/// and under `meters`) is written once and its bytes copied.
enum UsageBody {
    /// The body for `tenant` at `seconds` from the store's `figures`.
    static func write(tenant: IdentifiedTenant, policy: ActivePolicy, at seconds: Int64,
                      figures: UsageEndpoint.Figures) -> ByteBuffer {
        let rules = policy.rules
        let meters = rules.policy.meters
        var body = ByteBuffer()
        body.reserveCapacity(512 + 320 * meters.count)
        body.writeStaticString(#"{"tenant_id":"#)
        JSONObjectWriter.writeQuoted(tenant.id, to: &body)
        body.writeStaticString(#","tier":"#)
        JSONObjectWriter.writeQuoted(tenant.tier, to: &body)
        // `api_calls`: the windows of the counter meter of that id, kept as a byte range for `meters` below.
        var apiCalls: (meter: Int, start: Int, length: Int)?
        if let meter = meters.firstIndex(where: { $0.id == "api_calls" }), meters[meter].kind == .counter {
            body.writeStaticString(#","api_calls":"#)
            let start = body.writerIndex
            writeCounter(tenant: tenant.index, meter: meter, policy: policy, at: seconds, figures: figures, to: &body)
            apiCalls = (meter, start, body.writerIndex - start)
        }
        if let meter = meters.firstIndex(where: { $0.id == "storage_gb" }), meters[meter].kind == .gauge {
            let (current, limit) = gauge(tenant: tenant.index, meter: meter, rules: rules, figures: figures)
            body.writeStaticString(#","storage":{"current_gb":"#)
            body.writeString(current)
            body.writeStaticString(#","limit_gb":"#)
            body.writeString(limit)
            body.writeStaticString("}")
        }
        body.writeStaticString(#","features":{"#)
        let granted = rules.tier(ofTenant: tenant.index).map { rules.policy.tiers[$0].features }
        for (index, feature) in rules.policy.features.enumerated() {
            if index > 0 { body.writeStaticString(",") }
            JSONObjectWriter.writeQuoted(feature.id, to: &body)
            if granted?.contains(feature.id) ?? false { body.writeStaticString(":true") } else { body.writeStaticString(":false") }
        }
        body.writeStaticString(#"},"meters":{"#)
        for (index, meter) in meters.enumerated() {
            if index > 0 { body.writeStaticString(",") }
            JSONObjectWriter.writeQuoted(meter.id, to: &body)
            body.writeStaticString(":")
            switch meter.kind {
            case .counter:
                if let apiCalls, apiCalls.meter == index {
                    // The same bytes as `api_calls` above, copied within the buffer.
                    let copied = (try? body.copyBytes(at: apiCalls.start, to: body.writerIndex, length: apiCalls.length)) ?? 0
                    body.moveWriterIndex(forwardBy: copied)
                } else {
                    writeCounter(tenant: tenant.index, meter: index, policy: policy, at: seconds, figures: figures, to: &body)
                }
            case .gauge:
                let (current, limit) = gauge(tenant: tenant.index, meter: index, rules: rules, figures: figures)
                body.writeStaticString(#"{"current":"#)
                body.writeString(current)
                body.writeStaticString(#","limit":"#)
                body.writeString(limit)
                body.writeStaticString("}")
            }
        }
        body.writeStaticString("}}")
        return body
    }

    /// A gauge's latest reading (0 when never read) and its limit (`null` when unlimited), as JSON numbers.
    static func gauge(tenant: Int, meter: Int, rules: PolicyRules, figures: UsageEndpoint.Figures) -> (String, String) {
        let current = (figures.gauges[meter] ?? .zero).description
        return (current, rules.gaugeLimit(tenant: tenant, meter: meter)?.description ?? "null")
    }

    /// `{"minutely":{…},"hourly":{…},"daily":{…},"monthly":{…}}`: each window's allowed cost so far, its limit,
    /// what remains, the percentage used (one decimal) and when it resets; limit, remaining and percentage are
    /// null for a window the tier does not limit.
    static func writeCounter(tenant: Int, meter: Int, policy: ActivePolicy, at seconds: Int64,
                             figures: UsageEndpoint.Figures, to body: inout ByteBuffer) {
        let limits = policy.rules.tier(ofTenant: tenant).map { policy.rules.windowLimits(tier: $0, meter: meter) }
        for (index, window) in Window.allCases.enumerated() {
            body.writeStaticString(index == 0 ? "{\"" : ",\"")
            body.writeString(window.quotaType)
            body.writeStaticString(#"":{"current":"#)
            let used = figures.used[Window.slot(window, inGroup: meter)]
            writeInteger(used, to: &body)
            if let limit = limits?[window] {
                body.writeStaticString(#","limit":"#)
                writeInteger(limit, to: &body)
                body.writeStaticString(#","remaining":"#)
                writeInteger(max(0, limit - used), to: &body)
                body.writeStaticString(#","percentage":"#)
                writePercentage(used, of: limit, to: &body)
            } else {
                body.writeStaticString(#","limit":null,"remaining":null,"percentage":null"#)
            }
            body.writeStaticString(#","reset_at":""#)
            writeRFC3339(window.end(startingAt: window.start(containing: seconds)), to: &body)
            body.writeStaticString("\"}")
        }
        body.writeStaticString("}")
    }

    /// `value` in decimal digits, as `String(value)` writes it.
    static func writeInteger(_ value: Int64, to body: inout ByteBuffer) {
        guard value >= 0 else {
            body.writeString(String(value))
            return
        }
        body.writeWithUnsafeMutableBytes(minimumWritableBytes: 20) { bytes in
            var count = 1
            var rest = value
            while rest >= 10 {
                rest /= 10
                count += 1
            }
            rest = value
            for index in stride(from: count - 1, through: 0, by: -1) {
                bytes[index] = UInt8(ascii: "0") + UInt8(rest % 10)
                rest /= 10
            }
            return count
        }
    }

    /// ``UsageEndpoint/percentage(_:of:)``, written as bytes.
    static func writePercentage(_ used: Int64, of limit: Int64, to body: inout ByteBuffer) {
        guard limit > 0, used >= 0 else {
            body.writeString(UsageEndpoint.percentage(used, of: limit))
            return
        }
        let tenths = (Int128(used) * 1_000 + Int128(limit) / 2) / Int128(limit)
        guard let whole = Int64(exactly: tenths / 10) else {
            body.writeString(UsageEndpoint.percentage(used, of: limit))
            return
        }
        writeInteger(whole, to: &body)
        body.writeInteger(UInt8(ascii: "."))
        body.writeInteger(UInt8(ascii: "0") + UInt8(tenths % 10))
    }

    /// `UTCCalendar.rfc3339(seconds)` written as bytes: `YYYY-MM-DDTHH:MM:SSZ` for years 0 to 9999, the text of
    /// `UTCCalendar` for any other.
    static func writeRFC3339(_ seconds: Int64, to body: inout ByteBuffer) {
        var day = seconds / 86_400
        if seconds % 86_400 < 0 { day -= 1 }
        let date = UTCCalendar.civil(days: day)
        guard date.year >= 0, date.year <= 9_999 else {
            body.writeString(UTCCalendar.rfc3339(seconds))
            return
        }
        let second = seconds - day * 86_400
        body.writeWithUnsafeMutableBytes(minimumWritableBytes: 20) { bytes in
            func digits(_ value: Int64, _ width: Int, at start: Int) {
                var value = value
                for offset in stride(from: width - 1, through: 0, by: -1) {
                    bytes[start + offset] = UInt8(ascii: "0") + UInt8(value % 10)
                    value /= 10
                }
            }
            digits(date.year, 4, at: 0)
            bytes[4] = UInt8(ascii: "-")
            digits(date.month, 2, at: 5)
            bytes[7] = UInt8(ascii: "-")
            digits(date.day, 2, at: 8)
            bytes[10] = UInt8(ascii: "T")
            digits(second / 3_600, 2, at: 11)
            bytes[13] = UInt8(ascii: ":")
            digits(second / 60 % 60, 2, at: 14)
            bytes[16] = UInt8(ascii: ":")
            digits(second % 60, 2, at: 17)
            bytes[19] = UInt8(ascii: "Z")
            return 20
        }
    }
}

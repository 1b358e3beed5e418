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
            DecimalBytes.write(used, to: &body)
            if let limit = limits?[window] {
                body.writeStaticString(#","limit":"#)
                DecimalBytes.write(limit, to: &body)
                body.writeStaticString(#","remaining":"#)
                DecimalBytes.write(max(0, limit - used), to: &body)
                body.writeStaticString(#","percentage":"#)
                writePercentage(used, of: limit, to: &body)
            } else {
                body.writeStaticString(#","limit":null,"remaining":null,"percentage":null"#)
            }
            body.writeStaticString(#","reset_at":""#)
            RFC3339Bytes.write(window.end(startingAt: window.start(containing: seconds)), to: &body)
            body.writeStaticString("\"}")
        }
        body.writeStaticString("}")
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
        DecimalBytes.write(whole, to: &body)
        body.writeInteger(UInt8(ascii: "."))
        body.writeInteger(UInt8(ascii: "0") + UInt8(tenths % 10))
    }
}

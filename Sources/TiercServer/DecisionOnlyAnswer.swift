internal import HTTPTypes
internal import NIOCore
internal import TiercHummingbird

/// Decision-only mode (no `--upstream`): an admitted request is answered `200` with
/// `{"tenant_id":…,"tier":…}` (both null for an anonymous request), for sidecars and load tests.
enum DecisionOnlyAnswer {
    static func answer(tenant: IdentifiedTenant?) -> TiercAnswer {
        guard let tenant else {
            var body = JSONObjectWriter()
            body.null("tenant_id")
            body.null("tier")
            return RefusalResponse.json(.ok, body)
        }
        // The body of every admitted request is written straight as bytes (docs/serve.md#performance): the same
        // bytes as JSONObjectWriter's `{"tenant_id":…,"tier":…}`.
        var body = ByteBuffer()
        body.reserveCapacity(26 + tenant.id.utf8.count + tenant.tier.utf8.count)
        body.writeStaticString(#"{"tenant_id":"#)
        JSONObjectWriter.writeQuoted(tenant.id, to: &body)
        body.writeStaticString(#","tier":"#)
        JSONObjectWriter.writeQuoted(tenant.tier, to: &body)
        body.writeStaticString("}")
        return TiercAnswer(status: .ok, fields: RefusalResponse.jsonFields, body: body)
    }
}

internal import HTTPTypes
internal import PolicyModel
internal import PolicyRuntime
internal import TiercHummingbird

/// The identification of tierc's own tenant endpoints (usage, invoice): the policy's methods, as for any
/// request, but nothing is charged or logged (docs/serve.md: these endpoints are not decisions). A request that
/// identifies no tenant, anonymous ones included, is 401. `seconds` is the request's time (a revoked key is
/// unknown from its revocation day).
enum TenantEndpoint {
    static func identify(_ request: HTTPRequest, policy: ActivePolicy, at seconds: Int64) -> Identified {
        let runtimeRequest: PolicyRuntime.Request
        switch HTTPRequestReader.read(request, identification: policy.rules.policy.identification) {
        case .failure(let refusal): return .answered(refusal.response(policy: policy.policy))
        case .success(let value): runtimeRequest = value
        }
        switch policy.rules.resolver.resolve(runtimeRequest, at: seconds).identity {
        case .none: return .answered(RefusalResponse.unauthorized(.noCredentials, policy: policy.policy))
        case .unknown: return .answered(RefusalResponse.unauthorized(.unknownCredentials, policy: policy.policy))
        case .tenant(let index):
            guard policy.rules.tier(ofTenant: index) != nil else {
                return .answered(RefusalResponse.unauthorized(.tierNotInPolicy, policy: policy.policy))
            }
            let tenant = policy.rules.tenants.tenants[index]
            return .tenant(IdentifiedTenant(index: index, id: tenant.id, tier: tenant.tier))
        }
    }

    /// The tenant, or the answer to a request that identifies none.
    enum Identified {
        case tenant(IdentifiedTenant)
        case answered(TiercAnswer)
    }
}

import TiercPipeline
import TiercServer

extension LoadedServePolicy {
    /// The server's value of a policy the pipeline loaded for serving.
    init(_ served: ServedPolicy) {
        self.init(policy: served.policy, tenants: served.tenants, revision: served.revision)
    }
}

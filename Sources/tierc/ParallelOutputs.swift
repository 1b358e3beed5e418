import Dispatch
import Synchronization

/// Builds independent outputs side by side (`tierc compile`'s snapshot, Policy.swift, policy.sql, monitoring
/// files): each producer is a pure function of the resolved policy, so running them on every core changes no byte,
/// only the wall time (BENCHMARKS.md, "Check and compile at scale"). The results come back in the producers' order.
enum ParallelOutputs {
    typealias Producer = (name: String, produce: @Sendable () throws -> [UInt8])

    static func build(_ producers: [Producer]) -> [(name: String, result: Result<[UInt8], any Error>)] {
        let results = Mutex<[Result<[UInt8], any Error>?]>(Array(repeating: nil, count: producers.count))
        DispatchQueue.concurrentPerform(iterations: producers.count) { index in
            let result = Result { try producers[index].produce() }
            results.withLock { $0[index] = result }
        }
        let built = results.withLock { $0 }
        return producers.indices.map { (producers[$0].name, built[$0]!) }
    }
}

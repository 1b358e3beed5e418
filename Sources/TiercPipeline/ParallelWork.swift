import Dispatch
import Synchronization

/// Runs independent pure producers side by side (the backends and a backend's own files, each a function of the
/// resolved policy; the two sides of a diff, each a function of its own bytes): running them on every core changes
/// no byte, only the wall time (BENCHMARKS.md, "Check and compile at scale"). The results come back in the
/// producers' order.
enum ParallelWork {
    typealias Producer<Value: Sendable> = @Sendable () -> Value

    static func run<Value: Sendable>(_ producers: [Producer<Value>]) -> [Value] {
        guard producers.count > 1 else { return producers.map { $0() } }
        let results = Mutex<[Value?]>(Array(repeating: nil, count: producers.count))
        DispatchQueue.concurrentPerform(iterations: producers.count) { index in
            let value = producers[index]()
            results.withLock { $0[index] = value }
        }
        return results.withLock { $0 }.map { $0! }
    }

    /// Two producers of different types side by side; the results in their order.
    static func run<First: Sendable, Second: Sendable>(_ first: Producer<First>, _ second: Producer<Second>) -> (First, Second) {
        let results = Mutex<(First?, Second?)>((nil, nil))
        DispatchQueue.concurrentPerform(iterations: 2) { index in
            if index == 0 {
                let value = first()
                results.withLock { $0.0 = value }
            } else {
                let value = second()
                results.withLock { $0.1 = value }
            }
        }
        return results.withLock { ($0.0!, $0.1!) }
    }
}

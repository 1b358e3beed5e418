internal import Foundation
internal import NIOCore
internal import NIOPosix

/// Where `tierc serve` runs its Swift Concurrency tasks (docs/serve.md, "Performance"): on SwiftNIO's event loops,
/// so that a request's handler runs on the thread that read it instead of hopping to Swift's global pool and
/// back for every request. `TIERC_NIO_EXECUTOR=0` in the environment keeps Swift's default executor.
public enum ConcurrencyExecutor {
    /// Makes NIO's singleton event loop group Swift Concurrency's global executor, unless the environment says
    /// not to. Call it once, from the main thread, before the server starts; true when installed.
    @discardableResult
    public static func useEventLoops() -> Bool {
        guard ProcessInfo.processInfo.environment["TIERC_NIO_EXECUTOR"] != "0" else { return false }
        return NIOSingletons.unsafeTryInstallSingletonPosixEventLoopGroupAsConcurrencyGlobalExecutor()
    }
}

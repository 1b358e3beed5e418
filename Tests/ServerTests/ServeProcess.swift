import Foundation
import HTTPTypes
import HummingbirdTesting
import NIOCore
import Testing

/// A running `tierc serve` (the built binary, as a user starts it) on ephemeral ports of 127.0.0.1, and clients
/// for its two listeners. Stopped with SIGTERM by ``stop()``.
final class ServeProcess: @unchecked Sendable {
    let process = Process()
    private(set) var mainPort: Int!
    private(set) var adminPort: Int!
    let scratch: URL
    private let stdoutURL: URL
    private let stderrURL: URL

    /// The `tierc` binary beside the test bundle, `$TIERC_BINARY`, or `.build/debug/tierc`.
    static let binary: URL? = {
        if let path = ProcessInfo.processInfo.environment["TIERC_BINARY"], !path.isEmpty { return URL(fileURLWithPath: path) }
        var directories: [URL] = []
        for bundle in [Bundle.main] + Bundle.allBundles {
            directories.append(bundle.bundleURL)
            directories.append(bundle.bundleURL.deletingLastPathComponent())
            if let executable = bundle.executableURL { directories.append(executable.deletingLastPathComponent()) }
        }
        directories.append(ServerFixtures.repositoryRoot.appendingPathComponent(".build/debug"))
        return directories.map { $0.appendingPathComponent("tierc") }.first {
            FileManager.default.isExecutableFile(atPath: $0.path)
        }
    }()

    struct StartFailure: Error, CustomStringConvertible {
        var description: String
    }

    /// Starts `tierc serve arguments… --listen 127.0.0.1:0 --admin-listen 127.0.0.1:0` and waits (at most 60 s)
    /// for both listeners to be announced on standard output. Waits without blocking a thread of the concurrency
    /// pool, which other tests' clients share.
    static func start(_ arguments: [String]) async throws -> ServeProcess {
        let server = try ServeProcess(launching: arguments)
        let deadline = Date().addingTimeInterval(60)
        while server.mainPort == nil || server.adminPort == nil {
            let text = (try? String(contentsOf: server.stdoutURL, encoding: .utf8)) ?? ""
            server.mainPort = Self.port(after: "listening on http://127.0.0.1:", in: text)
            server.adminPort = Self.port(after: "admin on http://127.0.0.1:", in: text)
            if server.mainPort != nil && server.adminPort != nil { break }
            if !server.process.isRunning || Date() > deadline {
                if server.process.isRunning { server.process.terminate() }
                throw StartFailure(description: "tierc serve did not start: \(text) \(server.stderr)")
            }
            try await Task.sleep(for: .milliseconds(20))
        }
        return server
    }

    private init(launching arguments: [String]) throws {
        let binary = try #require(Self.binary, "tierc binary not found; build it with `swift build` first")
        scratch = FileManager.default.temporaryDirectory.appendingPathComponent("tierc-serve-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
        stdoutURL = scratch.appendingPathComponent("stdout")
        stderrURL = scratch.appendingPathComponent("stderr")
        _ = FileManager.default.createFile(atPath: stdoutURL.path, contents: nil)
        _ = FileManager.default.createFile(atPath: stderrURL.path, contents: nil)
        process.executableURL = binary
        process.arguments = ["serve"] + arguments + ["--listen", "127.0.0.1:0", "--admin-listen", "127.0.0.1:0"]
        process.currentDirectoryURL = ServerFixtures.repositoryRoot
        process.standardOutput = try FileHandle(forWritingTo: stdoutURL)
        process.standardError = try FileHandle(forWritingTo: stderrURL)
        process.standardInput = FileHandle.nullDevice
        try process.run()
    }

    deinit {
        if process.isRunning { process.terminate() }
        try? FileManager.default.removeItem(at: scratch)
    }

    static func port(after marker: String, in text: String) -> Int? {
        guard let range = text.range(of: marker) else { return nil }
        return Int(text[range.upperBound...].prefix { $0.isNumber })
    }

    var stderr: String { (try? String(contentsOf: stderrURL, encoding: .utf8)) ?? "" }

    /// Sends SIGTERM (or `signal`) and waits (at most 60 s) for the exit status.
    func stop(_ signal: Int32 = SIGTERM) async throws -> Int32 {
        kill(process.processIdentifier, signal)
        let deadline = Date().addingTimeInterval(60)
        while process.isRunning {
            if Date() > deadline { process.terminate(); throw StartFailure(description: "tierc serve did not stop") }
            try await Task.sleep(for: .milliseconds(20))
        }
        return process.terminationStatus
    }

    /// A keep-alive HTTP/1.1 connection to the main listener for the duration of `body`.
    func withMainClient<Value: Sendable>(_ body: @escaping @Sendable (KeepAliveClient) async throws -> Value) async throws -> Value {
        try await KeepAliveClient.with(port: mainPort, body)
    }

    func withAdminClient<Value: Sendable>(_ body: @escaping @Sendable (KeepAliveClient) async throws -> Value) async throws -> Value {
        try await KeepAliveClient.with(port: adminPort, body)
    }
}

/// HummingbirdTesting's client on one keep-alive connection, opened again when the server closed it while it
/// was idle: the whole test suite shares a small concurrency pool, and tests that wait synchronously for child
/// processes can hold a client back past the server's 30-second idle timeout. Only a request that was never
/// written (`I/O on closed channel`) is sent again, on the new connection.
final class KeepAliveClient: @unchecked Sendable {
    let port: Int
    private var client: TestClient
    private let lock = NSLock()

    private init(port: Int) {
        self.port = port
        client = Self.client(port: port)
        client.connect()
    }

    /// How long a request may wait for its answer. HummingbirdTesting's default (15 s) was once too short for a
    /// 1 MiB answer through `--upstream` on a machine loaded by four parallel builds; a hang still fails the test.
    static let timeout: Duration = .seconds(60)

    private static func client(port: Int) -> TestClient {
        TestClient(host: "127.0.0.1", port: port, configuration: TestClient.Configuration(timeout: timeout))
    }

    static func with<Value: Sendable>(port: Int, _ body: @escaping @Sendable (KeepAliveClient) async throws -> Value) async throws -> Value {
        let keepAlive = KeepAliveClient(port: port)
        do {
            let value = try await body(keepAlive)
            try? await keepAlive.current.shutdown()
            return value
        } catch {
            try? await keepAlive.current.shutdown()
            throw error
        }
    }

    private var current: TestClient { lock.withLock { client } }

    func execute(_ request: TestClient.Request) async throws -> TestClient.Response {
        do {
            return try await current.execute(request)
        } catch ChannelError.ioOnClosedChannel {
            let fresh = Self.client(port: port)
            fresh.connect()
            let stale = lock.withLock { () -> TestClient in
                defer { client = fresh }
                return client
            }
            try? await stale.shutdown()
            return try await fresh.execute(request)
        }
    }

    /// Waits until the server has closed the current connection (for the test of the reconnection itself).
    func waitUntilClosed() async throws {
        try await current.getChannel().closeFuture.get()
    }

    func get(_ uri: String, headers: HTTPFields = [:]) async throws -> TestClient.Response {
        try await execute(TestClient.Request(uri, method: .get, headers: headers))
    }

    func post(_ uri: String, headers: HTTPFields = [:], body: ByteBuffer) async throws -> TestClient.Response {
        try await execute(TestClient.Request(uri, method: .post, headers: headers, body: body))
    }
}

extension TestClient.Response {
    var text: String { body.map { String(buffer: $0) } ?? "" }
}

extension HTTPFields {
    /// `Authorization: Bearer key` and, when given, `X-Tierc-Time`.
    static func bearer(_ key: String, at time: String? = nil) -> HTTPFields {
        var fields: HTTPFields = [.authorization: "Bearer \(key)"]
        if let time { fields[HTTPField.Name("X-Tierc-Time")!] = time }
        return fields
    }
}

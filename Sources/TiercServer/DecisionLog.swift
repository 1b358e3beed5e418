#if canImport(Glibc)
internal import Glibc
#elseif canImport(Darwin)
internal import Darwin
#endif
internal import PolicyModel
internal import PolicyRuntime
internal import ServiceLifecycle
internal import Synchronization
internal import TiercHummingbird
internal import UnixSignals

/// `--decision-log FILE` (docs/serve.md, "Decision log"): one line per decided request, and per gauge reading, in
/// the request-log format that `tierc simulate` reads (docs/log-format.md). The request path only appends to a
/// bounded buffer and never waits for the disk: when the buffer is full the line is dropped and counted. A writer
/// service drains the buffer, reopens the file on SIGUSR1 (log rotation) and flushes it at shutdown.
///
/// Lines name the tenant the request was identified as (`tenant`), never its credentials: no API key, and no
/// header, reaches the file.
final class DecisionLog: Service, Sendable {
    /// Lines held in memory at most; a burst beyond this is dropped (and counted) instead of slowing requests.
    static let capacity = 65_536

    let path: String
    /// The open file; replaced on SIGUSR1.
    private let descriptor: Mutex<Int32>
    private let lines: AsyncStream<String>
    private let continuation: AsyncStream<String>.Continuation
    private let counters = Mutex(Counters())

    struct Counters {
        var written = 0
        var dropped = 0
        var reopens = 0
    }

    /// Opens `path` for appending (created with mode 0644 when missing), before anything listens; at most
    /// `capacity` lines wait for the writer.
    init(path: String, capacity: Int = DecisionLog.capacity) throws(DecisionLogError) {
        self.path = path
        descriptor = Mutex(try Self.openFile(path).get())
        (lines, continuation) = AsyncStream.makeStream(of: String.self, bufferingPolicy: .bufferingOldest(capacity))
    }

    /// Opens a file for appending (created with mode 0644 when missing), or the reason it cannot be.
    static func openFile(_ path: String) -> Result<Int32, DecisionLogError> {
        let descriptor = open(path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else { return .failure(DecisionLogError(reason: "cannot open \(path): \(String(cString: strerror(errno)))")) }
        return .success(descriptor)
    }

    var dropped: Int { counters.withLock { $0.dropped } }
    var written: Int { counters.withLock { $0.written } }
    var reopens: Int { counters.withLock { $0.reopens } }

    /// Queues a decided request's line, with the shadow policy's disagreement when there is one; never waits.
    /// False when the line was dropped (the buffer is full).
    @discardableResult
    func record(_ decided: DecidedRequest, shadow: ShadowVerdict? = nil) -> Bool {
        enqueue(Self.line(decided, shadow: shadow))
    }

    /// Queues a gauge reading's line; never waits. False when the line was dropped.
    @discardableResult
    func recordGauge(tenant: String, meter: String, value: ExactDecimal, at seconds: Int64) -> Bool {
        var line = JSONObjectWriter()
        line.string("ts", UTCCalendar.rfc3339(seconds))
        line.string("tenant", tenant)
        line.string("meter", meter)
        line.raw("value", value.description)
        return enqueue(line.json)
    }

    private func enqueue(_ line: String) -> Bool {
        guard case .dropped = continuation.yield(line) else { return true }
        counters.withLock { $0.dropped += 1 }
        return false
    }

    /// The log line of a decision: `ts`, `method`, `path`, and `tenant` (the identified tenant; `""` for a request
    /// whose credentials named no tenant, which replays as 401; absent for an anonymous request and for a 401
    /// without credentials, which replay as they were decided), plus `status`, which `tierc simulate` ignores.
    /// With `--shadow`, a request the candidate would decide otherwise also gets `shadow` (the kind),
    /// `shadow_status` and, for a candidate 429, `shadow_window`: keys `tierc simulate` ignores too
    /// (docs/serve.md, "Shadow policy").
    static func line(_ decided: DecidedRequest, shadow: ShadowVerdict? = nil) -> String {
        let decision = decided.decision
        var line = JSONObjectWriter()
        line.string("ts", UTCCalendar.rfc3339(decided.seconds))
        line.string("path", decided.request.path)
        if let tenant = decision.tenant {
            line.string("tenant", decided.policy.rules.tenants.tenants[tenant].id)
        } else if decision.status == 401, decision.unauthorized != .noCredentials {
            line.string("tenant", "")
        }
        line.integer("status", Int64(decision.status))
        if let shadow {
            line.string("shadow", shadow.kind.rawValue)
            line.integer("shadow_status", Int64(shadow.status))
            if let window = shadow.window { line.string("shadow_window", window.rawValue) }
        }
        return line.json
    }

    /// Writes queued lines until a graceful shutdown, then the rest, and closes the file.
    func run() async throws {
        let reopen = await UnixSignalsSequence(trapping: .sigusr1)
        await withTaskGroup(of: Void.self) { group in
            group.addTask {
                for await _ in reopen { self.reopen() }
            }
            let continuation = self.continuation
            await withGracefulShutdownHandler {
                for await line in self.lines {
                    self.descriptor.withLock { Self.writeAll(line + "\n", to: $0) }
                    self.counters.withLock { $0.written += 1 }
                }
            } onGracefulShutdown: {
                continuation.finish()
            }
            group.cancelAll()
        }
        descriptor.withLock { _ = close($0) }
    }

    /// Closes the file and opens `path` again (after a rotation moved it); keeps the old one when that fails.
    private func reopen() {
        guard case .success(let reopened) = Self.openFile(path) else { return }
        descriptor.withLock { descriptor in
            _ = close(descriptor)
            descriptor = reopened
        }
        counters.withLock { $0.reopens += 1 }
    }

    private static func writeAll(_ text: String, to descriptor: Int32) {
        var text = text
        text.withUTF8 { bytes in
            var offset = 0
            while offset < bytes.count {
                let written = write(descriptor, bytes.baseAddress! + offset, bytes.count - offset)
                if written < 0 {
                    if errno == EINTR { continue }
                    return
                }
                offset += written
            }
        }
    }
}

/// Why the decision log cannot be written.
struct DecisionLogError: Error, CustomStringConvertible {
    var reason: String
    var description: String { reason }
}

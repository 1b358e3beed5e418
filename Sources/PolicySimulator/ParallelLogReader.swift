import Foundation
public import PolicyRuntime

/// Reads a log and turns its lines into items (``ReplayItem``s for `simulate`, pairs of them for `diff
/// --replay`) on several threads, then hands the items to the caller in exactly the order of the file.
///
/// One reader thread cuts the input into chunks of whole lines (numbering them); `workers` threads run
/// `transform` on the chunks in parallel; the calling thread receives each chunk's items in sequence. Only
/// `transform` runs in parallel, so it must be a pure function of the line; everything that depends on
/// earlier lines (quota counters) stays on the caller's thread. Memory is bounded: at most `maxBytesInFlight`
/// bytes of read-but-unconsumed input (plus one chunk) exist at any time, whatever the log's length.
///
/// The chunk types are not generic, so no type metadata is looked up per line; the items are (used from
/// another module, the class runs unspecialised and copies each item through its value witnesses, about 5 %
/// of a replay's instructions, measured with callgrind).
public final class ParallelLogReader<Item: Sendable>: @unchecked Sendable {
    public typealias Transform = @Sendable (_ line: LineReader.Line, _ number: Int) -> Item?
    /// A transform given its thread's own memo of API key digests.
    public typealias TransformWithKeys = @Sendable (_ line: LineReader.Line, _ number: Int, _ keys: inout APIKeyDigests) -> Item?

    private let descriptor: Int32
    private let workers: Int
    private let chunkBytes: Int
    private let maxBytesInFlight: Int
    private let maxLineBytes: Int
    private let transform: TransformWithKeys

    // Shared state, guarded by `condition`.
    private let condition = NSCondition()
    private var pending: [Chunk] = []
    private var done: [Int: Batch<Item>] = [:]
    private var bytesInFlight = 0
    private var chunksIssued = 0
    private var readerFinished = false
    private var cancelled = false
    private var started = false
    private var failure: (any Error)?

    private struct Cancelled: Error {}

    /// The number of parsing threads used by default: one per active processor, at most 8.
    public static var defaultWorkers: Int { max(1, min(ProcessInfo.processInfo.activeProcessorCount, 8)) }

    public convenience init(descriptor: Int32, workers: Int = defaultWorkers, chunkBytes: Int = 256 << 10,
                            maxBytesInFlight: Int = 4 << 20, maxLineBytes: Int = 16 << 20, transform: @escaping Transform) {
        self.init(descriptor: descriptor, workers: workers, chunkBytes: chunkBytes, maxBytesInFlight: maxBytesInFlight,
                  maxLineBytes: maxLineBytes, keyedTransform: { line, number, _ in transform(line, number) })
    }

    /// Like ``init(descriptor:workers:chunkBytes:maxBytesInFlight:maxLineBytes:transform:)``, with a transform
    /// that each parsing thread calls with its own ``APIKeyDigests`` (so a key is hashed once per thread).
    public init(descriptor: Int32, workers: Int = defaultWorkers, chunkBytes: Int = 256 << 10,
                maxBytesInFlight: Int = 4 << 20, maxLineBytes: Int = 16 << 20,
                keyedTransform transform: @escaping TransformWithKeys) {
        self.descriptor = descriptor
        self.workers = max(1, workers)
        self.chunkBytes = max(1, chunkBytes)
        self.maxBytesInFlight = max(1, maxBytesInFlight)
        self.maxLineBytes = maxLineBytes
        self.transform = transform
    }

    /// Calls `consume(lineNumber, item)` for every line that `transform` turned into an item, in file order,
    /// and `progress(bytesRead)` once per chunk. An error thrown by `consume` stops the other threads and is
    /// rethrown; so is a read error (after the items read before it).
    ///
    /// When `consume` throws, the reader thread is told to stop but not waited for: it may still be blocked
    /// reading the descriptor. Callers that go on using descriptors after such an error should not reuse this
    /// one's number.
    public func forEach(progress: (Int) -> Void = { _ in }, _ consume: (Int, Item) throws -> Void) throws {
        condition.lock()
        precondition(!started, "ParallelLogReader.forEach reads its descriptor once; make a new reader to read again")
        started = true
        condition.unlock()
        let reader = Thread { [self] in read() }
        reader.stackSize = 1 << 20
        reader.start()
        for _ in 0..<workers {
            let worker = Thread { [self] in work() }
            worker.stackSize = 1 << 20
            worker.start()
        }
        defer {
            condition.lock()
            cancelled = true
            condition.broadcast()
            condition.unlock()
        }
        var next = 0
        while true {
            condition.lock()
            // Every chunk issued is consumed, also after a read error: the error comes after the lines before it.
            while done[next] == nil && !(readerFinished && next == chunksIssued) {
                condition.wait()
            }
            guard let batch = done.removeValue(forKey: next) else {
                let error = failure
                condition.unlock()
                if let error { throw error }
                return
            }
            condition.unlock()
            progress(batch.bytesRead)
            try batch.items.withUnsafeBufferPointer { items in
                for index in items.indices { try consume(items[index].number, items[index].item) }
            }
            next += 1
            condition.lock()
            bytesInFlight -= batch.size
            condition.broadcast()
            condition.unlock()
        }
    }

    // MARK: - Reader thread

    private func read() {
        var chunk = Chunk()
        do {
            try LineReader(descriptor: descriptor, maxLineBytes: maxLineBytes).forEachLine(progress: { chunk.bytesRead = $0 }) { line, number in
                switch line {
                case .tooLong(let length):
                    chunk.spans.append(Span(number: number, start: chunk.bytes.count, length: length, tooLong: true))
                case .text(var bytes):
                    // A byte order mark opening the file is not part of the first line.
                    if number == 1, bytes.count >= 3, bytes[0] == 0xEF, bytes[1] == 0xBB, bytes[2] == 0xBF {
                        bytes = UnsafeBufferPointer(rebasing: bytes[3...])
                    }
                    chunk.spans.append(Span(number: number, start: chunk.bytes.count, length: bytes.count, tooLong: false))
                    chunk.bytes.append(contentsOf: bytes)
                }
                if chunk.bytes.count >= chunkBytes || chunk.spans.count >= chunkBytes / 16 {
                    try issue(&chunk)
                }
            }
            if !chunk.spans.isEmpty { try issue(&chunk) }
        } catch is Cancelled {
        } catch {
            // The lines read before the error are still replayed, then the error is thrown.
            if !chunk.spans.isEmpty { try? issue(&chunk) }
            condition.lock()
            failure = error
            condition.unlock()
        }
        condition.lock()
        readerFinished = true
        condition.broadcast()
        condition.unlock()
    }

    /// Hands a chunk to the workers once the input in flight is under the bound, and starts a new one.
    private func issue(_ chunk: inout Chunk) throws {
        let size = chunk.bytes.count + chunk.spans.count * MemoryLayout<Span>.stride
        condition.lock()
        defer { condition.unlock() }
        while bytesInFlight > 0 && bytesInFlight + size > maxBytesInFlight && !cancelled { condition.wait() }
        if cancelled { throw Cancelled() }
        chunk.sequence = chunksIssued
        chunksIssued += 1
        bytesInFlight += size
        pending.append(chunk)
        condition.broadcast()
        let bytesRead = chunk.bytesRead
        chunk = Chunk()
        chunk.bytesRead = bytesRead
        chunk.bytes.reserveCapacity(chunkBytes + chunkBytes / 8)
    }

    // MARK: - Worker threads

    private func work() {
        var keys = APIKeyDigests()
        while true {
            condition.lock()
            while pending.isEmpty && !readerFinished && !cancelled { condition.wait() }
            if cancelled || pending.isEmpty {
                condition.unlock()
                return
            }
            let chunk = pending.removeFirst()
            condition.unlock()

            var items: [NumberedItem<Item>] = []
            items.reserveCapacity(chunk.spans.count)
            chunk.bytes.withUnsafeBufferPointer { bytes in
                for span in chunk.spans {
                    let line: LineReader.Line = span.tooLong
                        ? .tooLong(span.length)
                        : .text(UnsafeBufferPointer(rebasing: bytes[span.start..<(span.start + span.length)]))
                    if let item = transform(line, span.number, &keys) { items.append(NumberedItem(number: span.number, item: item)) }
                }
            }
            let size = chunk.bytes.count + chunk.spans.count * MemoryLayout<Span>.stride

            condition.lock()
            done[chunk.sequence] = Batch(items: items, size: size, bytesRead: chunk.bytesRead)
            condition.broadcast()
            condition.unlock()
        }
    }
}

/// Lines cut from the input, stored back to back; a line over the limit has no bytes, only its length.
private struct Chunk {
    var sequence = 0
    var bytes: [UInt8] = []
    var spans: [Span] = []
    var bytesRead = 0
}

/// Where one line of a chunk is.
private struct Span {
    var number: Int
    var start: Int
    /// The line's length; for a line over the limit, the length it had (its bytes were discarded).
    var length: Int
    var tooLong: Bool
}

/// The items made from one chunk.
private struct Batch<Item: Sendable> {
    var items: [NumberedItem<Item>]
    var size: Int
    var bytesRead: Int
}

/// An item and its line number (a struct, not a tuple: tuples of a payload enum are copied and destroyed
/// through the runtime's generic tuple witnesses).
private struct NumberedItem<Item: Sendable> {
    var number: Int
    var item: Item
}

import Foundation
public import PolicyRuntime

/// Reads a log and turns its lines into items (``ReplayItem``s for `simulate`, pairs of them for `diff
/// --replay`) on several threads, then hands the items to the caller in exactly the order of the file.
///
/// One reader thread cuts the input into chunks of whole lines; `workers` threads split the chunks into lines
/// and run `transform` on them in parallel; the calling thread receives each chunk's items in sequence. Only
/// `transform` runs in parallel, so it must be a pure function of the line; everything that depends on
/// earlier lines (quota counters) stays on the caller's thread. Memory is bounded: at most `maxBytesInFlight`
/// bytes of read-but-unconsumed input (plus one chunk) exist at any time, whatever the log's length.
///
/// The chunk types are not generic, so no type metadata is looked up per line; the items are (used from
/// another module, the class runs unspecialised and copies each item through its value witnesses, about 5 %
/// of a replay's instructions, measured with callgrind).
public final class ParallelLogReader<Item: Sendable>: @unchecked Sendable {
    /// Makes the item of a line; a pure function of the line (its number is not known yet on a parsing thread).
    public typealias Transform = @Sendable (_ line: LineReader.Line) -> Item?
    /// A transform given its thread's own memo of API key digests.
    public typealias TransformWithKeys = @Sendable (_ line: LineReader.Line, _ keys: inout APIKeyDigests) -> Item?

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
    /// The partition of an item, set by ``forEach(partitions:progress:_:)`` before any worker starts.
    private var partitionOf: (@Sendable (Item) -> Int)?
    /// Partitioned mode: workers that have consumed their last batch, and the bytes read up to the last batch
    /// every partition has consumed.
    private var finishedWorkers = 0
    private var consumedBytes = 0

    private struct Cancelled: Error {}

    /// The number of parsing threads used by default: one per active processor, at most 8.
    public static var defaultWorkers: Int { max(1, min(ProcessInfo.processInfo.activeProcessorCount, 8)) }

    public convenience init(descriptor: Int32, workers: Int = defaultWorkers, chunkBytes: Int = 256 << 10,
                            maxBytesInFlight: Int = 4 << 20, maxLineBytes: Int = 16 << 20, transform: @escaping Transform) {
        self.init(descriptor: descriptor, workers: workers, chunkBytes: chunkBytes, maxBytesInFlight: maxBytesInFlight,
                  maxLineBytes: maxLineBytes, keyedTransform: { line, _ in transform(line) })
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
    // Specialised here for the items of `simulate` and `diff --replay`, so that their callers in another module
    // move them without value witnesses (BENCHMARKS.md, "Latest results: tierc simulate").
    @_specialize(exported: true, where Item == ReplayItem)
    @_specialize(exported: true, where Item == ReplayPair)
    public func forEach(progress: (Int) -> Void = { _ in }, _ consume: (Int, Item) throws -> Void) throws {
        condition.lock()
        precondition(!started, "ParallelLogReader.forEach reads its descriptor once; make a new reader to read again")
        started = true
        condition.unlock()
        let reader = Thread { [self] in readInput() }
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
        var linesBefore = 0
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
                for index in items.indices { try consume(linesBefore + Int(items[index].number), items[index].item) }
            }
            linesBefore += batch.lines
            next += 1
            condition.lock()
            bytesInFlight -= batch.size
            condition.broadcast()
            condition.unlock()
        }
    }

    // MARK: - Reader thread

    /// Bytes asked of each `read(2)`.
    private static var readBytes: Int { 1 << 20 }

    /// Reads the descriptor in large blocks and hands out chunks of whole lines, copied in bulk: the reader
    /// neither looks at nor copies lines one by one (the workers split them), so it costs a `read` and a
    /// `memcpy` per chunk and a newline count (BENCHMARKS.md, "Latest results: tierc simulate"). A line over
    /// `maxLineBytes` that does not fit in the buffer is counted, not kept: its chunk carries only its length.
    private func readInput() {
        var buffer = [UInt8](repeating: 0, count: Self.readBytes * 2)
        var filled = 0  // bytes of an unfinished line at the start of `buffer`
        var discarding = false  // inside an over-long line
        var discarded = 0
        var total = 0
        var state = IssueState()
        do {
            while true {
                if buffer.count - filled < Self.readBytes { buffer += [UInt8](repeating: 0, count: Self.readBytes) }
                let count = buffer.withUnsafeMutableBytes { raw in
                    read(descriptor, raw.baseAddress! + filled, Self.readBytes)
                }
                if count < 0 {
                    if errno == EINTR { continue }
                    throw LineReader.ReadError(code: errno)
                }
                total += count
                state.bytesRead = total
                let end = filled + count
                var start = 0
                if discarding {
                    guard let newline = Self.find(newlineIn: buffer, from: 0, to: end) else {
                        discarded += end
                        filled = 0
                        if count == 0 {
                            try issue(tooLong: discarded, &state)
                            break
                        }
                        continue
                    }
                    try issue(tooLong: discarded + newline, &state)
                    discarding = false
                    discarded = 0
                    start = newline + 1
                }
                // Whole lines, at most `chunkBytes` of them at a time when lines are shorter than that.
                while start < end {
                    let limit = min(start + chunkBytes, end)
                    let last = Self.find(lastNewlineIn: buffer, from: start, to: limit)
                        ?? Self.find(newlineIn: buffer, from: limit, to: end)
                    guard let last else { break }
                    if last - start > maxLineBytes, Self.find(newlineIn: buffer, from: start, to: last) == nil {
                        try issue(tooLong: last - start, &state)
                    } else {
                        try issue(buffer, start..<(last + 1), &state)
                    }
                    start = last + 1
                }
                let rest = end - start
                if count == 0 {
                    if rest > maxLineBytes {
                        try issue(tooLong: rest, &state)
                    } else if rest > 0 {
                        try issue(buffer, start..<end, &state)
                    }
                    break
                }
                if rest > maxLineBytes {
                    discarding = true
                    discarded = rest
                    filled = 0
                } else {
                    if start > 0 && rest > 0 {
                        buffer.withUnsafeMutableBufferPointer { $0.baseAddress!.update(from: $0.baseAddress! + start, count: rest) }
                    }
                    filled = rest
                    // Keep the buffer from growing past what one line needs.
                    if buffer.count > max(Self.readBytes * 2, filled + Self.readBytes * 2) {
                        buffer.removeLast(buffer.count - (filled + Self.readBytes))
                    }
                }
            }
        } catch is Cancelled {
        } catch {
            // The lines read before the error are still replayed, then the error is thrown.
            condition.lock()
            failure = error
            condition.unlock()
        }
        condition.lock()
        readerFinished = true
        condition.broadcast()
        condition.unlock()
    }

    /// The reader's running totals.
    private struct IssueState {
        var bytesRead = 0
    }

    /// Issues the lines of `buffer[range]` as one chunk: every line ends with a newline but, at the end of the
    /// input, possibly the last one.
    private func issue(_ buffer: [UInt8], _ range: Range<Int>, _ state: inout IssueState) throws {
        try issue(Chunk(bytes: Array(buffer[range]), tooLong: nil, bytesRead: state.bytesRead))
    }

    /// Issues one line over the limit, of which only the length is kept.
    private func issue(tooLong length: Int, _ state: inout IssueState) throws {
        try issue(Chunk(bytes: [], tooLong: length, bytesRead: state.bytesRead))
    }

    /// Hands a chunk to the workers once the input in flight is under the bound.
    private func issue(_ chunk: Chunk) throws {
        var chunk = chunk
        let size = max(chunk.bytes.count, 1)
        condition.lock()
        defer { condition.unlock() }
        while bytesInFlight > 0 && bytesInFlight + size > maxBytesInFlight && !cancelled { condition.wait() }
        if cancelled { throw Cancelled() }
        chunk.sequence = chunksIssued
        chunksIssued += 1
        bytesInFlight += size
        pending.append(chunk)
        condition.broadcast()
    }

    /// The index of the first newline in `buffer[from..<to]`.
    private static func find(newlineIn buffer: [UInt8], from: Int, to: Int) -> Int? {
        guard from < to else { return nil }
        return buffer.withUnsafeBufferPointer { all in
            memchr(all.baseAddress! + from, 0x0A, to - from).map {
                all.baseAddress!.distance(to: $0.assumingMemoryBound(to: UInt8.self))
            }
        }
    }

    /// The index of the last newline in `buffer[from..<to]` (a line is short: the scan from the end is too).
    private static func find(lastNewlineIn buffer: [UInt8], from: Int, to: Int) -> Int? {
        buffer.withUnsafeBufferPointer { all in
            var index = to
            while index > from {
                index -= 1
                if all[index] == 0x0A { return index }
            }
            return nil
        }
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
            let batch = parse(chunk, keys: &keys)
            condition.lock()
            done[chunk.sequence] = batch
            condition.broadcast()
            condition.unlock()
        }
    }

    /// Cuts a chunk into lines and makes their items; items are numbered from 1 within the chunk (the consumer adds
    /// the lines of the chunks before).
    private func parse(_ chunk: Chunk, keys: inout APIKeyDigests) -> Batch<Item> {
        var items: [NumberedItem<Item>] = []
        var lines = 0
        // Unwrapped once per chunk: calling the optional closure per item retained and released its context, which
        // every parsing thread shares, so each item's call contended for one cache line with the other threads
        // (BENCHMARKS.md, "Deciding without copying the decision"). The fallback is never called (`partitioned`
        // guards it); it only makes the closure non-optional, so calling it takes no retain.
        let partitioned = partitionOf != nil
        let partitionOf = partitionOf ?? { _ in 0 }
        let partitions = workers
        func append(_ item: Item) {
            // A partition out of range goes to partition 0, which every run has.
            let partition = partitioned ? partitionOf(item) : 0
            items.append(NumberedItem(number: Int32(truncatingIfNeeded: lines),
                                      partition: Int32(truncatingIfNeeded: partition >= 0 && partition < partitions ? partition : 0),
                                      item: item))
        }
        if let length = chunk.tooLong {
            lines = 1
            if let item = transform(.tooLong(length), &keys) { append(item) }
        } else {
            chunk.bytes.withUnsafeBufferPointer { bytes in
                guard let base = bytes.baseAddress else { return }
                var start = 0
                while start < bytes.count {
                    lines += 1
                    let end = memchr(base + start, 0x0A, bytes.count - start)
                        .map { base.distance(to: $0.assumingMemoryBound(to: UInt8.self)) } ?? bytes.count
                    var first = start
                    // A byte order mark opening the file is not part of the first line.
                    if chunk.sequence == 0, lines == 1, end - start >= 3, base[start] == 0xEF, base[start + 1] == 0xBB, base[start + 2] == 0xBF {
                        first += 3
                    }
                    let line: LineReader.Line = end - start > maxLineBytes
                        ? .tooLong(end - start)
                        : .text(UnsafeBufferPointer(rebasing: bytes[first..<end]))
                    if let item = transform(line, &keys) { append(item) }
                    start = end + 1
                }
            }
        }
        return Batch(items: items, lines: lines, size: max(chunk.bytes.count, 1), bytesRead: chunk.bytesRead)
    }

    // MARK: - Partitioned mode

    /// Calls `consume(partition, lineNumber, item)` for every item, on the worker thread that owns the item's
    /// partition (`partitionOf(item)`, in `0..<workers`), in file order within each partition, and
    /// `progress(bytesRead)` on the calling thread as batches are done. Each worker both parses chunks and consumes
    /// the items of its partition, deciding before it parses, so no thread waits while there is work and no more
    /// threads run than there are workers (docs/simulation.md, "Replaying on several threads"). Items of different
    /// partitions are consumed in parallel: `consume` must touch only its partition's state. A read error is thrown
    /// after every line before it was consumed.
    @_specialize(exported: true, where Item == ReplayItem)
    @_specialize(exported: true, where Item == ReplayPair)
    public func forEach(partitions partitionOf: @escaping @Sendable (Item) -> Int, progress: (Int) -> Void = { _ in },
                        _ consume: @escaping (_ partition: Int, _ line: Int, _ item: Item) -> Void) throws {
        condition.lock()
        precondition(!started, "ParallelLogReader.forEach reads its descriptor once; make a new reader to read again")
        started = true
        self.partitionOf = partitionOf
        condition.unlock()
        // Escaping: a worker thread's closure may be released a little after the call returns. The workers have
        // consumed every item by then (the call waits for each of them below).
        let shared = UnsafeSendable(consume)
        let reader = Thread { [self] in readInput() }
        reader.stackSize = 1 << 20
        reader.start()
        let partitions = workers
        for partition in 0..<partitions {
            let worker = Thread { [self] in work(partition: partition, consume: shared.value) }
            worker.stackSize = 1 << 20
            worker.start()
        }
        condition.lock()
        var reported = 0
        while finishedWorkers < partitions {
            condition.wait()
            if consumedBytes != reported {
                reported = consumedBytes
                condition.unlock()
                progress(reported)
                condition.lock()
            }
        }
        cancelled = true  // the reader may still wait for room after a worker stopped early
        condition.broadcast()
        let error = failure
        condition.unlock()
        if let error { throw error }
    }

    /// A worker of partitioned mode: consumes its partition's items of the next batch when that batch is parsed,
    /// parses a pending chunk otherwise, and waits only when neither can be done.
    private func work(partition: Int, consume: (Int, Int, Item) -> Void) {
        var keys = APIKeyDigests()
        var next = 0
        var linesBefore = 0
        let mine = Int32(partition)
        condition.lock()
        while !cancelled {
            if let batch = done[next] {
                condition.unlock()
                batch.items.withUnsafeBufferPointer { items in
                    for index in items.indices where items[index].partition == mine {
                        consume(partition, linesBefore + Int(items[index].number), items[index].item)
                    }
                }
                linesBefore += batch.lines
                condition.lock()
                // The count as it is now, not as it was in `batch`: another partition may have consumed it since.
                if done[next]!.consumersLeft == 1 {
                    done.removeValue(forKey: next)
                    bytesInFlight -= batch.size
                    consumedBytes = batch.bytesRead
                } else {
                    done[next]!.consumersLeft -= 1
                }
                next += 1
                condition.broadcast()
                continue
            }
            // Every chunk issued is consumed, also after a read error: the error comes after the lines before it.
            if readerFinished && next == chunksIssued { break }
            if !pending.isEmpty {
                let chunk = pending.removeFirst()
                condition.unlock()
                var batch = parse(chunk, keys: &keys)
                batch.consumersLeft = workers
                condition.lock()
                done[chunk.sequence] = batch
                condition.broadcast()
                continue
            }
            condition.wait()
        }
        finishedWorkers += 1
        condition.broadcast()
        condition.unlock()
    }
}

/// The consumer handed to the worker threads of one partitioned call: each worker calls it only for its own
/// partition's items, and every call is over before ``ParallelLogReader/forEach(partitions:progress:_:)`` returns.
private struct UnsafeSendable<Value>: @unchecked Sendable {
    let value: Value
    init(_ value: Value) { self.value = value }
}

/// Whole lines cut from the input, back to back, or one line over the limit, of which only the length is kept.
private struct Chunk {
    var sequence = 0
    var bytes: [UInt8]
    /// The length of the one over-long line this chunk stands for.
    var tooLong: Int?
    var bytesRead: Int
}

/// The items made from one chunk.
private struct Batch<Item: Sendable> {
    var items: [NumberedItem<Item>]
    /// The chunk's physical lines, with or without an item.
    var lines: Int
    var size: Int
    var bytesRead: Int
    /// Partitions that have not yet consumed the batch (``ParallelLogReader/forEach(partitions:progress:_:)``).
    var consumersLeft = 1
}

/// An item and its line number (a struct, not a tuple: tuples of a payload enum are copied and destroyed
/// through the runtime's generic tuple witnesses).
private struct NumberedItem<Item: Sendable> {
    /// The line's number within its chunk, from 1.
    var number: Int32
    /// The partition that decides the item (``ParallelLogReader/forEach(partitions:progress:_:)``; 0 otherwise).
    var partition: Int32
    var item: Item
}

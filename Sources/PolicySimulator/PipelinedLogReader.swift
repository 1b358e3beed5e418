import Foundation

/// One non-blank line of a log, parsed: a record or the reason it is invalid.
public enum ParsedLine: Sendable {
    case record(LogRecord)
    case invalid(InvalidLine)
}

/// Reads and parses a log on a second thread while the caller replays it on its own, in file order: parsing
/// and deciding overlap on two cores. Batches travel through a bounded queue, so memory stays bounded and
/// records reach `consume` in exactly the order of the file.
public final class PipelinedLogReader: @unchecked Sendable {
    private let descriptor: Int32
    private let batchLines: Int
    private let maxQueuedBatches: Int
    private let condition = NSCondition()
    private var queue: [Batch] = []
    private var finished = false
    private var cancelled = false
    private var failure: (any Error)?

    private struct Batch {
        var lines: [(number: Int, line: ParsedLine)] = []
        var bytesRead = 0
    }

    private struct Cancelled: Error {}

    public init(descriptor: Int32, batchLines: Int = 4096, maxQueuedBatches: Int = 4) {
        self.descriptor = descriptor
        self.batchLines = batchLines
        self.maxQueuedBatches = maxQueuedBatches
    }

    /// Calls `consume(lineNumber, parsed)` for every non-blank line in file order and `progress(bytesRead)`
    /// now and then. An error thrown by `consume` stops the reader and is rethrown; so is a read error.
    public func forEachLine(progress: (Int) -> Void = { _ in }, _ consume: (Int, ParsedLine) throws -> Void) throws {
        let producer = Thread { [self] in produce() }
        producer.stackSize = 1 << 20
        producer.start()
        defer {
            // Stop the reader if `consume` stopped early; it ends at its next batch (or at the end of its read).
            condition.lock()
            cancelled = true
            condition.broadcast()
            condition.unlock()
        }
        while true {
            condition.lock()
            while queue.isEmpty && !finished { condition.wait() }
            if queue.isEmpty {
                let error = failure
                condition.unlock()
                if let error { throw error }
                return
            }
            let batch = queue.removeFirst()
            condition.broadcast()
            condition.unlock()
            progress(batch.bytesRead)
            for (number, line) in batch.lines { try consume(number, line) }
        }
    }

    private func produce() {
        var batch = Batch()
        do {
            try LineReader(descriptor: descriptor).forEachLine(progress: { batch.bytesRead = $0 }) { line, number in
                switch line {
                case .tooLong(let length):
                    batch.lines.append((number, .invalid(InvalidLine("the line is \(length) bytes, over the 16 MiB limit"))))
                case .text(var bytes):
                    if number == 1, bytes.count >= 3, bytes[0] == 0xEF, bytes[1] == 0xBB, bytes[2] == 0xBF {
                        bytes = UnsafeBufferPointer(rebasing: bytes[3...])
                    }
                    switch LogLineParser.parse(bytes) {
                    case nil: break
                    case .failure(let problem)?: batch.lines.append((number, .invalid(problem)))
                    case .success(let record)?: batch.lines.append((number, .record(record)))
                    }
                }
                if batch.lines.count >= batchLines {
                    try put(batch)
                    batch.lines.removeAll(keepingCapacity: true)
                }
            }
            try put(batch)
        } catch is Cancelled {
        } catch {
            condition.lock()
            failure = error
            condition.unlock()
        }
        condition.lock()
        finished = true
        condition.broadcast()
        condition.unlock()
    }

    private func put(_ batch: Batch) throws {
        condition.lock()
        defer { condition.unlock() }
        while queue.count >= maxQueuedBatches && !cancelled { condition.wait() }
        if cancelled { throw Cancelled() }
        queue.append(batch)
        condition.broadcast()
    }
}

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import ArgumentParser
import PolicyCheck
import PolicyModel
import PolicyRuntime
import PolicySimulator
import PolicySource
import TiercPipeline

/// How `tierc simulate` writes its report.
enum SimulateFormat: String, CaseIterable, ExpressibleByArgument {
    case human
    case json
    /// A table for a spreadsheet: invoice lines, or with --csv-table a tenant or tier summary (docs/simulation.md).
    case csv
    /// One self-contained HTML page with charts and tables (docs/simulation.md "--format html").
    case html
}

/// `--csv-table`: which table `--format csv` writes (``ReportCSVTable``).
enum CSVTableChoice: String, CaseIterable, ExpressibleByArgument {
    case invoices, tenants, tiers

    var table: ReportCSVTable { ReportCSVTable(rawValue: rawValue)! }
}

/// `tierc simulate`: replay a request log against a policy and predict every 429 and every invoice.
struct Simulate: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "simulate",
        abstract: "Replay a request log against a policy and report every refusal and every invoice.",
        usage: """
        tierc simulate <policy> <log> [--tenants <file>]
                       [--format <human|json|csv|html>]
                       [--csv-table <invoices|tenants|tiers>] [--strict]
                       [--output <file>]
                       [--public-key <file> [--require-signature]]
        """,
        discussion: """
        Checks the policy and tenants first (errors are reported as `tierc check` reports them, on standard \
        error, and the exit status is 1). The policy may also be a snapshot written by `tierc compile` \
        (recognised by its content): its checksum is verified, and its tenants are used unless --tenants is \
        given; with --public-key a signed snapshot's signature is verified too (and --require-signature refuses \
        an unsigned snapshot or a tiers.yaml), and without it a signed snapshot is used with a warning that its \
        signature was not verified. Then replays the log, a JSON Lines file (or '-' for standard input), \
        record by record in file order, deciding each request exactly as a runtime that loaded the same policy \
        would, and prints per-tenant status counts, the first 429 and the invoices of every month the log spans \
        (docs/simulation.md). Invalid lines are skipped, counted, and the first 20 are named on standard error; \
        --strict stops at the first one instead.

        Examples:
          tierc simulate tiers/tiers.yaml examples/requests.jsonl \\
              --tenants examples/tenants.yaml
          tierc simulate tiers/tiers.yaml - --tenants tenants.yaml \\
              --format json < requests.jsonl

        Exit status:
          0   the log was replayed (invalid lines are reported, not fatal)
          1   the policy or tenants file has errors, the snapshot's signature is
              bad or missing (with --require-signature), the public key file is
              not a tierc public key, or --strict met an invalid line
          3   an input file could not be read
          4   the --output file could not be written
          64  usage error
        """
    )

    @Argument(help: ArgumentHelp("The policy: a tiers.yaml, or a snapshot written by `tierc compile`.", valueName: "policy"))
    var policy: String

    @Argument(help: ArgumentHelp("The request log (JSON Lines); '-' reads standard input.", valueName: "log"))
    var log: String

    @Option(help: ArgumentHelp("The tenants file (tenants.yaml); optional when the policy is a snapshot compiled with --tenants.",
                               valueName: "file"))
    var tenants: String?

    @Option(help: ArgumentHelp("The report format; html: one self-contained page with charts (use --output).",
                               valueName: "human|json|csv|html"))
    var format: SimulateFormat = .human

    @Option(help: ArgumentHelp("With --format csv: invoice lines (default), a row per tenant, or a row per tier.",
                               valueName: "invoices|tenants|tiers"))
    var csvTable: CSVTableChoice?

    @Flag(help: "Stop at the first invalid log line with an error that names it (exit status 1).")
    var strict = false

    @Option(help: ArgumentHelp("Write the report to this file (replaced atomically) instead of standard output.",
                               valueName: "file"))
    var output: String?

    @Option(name: .customLong("public-key"),
            help: ArgumentHelp("When the policy is a signed snapshot, verify its signature with this public key file (<prefix>.pub of `tierc keygen`).",
                               valueName: "file"))
    var publicKey: String?

    @Flag(help: "Refuse a policy that is not a snapshot signed with the --public-key's private key (needs --public-key).")
    var requireSignature = false

    func validate() throws {
        if csvTable != nil, format != .csv {
            throw ValidationError("--csv-table chooses the table of --format csv; add --format csv")
        }
        if requireSignature, publicKey == nil {
            throw ValidationError("--require-signature needs --public-key to verify the signature with")
        }
        if publicKey == InputFile.standardInputPath {
            throw ValidationError("--public-key must be a file, not '-'")
        }
        if policy == InputFile.standardInputPath || tenants == InputFile.standardInputPath {
            throw ValidationError("only <log> can be '-' (standard input)")
        }
        if let output, output.isEmpty || output.hasSuffix("/") {
            throw ValidationError("--output needs a file path, found '\(output)'")
        }
    }

    func run() throws {
        let budget = YAMLBudget.default
        let signature = try Inspect.signatureRequirement(publicKey: publicKey, requireSignature: requireSignature)
        let source = try PolicyInput.read(policy, budget: budget)
        if publicKey != nil, !PolicyInput.isSnapshot(source) {
            // A tiers.yaml carries no signature (docs/simulation.md, "Signed snapshots").
            if requireSignature {
                Terminal.reportError("\(policy): --require-signature needs a signed snapshot (written by `tierc compile --sign-key`), and this is not a snapshot")
                throw ExitStatus.inputHasErrors
            }
            Terminal.writeStderr("tierc: warning: \(policy) is not a snapshot, so --public-key verifies nothing\n")
        }
        let tenantsSource = try tenants.map { try PolicyInput.readTenants($0, budget: budget) }
        let loaded = try PolicyInput.check(source, tenants: tenantsSource, budget: budget, signature: signature,
                                           unverifiedAdvice: "give --public-key <file> to verify it")
        guard let directory = loaded.tenants else {
            Terminal.reportError(PolicyInput.isSnapshot(source)
                ? "\(policy): this snapshot was compiled without tenants; give them with --tenants <file>"
                : "missing --tenants <file>: a tiers.yaml policy needs a tenants file (a snapshot compiled with --tenants carries its own)")
            throw ExitStatus.usage
        }
        let policy = loaded.policy

        let input = try LogInput(log)
        defer { input.close() }
        let descriptor = input.descriptor

        let logName = input.name
        var replay = ReplaySession(simulator: Simulator(policy: policy, tenants: directory), logName: logName, strict: strict)
        let progress = Progress(enabled: Terminal.stderrIsTerminal(), total: input.size)
        do {
            let resolver = replay.simulator.engine.resolver
            let reader = ParallelLogReader(descriptor: descriptor) { line, keys in
                ReplayItem.make(line, resolver: resolver, keys: &keys)
            }
            try reader.forEach(progress: { progress.update(bytes: $0) }) { number, item in
                try replay.consume(item, number: number)
            }
        } catch let failure as StrictReplayFailure {
            progress.finish()
            Terminal.reportError(failure.description)
            throw ExitStatus.inputHasErrors
        } catch let error as LineReader.ReadError {
            progress.finish()
            Terminal.reportError("cannot read '\(log)': \(error)")
            throw ExitStatus.unreadableInput
        }
        progress.finish()
        Self.warn(replay.invalid.warnings)
        let beyond = replay.simulator.engine.state.decisionsBeyondHorizon
        if beyond > 0 {
            Terminal.writeStderr("tierc: warning: \(beyond) quota checks concerned windows more than \(MeterCounters.retainedWindows) windows older than later records; they were decided as if those windows had seen no traffic (sort the log by ts to avoid this)\n")
        }

        Self.warnAboutSpan(replay.simulator.span, logName: logName)

        // The invoices are computed month by month while the report is written, never held all at once
        // (docs/simulation.md "Long spans").
        let report: SimulationReport
        let invoices: InvoiceSchedule
        do {
            (report, invoices) = try replay.simulator.finishStreaming()
        } catch {
            Terminal.reportError("cannot compute the invoices: \(error)")
            throw ExitStatus.inputHasErrors
        }
        let format = format
        let csvTable = csvTable?.table ?? .invoices
        func write(to sink: (String) throws -> Void) throws {
            switch format {
            case .human: try report.writeHumanSummary(invoices: invoices, to: sink)
            case .json: try report.writeJSON(invoices: invoices, to: sink)
            case .csv: try report.writeCSV(table: csvTable, invoices: invoices, to: sink)
            case .html: try report.writeHTML(invoices: invoices, to: sink)
            }
        }
        try Self.emit(to: output, write)
    }

    /// Writes a report produced piece by piece to `output` (replaced atomically; a device or FIFO is refused,
    /// status 4) or, without one or for `-`, to standard output. Shared by `simulate`, `diff` and `table`.
    static func emit(to output: String?, _ write: @escaping ((String) throws -> Void) throws -> Void) throws {
        if let output, output != "-" {
            do {
                let prepared = try AtomicFile.prepare(output) { (append: (ArraySlice<UInt8>) throws(UnwritableOutput) -> Void) throws(UnwritableOutput) in
                    do {
                        try write { try append(Array($0.utf8)[...]) }
                    } catch let error as UnwritableOutput {
                        throw error
                    } catch {
                        throw UnwritableOutput(path: output, reason: "\(error)")
                    }
                }
                try prepared.commit()
            } catch {
                Terminal.reportError(error.description)
                throw ExitStatus.unwritableOutput
            }
        } else {
            try write { Terminal.writeStdout($0) }
        }
    }

    /// Warns when the valid records span more months than a request log plausibly does
    /// (``LogSpan/implausibleSpanWarning(logName:)``).
    static func warnAboutSpan(_ span: LogSpan?, logName: String) {
        if let warning = span?.implausibleSpanWarning(logName: logName) { warn([warning]) }
    }

    /// Each warning as a `tierc: warning: ` line on standard error, all in one write.
    static func warn(_ warnings: [String]) {
        guard !warnings.isEmpty else { return }
        Terminal.writeStderr(warnings.map { "tierc: warning: \($0)\n" }.joined())
    }
}

/// A one-line progress meter on standard error, only when it is a terminal; redrawn at most 4 times a second:
/// the percentage and time left when the log's size is known (``ReplayProgress``).
final class Progress {
    private let enabled: Bool
    private let total: Int?
    private var last: UInt64 = 0
    private var start: UInt64 = 0
    private var shown = false

    init(enabled: Bool, total: Int? = nil) {
        self.enabled = enabled
        self.total = total
        if enabled { start = Self.now() }
    }

    private static func now() -> UInt64 {
        var now = timespec()
        clock_gettime(CLOCK_MONOTONIC, &now)
        return UInt64(now.tv_sec) * 1_000_000_000 + UInt64(now.tv_nsec)
    }

    func update(bytes: Int) {
        guard enabled else { return }
        let nanos = Self.now()
        guard nanos - last > 250_000_000 else { return }
        last = nanos
        shown = true
        Terminal.writeStderr("\r\u{1B}[K" + ReplayProgress.line(bytes: bytes, total: total, elapsedNanoseconds: nanos - start))
    }

    func finish() {
        if shown { Terminal.writeStderr("\r\u{1B}[K") }
    }
}

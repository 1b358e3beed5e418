import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// `tierc-bench simulate`: times `tierc simulate` on a generated log against `wc -l` (the I/O floor) and DuckDB
/// (the peer), checks that DuckDB and tierc agree tenant by tenant, measures lines/s with full identification,
/// and peak RSS for shorter and longer logs. See BENCHMARKS.md.
struct SimulateBenchmark {
    var lines = 5_000_000
    var tenants = 1_000
    var seed: UInt64 = 1
    var runs = 3
    var tierc = ".build/release/tierc"
    var policy = "tiers/tiers.yaml"
    var python = "python3"
    var threads = 2
    var workDirectory = NSTemporaryDirectory() + "tierc-bench-logs"
    var fullIdentification = true
    var scaling = true

    /// Peak RSS target of issue 17: under 64 MiB whatever the log length (issue 3 asked for 100 MiB).
    static let rssTargetMiB = 64.0
    /// Issue 17: the default 5 M-line log in at most 1.0 s wall; full identification at least 2.5 M lines/s;
    /// `diff --replay` at most 1.3× one simulate.
    static let wallTargetSeconds = 1.0
    static let fullIdentificationTarget = 2_500_000.0
    static let diffReplayTarget = 1.3
    /// Speed target: at least 3× faster than DuckDB.
    static let speedTarget = 3.0

    struct Row {
        var name: String
        var samples: [Spawn.Result]
        var lines: Int
        var medianSeconds: Double { samples.map(\.seconds).sorted()[samples.count / 2] }
        var minimumSeconds: Double { samples.map(\.seconds).min() ?? 0 }
        var medianCPU: Double { samples.map(\.cpuSeconds).sorted()[samples.count / 2] }
        var peakRSSMiB: Double { samples.map(\.maxRSSMiB).max() ?? 0 }
        var linesPerSecond: Double { Double(lines) / medianSeconds }
    }

    // MARK: Logs

    func logPath(lines: Int, full: Bool) -> String {
        "\(workDirectory)/log-v\(LogGenerator.version)-\(lines)-\(tenants)-s\(seed)\(full ? "-full" : "").jsonl"
    }

    var tenantsPath: String { "\(workDirectory)/tenants-v\(LogGenerator.version)-\(tenants)-s\(seed).yaml" }

    /// Generates the log unless a complete one with the same parameters is already there.
    func ensureLog(lines: Int, full: Bool) throws -> String {
        try FileManager.default.createDirectory(atPath: workDirectory, withIntermediateDirectories: true)
        let generator = LogGenerator(lines: lines, tenants: tenants, seed: seed, fullIdentification: full)
        if !FileManager.default.fileExists(atPath: tenantsPath) {
            try Data(generator.tenantsYAML().utf8).write(to: URL(fileURLWithPath: tenantsPath), options: .atomic)
        }
        let path = logPath(lines: lines, full: full)
        if FileManager.default.fileExists(atPath: path) {
            say("reusing \(path) (\(megabytes(path)))")
            return path
        }
        let start = Spawn.now()
        let stats = try generator.writeLog(to: path)
        let seconds = Spawn.now() - start
        say(String(format: "generated %@: %@ lines (%@ requests, %@ gauge readings, %@ invalid), %@ in %.1f s",
                   path, grouped(lines), grouped(stats.requests), grouped(stats.gauges), grouped(stats.invalid),
                   megabytes(path), seconds))
        return path
    }

    // MARK: The benchmark

    func run() throws {
        let scratch = "\(workDirectory)/run-\(getpid())"
        try FileManager.default.createDirectory(atPath: scratch, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: scratch) }
        let peerScript = "\(scratch)/duckdb_peer.py"
        try Data(DuckDBPeer.script.utf8).write(to: URL(fileURLWithPath: peerScript))

        guard (try? Spawn.run([python, "-c", "import duckdb"])) != nil else {
            throw Timing.Failure(description: "DuckDB is missing: run `\(python) -m pip install duckdb` (scripts/bench.sh does)")
        }
        guard FileManager.default.isExecutableFile(atPath: tierc) else {
            throw Timing.Failure(description: "no tierc at \(tierc): build it with `swift build -c release --product tierc` or pass --tierc")
        }

        let log = try ensureLog(lines: lines, full: false)
        let fullLog = fullIdentification ? try ensureLog(lines: lines, full: true) : nil

        emit("machine: \(Machine.processors) cores (nproc), CPU \(Machine.cpuModel); load average at start \(Machine.load)")
        emit("tierc: \(tierc); policy \(policy); tenants \(tenantsPath) (\(tenants) tenants, seed \(seed))")
        emit("log: \(log), \(grouped(lines)) lines, \(megabytes(log)); requests carry a resolved `tenant`")

        // Warm the page cache once, so that no run pays for the first read from disk.
        _ = try Spawn.run(["cat", log])

        let report = "\(scratch)/report.json"
        let peerCSV = "\(scratch)/duckdb.csv"
        let peerOut = "\(scratch)/duckdb.out"
        let tiercArguments = [tierc, "simulate", policy, log, "--tenants", tenantsPath, "--format", "json", "--output", report]
        let peerArguments = [python, peerScript, log, tenantsPath, peerCSV, String(threads)]
        var ours: [Spawn.Result] = []
        var floor: [Spawn.Result] = []
        var peer: [Spawn.Result] = []
        var queryOnly: [Double] = []
        var duckdbVersion = "?"
        // Interleaved, so that a change of load on the machine hits all three alike.
        for run in 1...max(1, runs) {
            ours.append(try Spawn.run(tiercArguments, stderr: "\(scratch)/tierc.err"))
            floor.append(try Spawn.run(["wc", "-l", log]))
            peer.append(try Spawn.run(peerArguments, stdout: peerOut, stderr: "\(scratch)/duckdb.err"))
            let output = (try? String(contentsOfFile: peerOut, encoding: .utf8)) ?? ""
            for line in output.split(separator: "\n") {
                let parts = line.split(separator: " ")
                if parts.first == "query_seconds", let value = Double(parts[1]) { queryOnly.append(value) }
                if parts.first == "duckdb_version" { duckdbVersion = String(parts[1]) }
            }
            emit(String(format: "  run %d: tierc %.2f s, wc -l %.2f s, DuckDB %.2f s (load %@)", run, ours.last!.seconds,
                         floor.last!.seconds, peer.last!.seconds, Machine.load))
        }

        let tiercRow = Row(name: "tierc simulate --format json", samples: ours, lines: lines)
        let floorRow = Row(name: "wc -l (I/O floor)", samples: floor, lines: lines)
        let peerRow = Row(name: "DuckDB \(duckdbVersion) (\(python), \(threads) threads)", samples: peer, lines: lines)
        emit("")
        emit(table([tiercRow, floorRow, peerRow]))
        let queryMedian = queryOnly.isEmpty ? 0 : queryOnly.sorted()[queryOnly.count / 2]
        emit(String(format: "  DuckDB query alone (without Python start and import): median %.2f s", queryMedian))
        let speedup = peerRow.medianSeconds / tiercRow.medianSeconds
        emit(String(format: "ratios (median wall time): tierc / DuckDB = %.2f (DuckDB takes %.2f× tierc's time; target ≥ %.0f× → %@); tierc / DuckDB query alone = %.2f; tierc / wc -l = %.1f",
                     tiercRow.medianSeconds / peerRow.medianSeconds, speedup, Self.speedTarget,
                     speedup >= Self.speedTarget ? "met" : "NOT met", tiercRow.medianSeconds / queryMedian,
                     tiercRow.medianSeconds / floorRow.medianSeconds))
        emit("agreement: " + Agreement.compare(tiercReport: report, duckdbCSV: peerCSV))
        emit(String(format: "target (issue 17): %@ lines in at most %.1f s wall → %@ (median %.2f s, %@ lines/s)",
                     grouped(lines), Self.wallTargetSeconds,
                     lines == 5_000_000 && tiercRow.medianSeconds <= Self.wallTargetSeconds ? "met" : "NOT met",
                     tiercRow.medianSeconds, grouped(Int(tiercRow.linesPerSecond))))

        // `tierc diff --replay` (issue 17), against changes of the bundled policy that decide fewer or more tenants
        // twice (docs/simulation.md, "Deciding once for both policies"), interleaved with simulate runs: a price
        // (every tenant decided once), one tier's limits (that tier's tenants twice) and every tier's limits (every
        // tenant twice), plus the policy against itself. Another policy is compared with itself only.
        let changes: [(name: String, sets: [String])] = policy == "tiers/tiers.yaml" ? DiffChange.bundled : [DiffChange.itself]
        var simulateRuns: [Spawn.Result] = []
        var diffRuns = Array(repeating: [Spawn.Result](), count: changes.count)
        for run in 1...max(1, runs) {
            simulateRuns.append(try Spawn.run(tiercArguments, stderr: "\(scratch)/tierc.err"))
            var line = String(format: "  diff --replay run %d: simulate %.2f s", run, simulateRuns.last!.seconds)
            for (index, change) in changes.enumerated() {
                let new = change.sets.isEmpty ? [policy] : change.sets.flatMap { ["--set", $0] }
                diffRuns[index].append(try Spawn.run([tierc, "diff", policy] + new + ["--replay", log, "--tenants", tenantsPath,
                                                      "--format", "json", "--output", "\(scratch)/diff.json"],
                                                     stderr: "\(scratch)/diff.err"))
                line += String(format: ", %@ %.2f s", change.name, diffRuns[index].last!.seconds)
            }
            emit(line + " (load \(Machine.load))")
        }
        let simulateRow = Row(name: "tierc simulate --format json", samples: simulateRuns, lines: lines)
        let diffRows = zip(changes, diffRuns).map { change, samples in
            Row(name: "tierc diff --replay: \(change.name)", samples: samples, lines: lines)
        }
        emit(table([simulateRow] + diffRows))
        for (change, row) in zip(changes, diffRows) {
            let ratio = row.medianSeconds / simulateRow.medianSeconds
            emit(String(format: "ratio: diff --replay (%@) / simulate = %.2f (target ≤ %.1f → %@)", change.name, ratio,
                         Self.diffReplayTarget, ratio <= Self.diffReplayTarget ? "met" : "NOT met"))
        }

        var rssRows: [Row] = [Row(name: "\(grouped(lines)) lines", samples: ours, lines: lines)]

        if let fullLog {
            emit("")
            emit("full identification: \(fullLog), \(grouped(lines)) lines, \(megabytes(fullLog)); no `tenant` on requests")
            _ = try Spawn.run(["cat", fullLog])
            var full: [Spawn.Result] = []
            var fullFloor: [Spawn.Result] = []
            for run in 1...max(1, runs) {
                full.append(try Spawn.run([tierc, "simulate", policy, fullLog, "--tenants", tenantsPath, "--format", "json",
                                           "--output", "\(scratch)/report-full.json"], stderr: "\(scratch)/tierc-full.err"))
                fullFloor.append(try Spawn.run(["wc", "-l", fullLog]))
                emit(String(format: "  run %d: tierc %.2f s, wc -l %.2f s (load %@)", run, full.last!.seconds, fullFloor.last!.seconds, Machine.load))
            }
            let fullRow = Row(name: "tierc simulate, full identification", samples: full, lines: lines)
            let fullFloorRow = Row(name: "wc -l (I/O floor)", samples: fullFloor, lines: lines)
            emit(table([fullRow, fullFloorRow]))
            emit(String(format: "ratios: full identification / resolved tenant = %.2f; tierc / wc -l = %.1f; %@ lines/s (target ≥ %@ → %@)",
                         fullRow.medianSeconds / tiercRow.medianSeconds, fullRow.medianSeconds / fullFloorRow.medianSeconds,
                         grouped(Int(fullRow.linesPerSecond)), grouped(Int(Self.fullIdentificationTarget)),
                         fullRow.linesPerSecond >= Self.fullIdentificationTarget ? "met" : "NOT met"))
            rssRows.append(Row(name: "\(grouped(lines)) lines, full identification", samples: full, lines: lines))
        }

        if scaling {
            emit("")
            emit("peak RSS against log length (one run each, default mode, same tenants and month):")
            for count in [max(1, lines / 5), lines * 2] {
                let path = try ensureLog(lines: count, full: false)
                _ = try Spawn.run(["cat", path])
                let result = try Spawn.run([tierc, "simulate", policy, path, "--tenants", tenantsPath, "--format", "json",
                                            "--output", "\(scratch)/report-\(count).json"], stderr: "\(scratch)/tierc-\(count).err")
                rssRows.append(Row(name: "\(grouped(count)) lines", samples: [result], lines: count))
            }
            rssRows.sort { $0.lines < $1.lines }
        }
        emit(table(rssRows))
        let worst = rssRows.map(\.peakRSSMiB).max() ?? 0
        emit(String(format: "peak RSS: at most %.1f MiB over %d logs (target < %.0f MiB whatever the length → %@)",
                     worst, rssRows.count, Self.rssTargetMiB, worst < Self.rssTargetMiB ? "met" : "NOT met"))
        emit("load average at the end: \(Machine.load)")
    }

    // MARK: Output

    func table(_ rows: [Row]) -> String {
        let width = max(28, rows.map(\.name.count).max() ?? 0)
        func pad(_ text: String, _ count: Int) -> String { text.padding(toLength: count, withPad: " ", startingAt: 0) }
        var lines = [pad("", width) + "   median wall   min wall   CPU u+s   peak RSS      lines/s   runs"]
        for row in rows {
            let rate = grouped(Int(row.linesPerSecond))
            lines.append(pad(row.name, width) + String(format: "   %9.2f s %8.2f s %7.2f s %6.1f MiB ",
                                                       row.medianSeconds, row.minimumSeconds, row.medianCPU, row.peakRSSMiB)
                         + String(repeating: " ", count: max(0, 12 - rate.count)) + rate + "   \(row.samples.count)")
        }
        return lines.joined(separator: "\n")
    }

    func say(_ text: String) {
        FileHandle.standardError.write(Data("tierc-bench: \(text)\n".utf8))
    }
}

/// A line on standard output, written at once (unbuffered: progress shows while the benchmark runs).
func emit(_ text: String) {
    FileHandle.standardOutput.write(Data((text + "\n").utf8))
}

func grouped(_ value: Int) -> String {
    let digits = String(value)
    var out = ""
    for (index, character) in digits.enumerated() {
        if index > 0, (digits.count - index) % 3 == 0 { out.append(",") }
        out.append(character)
    }
    return out
}

func megabytes(_ path: String) -> String {
    let size = (try? FileManager.default.attributesOfItem(atPath: path)[.size] as? Int) ?? 0
    return String(format: "%.1f MB", Double(size) / 1e6)
}

/// Compares tierc's JSON report with the DuckDB peer's CSV, tenant by tenant.
enum Agreement {
    struct Figures: Equatable {
        var status200 = 0, status403 = 0, status429 = 0, hour = 0, month = 0
        var first429 = ""
        var gaugeOverLimit = 0
        var apiCalls = "", storage = "", total = ""
    }

    static func compare(tiercReport: String, duckdbCSV: String) -> String {
        let ours: [String: Figures]
        let theirs: [String: Figures]
        do {
            ours = try readReport(tiercReport)
            theirs = try readCSV(duckdbCSV)
        } catch {
            return "could not compare: \(error)"
        }
        var differences: [String] = []
        for (tenant, figures) in ours.sorted(by: { $0.key < $1.key }) where theirs[tenant] != figures {
            differences.append("\(tenant): tierc \(figures) / DuckDB \(theirs[tenant].map { "\($0)" } ?? "missing")")
        }
        let fields = "200/403/429 counts, 429s by window, first 429, gauge readings over the limit, invoice quantities and totals"
        if differences.isEmpty, ours.count == theirs.count {
            let totals = ours.values.reduce(into: (0, 0, 0)) { $0.0 += $1.status200; $0.1 += $1.status403; $0.2 += $1.status429 }
            return "DuckDB and tierc agree on all \(ours.count) tenants (\(fields)); tenants' 200/403/429: \(grouped(totals.0))/\(grouped(totals.1))/\(grouped(totals.2))"
        }
        return "DISAGREE on \(differences.count) of \(ours.count) tenants (DuckDB has \(theirs.count)); first: "
            + differences.prefix(3).joined(separator: "; ")
    }

    static func decimal(_ text: String) -> String {
        var text = text.trimmingCharacters(in: .whitespaces)
        if text.contains(".") {
            while text.hasSuffix("0") { text.removeLast() }
            if text.hasSuffix(".") { text.removeLast() }
        }
        return text.isEmpty ? "0" : text
    }

    static func readReport(_ path: String) throws -> [String: Figures] {
        let data = try Data(contentsOf: URL(fileURLWithPath: path))
        guard let root = try JSONSerialization.jsonObject(with: data) as? [String: Any],
              let tenants = root["tenants"] as? [[String: Any]] else { throw Timing.Failure(description: "unexpected report shape") }
        var result: [String: Figures] = [:]
        for tenant in tenants {
            guard let id = tenant["tenant"] as? String else { continue }
            var figures = Figures()
            let status = tenant["status"] as? [String: Any] ?? [:]
            figures.status200 = status["200"] as? Int ?? -1
            figures.status403 = status["403"] as? Int ?? -1
            figures.status429 = status["429"] as? Int ?? -1
            let windows = tenant["rejected_by_window"] as? [String: Any] ?? [:]
            figures.hour = windows["hour"] as? Int ?? 0
            figures.month = windows["month"] as? Int ?? 0
            figures.first429 = tenant["first_429"] as? String ?? ""
            figures.gaugeOverLimit = tenant["gauge_over_limit"] as? Int ?? -1
            let invoices = tenant["invoices"] as? [[String: Any]] ?? []
            if invoices.count == 1 {
                for line in invoices[0]["lines"] as? [[String: Any]] ?? [] {
                    switch line["meter"] as? String {
                    case "api_calls": figures.apiCalls = decimal(line["quantity"] as? String ?? "?")
                    case "storage_gb": figures.storage = decimal(line["quantity"] as? String ?? "?")
                    default: break
                    }
                }
                figures.total = decimal(invoices[0]["total"] as? String ?? "?")
            } else {
                figures.total = "\(invoices.count) invoices"
            }
            result[id] = figures
        }
        return result
    }

    static func readCSV(_ path: String) throws -> [String: Figures] {
        let text = try String(contentsOfFile: path, encoding: .utf8)
        var result: [String: Figures] = [:]
        for line in text.split(separator: "\n").dropFirst() {
            let cells = line.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
            guard cells.count == 12 else { throw Timing.Failure(description: "unexpected DuckDB row: \(line)") }
            var figures = Figures()
            figures.status200 = Int(cells[2]) ?? -1
            figures.status403 = Int(cells[3]) ?? -1
            figures.status429 = Int(cells[4]) ?? -1
            figures.hour = Int(cells[5]) ?? -1
            figures.month = Int(cells[6]) ?? -1
            figures.first429 = cells[7].trimmingCharacters(in: CharacterSet(charactersIn: "\""))
            figures.gaugeOverLimit = Int(cells[8]) ?? -1
            figures.apiCalls = decimal(cells[9])
            figures.storage = decimal(cells[10])
            figures.total = decimal(cells[11])
            result[cells[0]] = figures
        }
        return result
    }
}

/// A change of the policy that `tierc diff --replay` is measured against, as `--set` arguments (none: the policy
/// against itself).
enum DiffChange {
    static let itself = (name: "itself", sets: [String]())
    /// For tiers/tiers.yaml: from every tenant decided once to every tenant decided twice.
    static let bundled: [(name: String, sets: [String])] = [
        itself,
        (name: "starter's price", sets: ["tiers.starter.price=39"]),
        (name: "starter's limits", sets: ["tiers.starter.limits.api_calls.hour=600"]),
        (name: "every tier's limits", sets: ["tiers.free.limits.api_calls.hour=150", "tiers.starter.limits.api_calls.hour=600",
                                             "tiers.professional.limits.api_calls.hour=2500",
                                             "tiers.enterprise.limits.api_calls.hour=12000"]),
    ]
}

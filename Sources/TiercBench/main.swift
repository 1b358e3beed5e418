import Foundation

/// tierc's benchmarks and fixture generators. Run in release: `swift run -c release tierc-bench <command>`.
///
///   generate-policy [--tiers N] [--features N] [--routes N] [--overlap]   print a generated tiers.yaml
///   check [--tiers N] [--runs N] [--tierc PATH] [--overlap]   time `tierc check` on a generated policy
///                                                             against PyYAML's C parser loading the same file,
///                                                             and count its warnings (--overlap: overlapping chains)
///   generate-log --lines N --tenants T --seed S [--full-identification] --out LOG [--tenants-out FILE]
///                                                             write a deterministic request log and its tenants
///   simulate [--lines N] [--tenants T] [--runs N] [--tierc PATH] time `tierc simulate` against `wc -l` and DuckDB
///   snapshot [--iterations N] [--tiers N] [--policy FILE]     time loading a policy snapshot against JSONDecoder
///   invoices [--tenants N] [--requests N] [--seed S]            pricing v2 invoices (every form, subscriptions,
///                                                             discounts) for N tenants over 12 months, timed
///                                                             against the replay of the requests before them
///   emit-sql --policy FILE [--tenants FILE | --tenant-count N] [--revision R] --out DIR
///                                                             write policy.sql and tenants.sql (PostgresEmitter)
///   replay-profile --policy FILE --tenants FILE --log LOG [--workers N] [--split]
///                                                             the replay of `tierc simulate` in a synchronous
///                                                             program, for callgrind (--split: by tenant)
///   static-server --port N                                    Hummingbird answering a static 200 on 127.0.0.1 (a
///                                                             peer of scripts/bench-serve.sh)
let usage = """
    usage: tierc-bench generate-policy [--tiers N] [--features N] [--routes N] [--overlap]
           tierc-bench check [--tiers N] [--features N] [--routes N] [--runs N] [--tierc PATH] [--overlap]
           tierc-bench generate-log [--lines N] [--tenants T] [--seed S] [--full-identification] --out LOG [--tenants-out FILE]
           tierc-bench simulate [--lines N] [--tenants T] [--seed S] [--runs N] [--tierc PATH] [--policy FILE]
                                [--python PATH] [--threads N] [--work-dir DIR] [--no-full-identification] [--no-scaling]
           tierc-bench snapshot [--iterations N] [--tiers N] [--policy FILE]
           tierc-bench invoices [--tenants N] [--requests N] [--seed S]
           tierc-bench emit-sql --policy FILE [--tenants FILE | --tenant-count N] [--revision R] --out DIR
           tierc-bench replay-profile --policy FILE --tenants FILE --log LOG [--workers N] [--split]
           tierc-bench static-server --port N
    """

let arguments = Array(CommandLine.arguments.dropFirst())
guard let command = arguments.first else {
    FileHandle.standardError.write(Data((usage + "\n").utf8))
    exit(64)
}

@MainActor func option(_ name: String, default value: Int) -> Int {
    guard let index = arguments.firstIndex(of: name), index + 1 < arguments.count, let number = Int(arguments[index + 1]) else {
        return value
    }
    return number
}

@MainActor func stringOption(_ name: String) -> String? {
    guard let index = arguments.firstIndex(of: name), index + 1 < arguments.count else { return nil }
    return arguments[index + 1]
}

let generator = PolicyGenerator(tiers: option("--tiers", default: 1_000), features: option("--features", default: 60),
                                routes: option("--routes", default: 100), overlap: arguments.contains("--overlap"))

switch command {
case "generate-policy":
    FileHandle.standardOutput.write(Data(generator.yaml().utf8))
case "check":
    do { try benchmarkCheck() } catch {
        FileHandle.standardError.write(Data("tierc-bench: \(error)\n".utf8))
        exit(1)
    }
case "generate-log":
    do { try generateLog() } catch {
        FileHandle.standardError.write(Data("tierc-bench: \(error)\n".utf8))
        exit(1)
    }
case "simulate":
    do { try benchmarkSimulate() } catch {
        FileHandle.standardError.write(Data("tierc-bench: \(error)\n".utf8))
        exit(1)
    }
case "snapshot":
    var benchmark = SnapshotBenchmark()
    benchmark.iterations = option("--iterations", default: benchmark.iterations)
    benchmark.policyPath = stringOption("--policy") ?? benchmark.policyPath
    benchmark.generator = generator
    do { try benchmark.run() } catch {
        FileHandle.standardError.write(Data("tierc-bench: \(error)\n".utf8))
        exit(1)
    }
case "invoices":
    do {
        try InvoiceBenchmark.run(tenants: option("--tenants", default: 1_000), requests: option("--requests", default: 2_000_000),
                                 seed: UInt64(option("--seed", default: 18)))
    } catch {
        FileHandle.standardError.write(Data("tierc-bench: \(error)\n".utf8))
        exit(1)
    }
case "emit-sql":
    do { try emitSQL() } catch {
        FileHandle.standardError.write(Data("tierc-bench: \(error)\n".utf8))
        exit(1)
    }
case "replay-profile":
    do { try replayProfile() } catch {
        FileHandle.standardError.write(Data("tierc-bench: \(error)\n".utf8))
        exit(1)
    }
case "static-server":
    // Run from a task while the main thread waits: the top level stays synchronous, so valgrind can run the other
    // commands (replay-profile; BENCHMARKS.md, "Where the time goes").
    let port = option("--port", default: 8080)
    let finished = DispatchSemaphore(value: 0)
    Task.detached {
        do { try await runStaticServer(port: port) } catch {
            FileHandle.standardError.write(Data("tierc-bench: \(error)\n".utf8))
            exit(1)
        }
        finished.signal()
    }
    finished.wait()
default:
    FileHandle.standardError.write(Data("unknown command \(command)\n\(usage)\n".utf8))
    exit(64)
}

@MainActor func benchmarkCheck() throws {
    let runs = option("--runs", default: 10)
    let tierc = stringOption("--tierc") ?? ".build/release/tierc"
    let directory = FileManager.default.temporaryDirectory.appendingPathComponent("tierc-bench-\(getpid())")
    try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: directory) }
    let policy = directory.appendingPathComponent("tiers.yaml")
    try Data(generator.yaml().utf8).write(to: policy)
    let size = (try? FileManager.default.attributesOfItem(atPath: policy.path)[.size] as? Int) ?? 0
    print("policy: \(generator.tiers) tiers, \(generator.features) features, \(generator.routes) routes, \(size) bytes"
          + (generator.overlap ? ", overlapping chains" : ""))
    // The warnings, counted once from the JSON report (not timed).
    let report = directory.appendingPathComponent("report.json")
    _ = try Spawn.run([tierc, "check", policy.path, "--format", "json"], stdout: report.path, expectStatus: 0)
    if let object = try JSONSerialization.jsonObject(with: Data(contentsOf: report)) as? [String: Any],
       let diagnostics = object["diagnostics"] as? [[String: Any]] {
        var byCode: [String: Int] = [:]
        for diagnostic in diagnostics { byCode[diagnostic["code"] as? String ?? "?", default: 0] += 1 }
        print("warnings: \(object["warnings"] ?? "?")" + (byCode.isEmpty ? "" : " (" + byCode.sorted { $0.key < $1.key }
            .map { "\($0.key) \($0.value)" }.joined(separator: ", ") + ")")
              + String(format: ", %.2f per tier", Double(diagnostics.count) / Double(max(generator.tiers, 1))))
    }
    let ours = try Timing.measure(runs: runs, [tierc, "check", policy.path], expectStatus: 0)
    // `tierc compile`: the same check, then the snapshot, Policy.swift and policy.sql, written atomically.
    let out = directory.appendingPathComponent("compiled").path
    let compile = try Timing.measure(runs: runs, [tierc, "compile", policy.path, "--out", out], expectStatus: 0)
    let peer = try Timing.measure(
        runs: runs,
        ["python3", "-c", "import sys, yaml; yaml.load(open(sys.argv[1], 'rb'), Loader=yaml.CSafeLoader)", policy.path],
        expectStatus: 0)
    print(Timing.table([("tierc check (parse, decode, resolve, lint)", ours),
                        ("tierc compile (check, snapshot, Swift, SQL)", compile),
                        ("python3 PyYAML CSafeLoader (parse only)", peer)]))
    // Issue 17: 1,000 tiers checked and compiled under 0.2 s each, 10,000 tiers under 2 s.
    let target = generator.tiers <= 1_000 ? 0.2 : 2.0
    print(String(format: "ratio: tierc check takes %.2f× and tierc compile %.2f× the time of PyYAML's C parser alone; "
                 + "target: check and compile < %.1f s each → %@",
                 ours.median / peer.median, compile.median / peer.median, target,
                 max(ours.median, compile.median) < target ? "met" : "NOT met"))
}

@MainActor func generateLog() throws {
    guard let out = stringOption("--out") else {
        FileHandle.standardError.write(Data("generate-log needs --out LOG\n\(usage)\n".utf8))
        exit(64)
    }
    let generator = LogGenerator(lines: option("--lines", default: 5_000_000), tenants: option("--tenants", default: 1_000),
                                 seed: UInt64(option("--seed", default: 1)),
                                 fullIdentification: arguments.contains("--full-identification"))
    if let tenantsOut = stringOption("--tenants-out") {
        try Data(generator.tenantsYAML().utf8).write(to: URL(fileURLWithPath: tenantsOut), options: .atomic)
    }
    let start = Spawn.now()
    let stats = try generator.writeLog(to: out)
    FileHandle.standardError.write(Data(String(
        format: "tierc-bench: wrote %@ lines (%@ requests, %@ gauge readings, %@ invalid), %@ bytes, in %.2f s\n",
        grouped(generator.lines), grouped(stats.requests), grouped(stats.gauges), grouped(stats.invalid),
        grouped(stats.bytes), Spawn.now() - start).utf8))
}

@MainActor func benchmarkSimulate() throws {
    var benchmark = SimulateBenchmark()
    benchmark.lines = option("--lines", default: benchmark.lines)
    benchmark.tenants = option("--tenants", default: benchmark.tenants)
    benchmark.seed = UInt64(option("--seed", default: 1))
    benchmark.runs = option("--runs", default: benchmark.runs)
    benchmark.threads = option("--threads", default: benchmark.threads)
    benchmark.tierc = stringOption("--tierc") ?? benchmark.tierc
    benchmark.policy = stringOption("--policy") ?? benchmark.policy
    benchmark.python = stringOption("--python") ?? benchmark.python
    benchmark.workDirectory = stringOption("--work-dir") ?? benchmark.workDirectory
    benchmark.fullIdentification = !arguments.contains("--no-full-identification")
    benchmark.scaling = !arguments.contains("--no-scaling")
    try benchmark.run()
}

import Foundation

/// Runs swiftc on golden files in a scratch directory (removed afterwards), for ``CompileReferenceTests``.
enum SwiftCompiler {
    struct Result {
        var status: Int32
        var stdout: String
        var stderr: String
    }

    /// `$SWIFTC` when set, else the first executable `swiftc` on `PATH`; a clear failure when there is none.
    static func locate() throws -> URL {
        let environment = ProcessInfo.processInfo.environment
        if let path = environment["SWIFTC"], !path.isEmpty {
            guard FileManager.default.isExecutableFile(atPath: path) else {
                throw EmitterSupport.Failure(description: "SWIFTC=\(path) is not an executable file")
            }
            return URL(fileURLWithPath: path)
        }
        for directory in (environment["PATH"] ?? "").split(separator: ":") {
            let candidate = URL(fileURLWithPath: String(directory)).appendingPathComponent("swiftc")
            if FileManager.default.isExecutableFile(atPath: candidate.path) { return candidate }
        }
        throw EmitterSupport.Failure(description: """
            swiftc not found on PATH; the generated Swift cannot be compiled. Install the Swift toolchain or set \
            SWIFTC to the compiler's path.
            """)
    }

    /// Builds `References/<golden>.Policy.swift` as the module `GeneratedPolicy` and type-checks it in Swift 5 mode,
    /// then builds and runs `References/<golden>.main.swift` against it; returns the program's standard output.
    static func buildAndRun(golden: String) throws -> String {
        try withScratchDirectory { directory in
            try buildModule(golden: golden, in: directory)
            try check(run(try locate(), ["-swift-version", "5", "-typecheck", "-warnings-as-errors", "-parse-as-library",
                                         "Policy.swift"], in: directory), "type-checking \(golden).Policy.swift in Swift 5 mode")
            try FileManager.default.copyItem(at: EmitterSupport.references.appendingPathComponent("\(golden).main.swift"),
                                              to: directory.appendingPathComponent("main.swift"))
            try check(run(try locate(), ["-swift-version", "6", "main.swift", "-I", ".", "-L", ".", "-lGeneratedPolicy",
                                         "-o", "program"], in: directory), "building \(golden).main.swift")
            let result = try run(directory.appendingPathComponent("program"), [], in: directory)
            try check(result, "running \(golden).main.swift")
            return result.stdout
        }
    }

    /// Builds `policySwift` (an emitted `Policy.swift`) as the module `GeneratedPolicy` like a golden file, then
    /// builds and runs `program` (a `main.swift` that imports it); returns the program's standard output.
    static func buildAndRun(policySwift: String, program: String) throws -> String {
        try withScratchDirectory { directory in
            try Data(policySwift.utf8).write(to: directory.appendingPathComponent("Policy.swift"))
            try compileModule(in: directory, "the emitted Policy.swift")
            try Data(program.utf8).write(to: directory.appendingPathComponent("main.swift"))
            try check(run(try locate(), ["-swift-version", "6", "main.swift", "-I", ".", "-L", ".", "-lGeneratedPolicy",
                                         "-o", "program"], in: directory), "building the invoice program")
            let result = try run(directory.appendingPathComponent("program"), [], in: directory)
            try check(result, "running the invoice program")
            return result.stdout
        }
    }

    /// Builds the golden module, then type-checks `program` against it and returns swiftc's result.
    static func typecheck(golden: String, program: String) throws -> Result {
        try withScratchDirectory { directory in
            try buildModule(golden: golden, in: directory)
            try Data(program.utf8).write(to: directory.appendingPathComponent("main.swift"))
            return try run(try locate(), ["-typecheck", "main.swift", "-I", "."], in: directory)
        }
    }

    /// `swiftc -emit-library -static -emit-module -module-name GeneratedPolicy Policy.swift` in Swift 6 mode with
    /// warnings as errors: the file is a library other code imports, so its API must be public and clean.
    private static func buildModule(golden: String, in directory: URL) throws {
        try FileManager.default.copyItem(at: EmitterSupport.references.appendingPathComponent("\(golden).Policy.swift"),
                                          to: directory.appendingPathComponent("Policy.swift"))
        try compileModule(in: directory, "\(golden).Policy.swift")
    }

    /// Compiles `Policy.swift` in `directory` into the static library and module `GeneratedPolicy`.
    private static func compileModule(in directory: URL, _ what: String) throws {
        try check(run(try locate(), [
            "-swift-version", "6", "-warnings-as-errors", "-parse-as-library", "-emit-library", "-static", "-emit-module",
            "-module-name", "GeneratedPolicy", "Policy.swift", "-o", "libGeneratedPolicy.a",
        ], in: directory), "compiling \(what)")
    }

    private static func check(_ result: Result, _ step: String) throws {
        guard result.status == 0 else {
            throw EmitterSupport.Failure(description: "\(step) failed with status \(result.status):\n\(result.stderr)\(result.stdout)")
        }
    }

    private static func withScratchDirectory<T>(_ body: (URL) throws -> T) throws -> T {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("tierc-swift-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        return try body(directory)
    }

    /// Runs `executable` in `directory`; output goes through files so a chatty process cannot fill a pipe.
    static func run(_ executable: URL, _ arguments: [String], in directory: URL) throws -> Result {
        let out = directory.appendingPathComponent(".stdout-\(UUID().uuidString)")
        let err = directory.appendingPathComponent(".stderr-\(UUID().uuidString)")
        _ = FileManager.default.createFile(atPath: out.path, contents: nil)
        _ = FileManager.default.createFile(atPath: err.path, contents: nil)
        defer {
            try? FileManager.default.removeItem(at: out)
            try? FileManager.default.removeItem(at: err)
        }
        let stdout = try FileHandle(forWritingTo: out)
        let stderr = try FileHandle(forWritingTo: err)
        let process = Process()
        process.executableURL = executable
        process.arguments = arguments
        process.currentDirectoryURL = directory
        process.standardOutput = stdout
        process.standardError = stderr
        process.standardInput = FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
        try stdout.close()
        try stderr.close()
        return Result(status: process.terminationStatus,
                      stdout: String(decoding: try Data(contentsOf: out), as: UTF8.self),
                      stderr: String(decoding: try Data(contentsOf: err), as: UTF8.self))
    }
}

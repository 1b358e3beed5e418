import Foundation
import HTTPTypes
import HummingbirdTesting
import Testing

/// docs/cli.md#keys with `tierc serve`: a key made by `tierc keys create` is accepted for its tenant, and once
/// `tierc keys revoke` has set its date it is an unknown key (401) from 00:00 UTC of that day, on the decided
/// requests and on tierc's own tenant endpoints.
@Suite("tierc serve: created and revoked keys", .serialized)
struct ServeKeysTests {
    /// Runs the `tierc` binary in `directory`; returns the status and standard output.
    static func tierc(_ arguments: [String], in directory: URL) throws -> (status: Int32, stdout: String) {
        let binary = try #require(ServeProcess.binary, "tierc binary not found; build it with `swift build` first")
        let process = Process()
        process.executableURL = binary
        process.arguments = arguments
        process.currentDirectoryURL = directory
        let output = Pipe()
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        try process.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: data, as: UTF8.self))
    }

    /// Every file under `directory` that holds `needle`.
    static func files(containing needle: String, under directory: URL) -> [String] {
        let enumerator = FileManager.default.enumerator(at: directory, includingPropertiesForKeys: nil)
        var found: [String] = []
        while let url = enumerator?.nextObject() as? URL {
            if let data = try? Data(contentsOf: url), String(decoding: data, as: UTF8.self).contains(needle) { found.append(url.path) }
        }
        return found
    }

    @Test func aCreatedKeyWorksUntilItsRevocationDay() async throws {
        let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("tierc-keys-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: scratch) }
        let tenants = scratch.appendingPathComponent("tenants.yaml")
        try FileManager.default.copyItem(at: ServerFixtures.repositoryRoot.appendingPathComponent("examples/tenants.yaml"), to: tenants)

        let created = try Self.tierc(["keys", "create", "tenant-b", "--tenants", "tenants.yaml", "--name", "backend"], in: scratch)
        #expect(created.status == 0)
        let key = created.stdout.trimmingCharacters(in: .newlines)
        #expect(key.hasPrefix("omni_") && key.count == 48, "\(created.stdout)")
        #expect(Self.files(containing: key, under: scratch).isEmpty, "the key must appear nowhere on disk")

        let before = "2025-11-02T23:59:59Z"
        let after = "2025-11-03T00:00:00Z"
        func statuses() async throws -> [Int] {
            let server = try await ServeProcess.start(["tiers/tiers.yaml", "--tenants", tenants.path, "--trust-clock-header"])
            let codes = try await server.withMainClient { client in
                var codes: [Int] = []
                for time in [before, after] {
                    codes.append(try await client.get("/api/v1/orders", headers: .bearer(key, at: time)).status.code)
                    codes.append(try await client.get("/api/v1/tenant/usage", headers: .bearer(key, at: time)).status.code)
                }
                return codes
            }
            #expect(try await server.stop() == 0)
            return codes
        }
        #expect(try await statuses() == [200, 200, 200, 200])

        let revoked = try Self.tierc(["keys", "revoke", "tenant-b", "backend", "--tenants", "tenants.yaml", "--on", "2025-11-03"],
                                     in: scratch)
        #expect(revoked.status == 0)
        #expect(try await statuses() == [200, 200, 401, 401])
        #expect(Self.files(containing: key, under: scratch).isEmpty)
    }
}

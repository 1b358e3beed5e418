#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif
import ArgumentParser
import PolicyCheck
import PolicyModel
import PolicySource

/// Reading and rewriting tenants.yaml for `tierc keys`: the file's directory is locked (`flock`) from the read
/// to the rename, so two `keys` commands on one file take turns and neither loses the other's entry; the new
/// text is written atomically (a temporary file in the same directory, then a rename).
enum TenantsFileUpdate {
    /// Reads `path` and decodes its keys; reports and exits 3 (unreadable) or 1 (the file has errors).
    static func editor(_ path: String) throws -> TenantsKeyEditor {
        let source: SourceFile
        do {
            source = try InputFile.read(path, limit: YAMLBudget.default.maxInputBytes + 1)
        } catch {
            Terminal.reportError(error.description)
            throw ExitCode(ExitStatus.unreadableInput.rawValue)
        }
        return try report { () throws(TenantKeysError) in try TenantsKeyEditor(source) }
    }

    /// Locks the directory of `path`, reads the file, lets `change` compute the new text, writes it atomically.
    static func update<Result>(_ path: String, change: (TenantsKeyEditor) throws(TenantKeysError) -> (text: [UInt8], result: Result)) throws -> Result {
        let directory = path.lastIndex(of: "/").map { $0 == path.startIndex ? "/" : String(path[..<$0]) } ?? "."
        let lock: OutputLock
        do {
            lock = try OutputLock.acquire(directory: directory, holder: "another `tierc keys`")
        } catch {
            Terminal.reportError(error.description)
            throw ExitStatus.unwritableOutput
        }
        defer { lock.release() }
        let editor = try editor(path)
        let (text, result) = try report { () throws(TenantKeysError) in try change(editor) }
        do {
            try AtomicFile.replace(path, with: text)
        } catch {
            Terminal.reportError(error.description)
            throw ExitStatus.unwritableOutput
        }
        return result
    }

    /// Runs `body`; a ``TenantKeysError`` is reported and exits 1.
    static func report<Value>(_ body: () throws(TenantKeysError) -> Value) throws -> Value {
        do {
            return try body()
        } catch {
            Terminal.reportError(error.description)
            throw ExitCode(ExitStatus.inputHasErrors.rawValue)
        }
    }

    /// Today in UTC.
    static func today() -> CalendarDay { CalendarDay(containing: Int64(time(nil))) }

    /// `--on`: a `YYYY-MM-DD` date.
    static func parseDay(_ text: String, option: String) throws -> CalendarDay {
        guard let day = CalendarDay(text) else {
            throw ValidationError("\(option) must be a date written YYYY-MM-DD (UTC), found '\(text)'")
        }
        return day
    }

    /// `--tenants` must name a file (not standard input: the file is rewritten).
    static func validatePath(_ path: String) throws {
        if path == InputFile.standardInputPath || path.isEmpty || path.hasSuffix("/") {
            throw ValidationError("--tenants must name a tenants.yaml file (it is rewritten in place), found '\(path)'")
        }
    }
}

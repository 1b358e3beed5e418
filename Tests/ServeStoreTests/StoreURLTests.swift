import PolicyStorePostgres
import Testing

/// `--store postgres://…` (docs/serve.md#command-line): what a URL means, and that no message shows a password.
@Suite("The --store URL")
struct StoreURLTests {
    @Test func fieldsDefaultsAndEscapes() throws {
        let plain = try PostgresStoreURL("postgres://app@db.internal/tierc")
        #expect(plain.user == "app" && plain.host == "db.internal" && plain.port == 5432 && plain.database == "tierc")
        #expect(plain.password == nil && plain.tls == .prefer)
        #expect(plain.description == "postgres://app@db.internal:5432/tierc")

        let full = try PostgresStoreURL("postgresql://svc%40x:p%3Ass@[::1]:6432/my%20db?sslmode=require")
        #expect(full.user == "svc@x" && full.password == "p:ss" && full.host == "::1" && full.port == 6432)
        #expect(full.database == "my db" && full.tls == .require)
        #expect(full.description == "postgres://svc@x@[::1]:6432/my db?sslmode=require")
        #expect(!full.description.contains("p:ss"))

        // PGPASSWORD is used when the URL has none, never over the URL's own.
        #expect(try PostgresStoreURL("postgres://app@h/d", environmentPassword: "env").password == "env")
        #expect(try PostgresStoreURL("postgres://app:url@h/d", environmentPassword: "env").password == "url")
    }

    @Test func badURLsSayWhatIsWrongWithoutThePassword() {
        for (text, reason) in [
            ("http://app@h/d", "not a postgres:// URL"),
            ("postgres://app:secret@h", "no /DATABASE"),
            ("postgres://app:secret@h:0/d", "the port must be 1 to 65535, not 0"),
            ("postgres://app:secret@h:x/d", "the port must be a number"),
            ("postgres://app:secret@[::1/d", "an IPv6 host needs a closing ]"),
            ("postgres://:secret@h/d", "no user name"),
            ("postgres://app:secret@h/d?ssl=true", "unknown parameter 'ssl=true'"),
            ("postgres://app:secret@h/d%zz", "bad %-escape in the database name"),
        ] {
            #expect(throws: PostgresStoreError.self, "\(text)") { try PostgresStoreURL(text) }
            do {
                _ = try PostgresStoreURL(text)
            } catch {
                #expect(error.description.contains(reason), "\(text): \(error)")
                #expect(!error.description.contains("secret"), "\(text): \(error)")
            }
        }
    }
}

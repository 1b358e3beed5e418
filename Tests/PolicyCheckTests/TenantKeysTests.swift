import Foundation
import Testing
import PolicyCheck
import PolicyModel
import PolicySource

/// tenants.yaml's `keys:` entries (docs/policy-format.md#keys-entries) and the text edits of `tierc keys`
/// (docs/cli.md#keys): comments and order kept, the result read back before it is used.
@Suite struct TenantKeysTests {
    static let policy = """
        format: 1
        policy: p
        identification: { order: [api_key] }
        currency: USD
        meters: { api_calls: { kind: counter } }
        tiers:
          free: { price: 0, limits: { api_calls: { month: 10 } } }

        """
    static let hashA = String(repeating: "a", count: 64)
    static let hashB = String(repeating: "b", count: 64)

    static func check(_ tenants: String) -> CheckResult {
        PolicyChecker.check(policy: SourceFile(name: "tiers.yaml", text: policy),
                            tenants: SourceFile(name: "tenants.yaml", text: tenants))
    }

    static func editor(_ text: String) throws -> TenantsKeyEditor {
        try TenantsKeyEditor(SourceFile(name: "tenants.yaml", text: text))
    }

    static func entry(_ tenant: String, _ hash: String, name: String? = "backend") -> APIKeyEntry {
        APIKeyEntry(tenant: tenant, hash: hash, prefix: "omni_Ab12", name: name, created: CalendarDay("2026-12-07"),
                    range: .fileStart)
    }

    // MARK: - Decoding

    @Test func revokedKeysReachTheDirectory() throws {
        let result = Self.check("""
            tenants:
              acme:
                tier: free
                keys:
                  - { hash: "sha256:\(Self.hashA)", prefix: omni_Ab12, name: backend, created: 2025-11-02, revoked: 2025-12-01 }
                  - hash: "sha256:\(Self.hashB)"

            """)
        #expect(result.diagnostics.isEmpty, "\(result.diagnostics.map(\.message))")
        let tenant = try #require(result.tenants?.tenants.first)
        #expect(tenant.apiKeyHashes == [Self.hashA, Self.hashB])
        #expect(tenant.keyRevocations == [Self.hashA: try #require(CalendarDay("2025-12-01"))])
    }

    @Test func badEntriesAreErrorsWithTheirPlace() {
        let result = Self.check("""
            tenants:
              acme:
                tier: free
                api_key_hashes: ["sha256:\(Self.hashA)"]
                keys:
                  - { hash: "sha256:\(Self.hashA)" }
                  - { hash: "sha256:\(Self.hashB)", revoked: 2025-02-30 }
                  - { prefix: omni_x }
                  - { hash: "sha256:\(Self.hashB)", label: x }

            """)
        let messages = result.diagnostics.map { "\($0.range.start) \($0.code.rawValue) \($0.message)" }
        #expect(messages.contains { $0.hasPrefix("6:17 duplicate-api-key") }, "\(messages)")
        #expect(messages.contains { $0.hasPrefix("7:101 invalid-date") && $0.contains("not a date that exists") }, "\(messages)")
        #expect(messages.contains { $0.hasPrefix("8:9 missing-key") && $0.contains("`hash`") }, "\(messages)")
        #expect(messages.contains { $0.contains("unknown-key") && $0.contains("label") }, "\(messages)")
        #expect(result.tenants == nil)
    }

    @Test func calendarDaysParseStrictlyAndRoundTrip() throws {
        for text in ["0001-01-01", "1969-12-31", "1970-01-01", "2024-02-29", "9999-12-31"] {
            #expect(CalendarDay(text)?.description == text)
        }
        for text in ["2025-02-29", "2025-13-01", "2025-1-01", "2025-01-01T00:00:00Z", "0000-01-01", " 2025-01-01", "２０２５-01-01"] {
            #expect(CalendarDay(text) == nil, "\(text)")
        }
        #expect(try #require(CalendarDay("1970-01-02")).startSeconds == 86_400)
        #expect(CalendarDay(containing: -1).description == "1969-12-31")
        #expect(CalendarDay(containing: 86_399).description == "1970-01-01")
    }

    // MARK: - Generated keys

    @Test func generatedKeysHaveTheDocumentedShape() {
        let key = GeneratedAPIKey()
        #expect(key.key.hasPrefix("omni_"))
        #expect(key.key.count == 5 + 43)
        #expect(key.key.dropFirst(5).allSatisfy { $0.isLetter && $0.isASCII || $0.isNumber || $0 == "-" || $0 == "_" })
        #expect(key.displayPrefix == String(key.key.prefix(9)))
        #expect(key.hash == sha256Hex(key.key))
        #expect(GeneratedAPIKey().key != key.key)
        let custom = GeneratedAPIKey(prefix: "sk_live_")
        #expect(custom.key.hasPrefix("sk_live_") && custom.key.count == 8 + 43 && custom.displayPrefix.count == 12)
        #expect(GeneratedAPIKey.isValidPrefix("") && GeneratedAPIKey.isValidPrefix("omni_"))
        #expect(!GeneratedAPIKey.isValidPrefix("a b") && !GeneratedAPIKey.isValidPrefix(String(repeating: "a", count: 33)))
    }

    /// RFC 4648 §10 vectors through the generator: a generator that yields fixed bytes.
    @Test func base64URLMatchesTheRFC() {
        struct Fixed: RandomNumberGenerator {
            var words: [UInt64]
            mutating func next() -> UInt64 { words.removeFirst() }
        }
        // 32 bytes 0xFB 0xFF ... : base64url uses `-` and `_` where base64 has `+` and `/`.
        var generator = Fixed(words: Array(repeating: 0xFFFF_FFFF_FFFF_FFFB, count: 4))
        let key = GeneratedAPIKey(prefix: "", using: &generator)
        // Bytes FB FF FF FF FF FF FF FF, repeated: 0xFBFFFF → "-___", 0xFFFFFF → "____".
        #expect(key.key.hasPrefix("-_____"))
        #expect(key.key.count == 43)
        #expect(!key.key.contains("=") && !key.key.contains("+") && !key.key.contains("/"))
    }

    // MARK: - Adding a key

    @Test func addsAKeysListToABlockTenantKeepingComments() throws {
        let text = """
            # Our tenants.
            tenants:
              acme:            # the first customer
                tier: free     # trial
                subdomain: acme-eu
              # Next one.
              globex: { tier: free }

            """
        let edited = String(decoding: try Self.editor(text).adding(Self.entry("acme", Self.hashA)), as: UTF8.self)
        #expect(edited == """
            # Our tenants.
            tenants:
              acme:            # the first customer
                tier: free     # trial
                subdomain: acme-eu
                keys:
                  - { hash: "sha256:\(Self.hashA)", prefix: "omni_Ab12", name: "backend", created: 2026-12-07 }
              # Next one.
              globex: { tier: free }

            """)
        let flow = String(decoding: try Self.editor(edited).adding(Self.entry("globex", Self.hashB, name: nil)), as: UTF8.self)
        #expect(flow.hasSuffix("""
              globex: { tier: free, keys: [{ hash: "sha256:\(Self.hashB)", prefix: "omni_Ab12", created: 2026-12-07 }] }

            """))
        #expect(try Self.editor(flow).entries.map(\.tenant) == ["acme", "globex"])
    }

    @Test func appendsToExistingLists() throws {
        let block = """
            tenants:
              acme:
                keys:
                  - hash: "sha256:\(Self.hashA)"   # old key
                    name: legacy
                tier: free

            """
        let edited = String(decoding: try Self.editor(block).adding(Self.entry("acme", Self.hashB)), as: UTF8.self)
        #expect(edited == """
            tenants:
              acme:
                keys:
                  - hash: "sha256:\(Self.hashA)"   # old key
                    name: legacy
                  - { hash: "sha256:\(Self.hashB)", prefix: "omni_Ab12", name: "backend", created: 2026-12-07 }
                tier: free

            """)
        let flow = "tenants:\n  acme:\n    tier: free\n    keys: [ ]\n"
        #expect(String(decoding: try Self.editor(flow).adding(Self.entry("acme", Self.hashB, name: nil)), as: UTF8.self)
                == "tenants:\n  acme:\n    tier: free\n    keys: [ { hash: \"sha256:\(Self.hashB)\", prefix: \"omni_Ab12\", created: 2026-12-07 }]\n")
        let empty = "tenants:\n  acme:\n    tier: free\n    keys:   # none yet\n"
        #expect(String(decoding: try Self.editor(empty).adding(Self.entry("acme", Self.hashB, name: nil)), as: UTF8.self)
                == "tenants:\n  acme:\n    tier: free\n    keys: [{ hash: \"sha256:\(Self.hashB)\", prefix: \"omni_Ab12\", created: 2026-12-07 }]   # none yet\n")
    }

    @Test func labelsAreQuotedAndControlCharactersRefused() throws {
        let text = "tenants:\n  acme: { tier: free }\n"
        let edited = try Self.editor(text).adding(Self.entry("acme", Self.hashA, name: #"say "hi" \ #x: y"#))
        let entries = try Self.editor(String(decoding: edited, as: UTF8.self)).entries
        #expect(entries.first?.name == #"say "hi" \ #x: y"#)
        #expect(throws: TenantKeysError.self) { try Self.editor(text).adding(Self.entry("acme", Self.hashA, name: "a\u{1B}[31m")) }
    }

    @Test func refusesWhatItCannotDoSafely() throws {
        let text = "tenants:\n  acme: { tier: free, api_key_hashes: [\"sha256:\(Self.hashA)\"] }\n"
        // Unknown tenant, with a suggestion.
        #expect { try Self.editor(text).adding(Self.entry("acme2", Self.hashB)) } throws: { error in
            "\(error)".contains("no tenant `acme2`") && "\(error)".contains("did you mean `acme`?")
        }
        // The same hash twice: the edit would make the file invalid, so nothing is returned.
        #expect { try Self.editor(text).adding(Self.entry("acme", Self.hashA)) } throws: { error in
            "\(error)".contains("was not changed")
        }
        // A file with errors is not edited at all.
        #expect { try Self.editor("tenants:\n  acme: { tier: free, bogus: 1 }\n") } throws: { error in
            "\(error)".contains("tenants.yaml:2:23")
        }
    }

    // MARK: - Revoking

    @Test func revokesByNameOrPrefix() throws {
        let text = """
            tenants:
              acme:
                tier: free
                keys:
                  - { hash: "sha256:\(Self.hashA)", prefix: omni_Ab12, name: backend }   # CI
                  - hash: "sha256:\(Self.hashB)"
                    prefix: omni_Zz99

            """
        let day = try #require(CalendarDay("2026-01-01"))
        let byName = try Self.editor(text).revoking(tenant: "acme", selector: "backend", on: day)
        #expect(String(decoding: byName.text, as: UTF8.self).contains(
            #"- { hash: "sha256:\#(Self.hashA)", prefix: omni_Ab12, name: backend, revoked: 2026-01-01 }   # CI"#))
        let byPrefix = try Self.editor(text).revoking(tenant: "acme", selector: "omni_Zz", on: day)
        #expect(String(decoding: byPrefix.text, as: UTF8.self).hasSuffix("    prefix: omni_Zz99\n        revoked: 2026-01-01\n"))
        #expect(byPrefix.entry.hash == Self.hashB)
        // Twice: refused, the first date stays.
        let again = try Self.editor(String(decoding: byName.text, as: UTF8.self))
        #expect { try again.revoking(tenant: "acme", selector: "backend", on: day) } throws: { "\($0)".contains("already revoked (on 2026-01-01)") }
        #expect { try Self.editor(text).revoking(tenant: "acme", selector: "omni_", on: day) } throws: { "\($0)".contains("matches 2 keys") }
        #expect { try Self.editor(text).revoking(tenant: "acme", selector: "nope", on: day) } throws: { "\($0)".contains("its keys: backend, omni_Zz99") }
    }

    @Test func listsStateOnADay() throws {
        let entries = [
            APIKeyEntry(tenant: "acme", hash: Self.hashA, prefix: "omni_Ab12", name: "backend", created: CalendarDay("2025-11-02"),
                        revoked: CalendarDay("2025-12-01"), range: .fileStart),
            APIKeyEntry(tenant: "acme", hash: Self.hashB, range: .fileStart),
        ]
        let listing = KeyListing(entries: entries, on: try #require(CalendarDay("2025-12-01")))
        #expect(listing.human() == """
            TENANT  NAME     PREFIX     CREATED     STATE
            acme    backend  omni_Ab12  2025-11-02  revoked since 2025-12-01
            acme    -        -          -           active

            """)
        let before = KeyListing(entries: entries, on: try #require(CalendarDay("2025-11-30")))
        #expect(before.state(of: entries[0]) == "active, revoked from 2025-12-01")
        let json = try JSONSerialization.jsonObject(with: Data(listing.json().utf8)) as? [String: Any]
        let keys = try #require(json?["keys"] as? [[String: Any]])
        #expect(keys.map { $0["state"] as? String } == ["revoked", "active"])
        #expect(keys[1]["name"] is NSNull)
        #expect(keys[0]["hash"] as? String == "sha256:" + Self.hashA)
    }
}

/// Lowercase hex SHA-256 through the system's `sha256sum`-equivalent: CryptoKit is not a test dependency, so
/// the check goes through the decoder (a raw key and its hash are the same key).
private func sha256Hex(_ key: String) -> String {
    let result = PolicyChecker.check(
        policy: SourceFile(name: "tiers.yaml", text: TenantKeysTests.policy),
        tenants: SourceFile(name: "tenants.yaml", text: "tenants:\n  t:\n    tier: free\n    api_keys: [\(JSONText.quoted(key))]\n"))
    return result.tenants?.tenants.first?.apiKeyHashes.first ?? ""
}

import Foundation
import Testing
import PolicyModel
import PolicyRuntime
import PolicySimulator

/// The byte-keyed lookups of the replay (docs/simulation.md, "Speed"): a tenant id, a subdomain label and an API
/// key looked up on the bytes of a line find exactly what the text lookups find, at any directory size.
@Suite("Lookups on bytes")
struct ByteLookupTests {
    /// `count` tenants, each with an API key and a subdomain of mixed case in tenants.yaml.
    static func tenantsYAML(count: Int) -> String {
        "tenants:\n" + (0..<count).map { index in
            "  t\(index):\n    tier: free\n    api_keys: [key-\(index)]\n    subdomain: Shop\(index)\n"
        }.joined()
    }

    static func engine(count: Int) throws -> PolicyEngine {
        try Spec.engine(IdentificationTests.policy(order: "[api_key, subdomain, query]"), tenantsYAML(count: count))
    }

    /// Identifies `request` from its bytes and from its text.
    static func both(_ resolver: RequestResolver, _ keys: inout APIKeyDigests, tenant: String? = nil, host: String? = nil,
                     query: String? = nil, authorization: String? = nil) -> (bytes: ResolvedRequest?, text: ResolvedRequest) {
        let headers = authorization.map { [(name: "Authorization", value: $0)] } ?? []
        let request = Request(tenant: tenant.map(Request.TenantClaim.id) ?? .absent, path: "/", host: host, query: query, headers: headers)
        let text = resolver.resolve(request, at: 0)
        let tenantBytes = Array((tenant ?? "").utf8), hostBytes = Array((host ?? "").utf8), queryBytes = Array((query ?? "").utf8)
        let name = Array("Authorization".utf8), value = Array((authorization ?? "").utf8)
        let bytes = tenantBytes.withUnsafeBufferPointer { tenantPointer in
            hostBytes.withUnsafeBufferPointer { hostPointer in
                queryBytes.withUnsafeBufferPointer { queryPointer in
                    name.withUnsafeBufferPointer { namePointer in
                        value.withUnsafeBufferPointer { valuePointer in
                            let header = [HeaderBytes(name: namePointer, value: valuePointer)]
                            return header.withUnsafeBufferPointer { headerPointer in
                                resolver.resolve(
                                    bytes: RequestBytes(tenant: tenant == nil ? nil : tenantPointer, path: nil,
                                                        host: host == nil ? nil : hostPointer,
                                                        query: query == nil ? nil : queryPointer,
                                                        headers: authorization == nil ? UnsafeBufferPointer(start: nil, count: 0) : headerPointer),
                                    keys: &keys, at: 0)
                            }
                        }
                    }
                }
            }
        }
        return (bytes, text)
    }

    @Test("every tenant id, subdomain label (any case) and API key of 3,000 tenants, and near misses, as text does",
          arguments: [1, 7, 3_000])
    func sameAsText(count: Int) throws {
        let engine = try Self.engine(count: count)
        let resolver = engine.resolver
        // A small memo, so that it fills up and further keys are hashed every time.
        var keys = APIKeyDigests(capacity: 100)
        var identified = 0
        for index in 0..<count {
            for id in ["t\(index)", "t\(index)x", "T\(index)", "t\(index) "] {
                let (bytes, text) = Self.both(resolver, &keys, tenant: id)
                #expect(bytes == text, "tenant \(id)")
            }
            for host in ["shop\(index).example.com", "SHOP\(index).Example.COM:8080", "shop\(index)x.example.com",
                         "hop\(index).example.com"] {
                let (bytes, text) = Self.both(resolver, &keys, host: host)
                #expect(bytes == text, "host \(host)")
            }
            for round in 0..<2 {
                for key in ["key-\(index)", "key-\(index)x", "KEY-\(index)"] {
                    let (bytes, text) = Self.both(resolver, &keys, authorization: "Bearer \(key)")
                    #expect(bytes == text, "key \(key), round \(round)")
                    if case .tenant? = bytes?.identity { identified += 1 }
                }
            }
        }
        #expect(identified == 2 * count)  // each real key, twice; no near miss
        // Empty and absent values.
        for id in ["", "t"] { #expect(Self.both(resolver, &keys, tenant: id).bytes == Self.both(resolver, &keys, tenant: id).text) }
    }

    @Test("a directory with a non-ASCII id (a crafted snapshot, not a checked file) is looked up as text: canonically equivalent bytes match")
    func nonASCIIIdentifiersFallBackToText() {
        let composed = "caf\u{E9}", decomposed = "cafe\u{301}"
        let index = TenantIndex(TenantDirectory(tenants: [Tenant(id: "acme", tier: "free"), Tenant(id: composed, tier: "free")]))
        #expect(Array(composed.utf8) != Array(decomposed.utf8))
        #expect(Array(decomposed.utf8).withUnsafeBufferPointer { index.tenant(id: $0) } == index.tenant(id: decomposed))
        #expect(Array(decomposed.utf8).withUnsafeBufferPointer { index.tenant(id: $0) } == 1)
        #expect(Array("acme".utf8).withUnsafeBufferPointer { index.tenant(id: $0) } == 0)
        #expect(Array("acm".utf8).withUnsafeBufferPointer { index.tenant(id: $0) } == nil)
    }

    @Test("an id given twice keeps its first tenant, as the text lookup does")
    func firstOccurrenceWins() {
        let index = TenantIndex(TenantDirectory(tenants: [Tenant(id: "dup", tier: "a"), Tenant(id: "dup", tier: "b")]))
        #expect(Array("dup".utf8).withUnsafeBufferPointer { index.tenant(id: $0) } == index.tenant(id: "dup"))
        #expect(index.tenant(id: "dup") == 0)
    }
}

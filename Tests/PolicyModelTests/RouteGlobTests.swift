import Testing
import PolicyModel

@Suite struct RouteGlobTests {
    // docs/simulation.md#fine-point-7-13
    @Test(arguments: [
        ("/api/*", "/api/x", true), ("/api/*", "/api/", true), ("/api/*", "/api", false), ("/api/**", "/api", true),
        ("/api/**", "/api/a/b/c", true), ("/api/**", "/apix", false), ("/api/intelligence/**", "/api/intelligence/predictions/revenue", true),
        ("/api/v*/users", "/api/v1/users", true), ("/api/v*/users", "/api/users", false), ("/api/*/x", "/api/a/b/x", false),
        ("/**/x", "/x", true), ("/**/x", "/a/b/x", true), ("/**/x", "/a/b/y", false), ("/API/*", "/api/x", false),
        ("/a/**/b/**/c", "/a/b/c", true), ("/a/**/b/**/c", "/a/x/b/y/z/c", true), ("/a/**/b/**/c", "/a/x/y/c", false),
        ("/f*o*o", "/foo", true), ("/f*o*o", "/fxoyo", true), ("/f*o*o", "/fo", false), ("/api/v1/tenant/usage", "/api/v1/tenant/usage", true),
        ("/api/v1/tenant/usage", "/api/v1/tenant/usage/", false), ("/**", "/", true), ("/**", "", true),
    ])
    func matches(_ pattern: String, _ path: String, _ expected: Bool) {
        #expect(RouteGlob(pattern).matches(path) == expected)
    }

    /// Pattern and path are split on the scalar `/` (and `*` is the scalar `*`), never on Characters: a
    /// combining mark right after `/` or `*` forms one Character with it, yet the bytes still hold the `/`.
    @Test(arguments: [
        ("/\u{301}x/*", "/\u{301}x/y", true), ("/\u{301}x/*", "/x/y", false), ("/\u{301}x", "/\u{301}x", true),
        ("/*\u{301}", "/a\u{301}", true), ("/*\u{301}", "/a", false), ("/a/\u{301}", "/a/\u{301}", true),
        ("/caf\u{E9}", "/cafe\u{301}", false),
    ])
    func matchesScalarsNotCharacters(_ pattern: String, _ path: String, _ expected: Bool) {
        #expect(RouteGlob(pattern).matches(path) == expected)
        #expect(RouteGlob(pattern).segments.count == pattern.unicodeScalars.filter { $0 == "/" }.count + 1)
    }
}

import Testing
import PolicyModel

@Suite struct RouteGlobTests {
    // simulation.md §7.13
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
}

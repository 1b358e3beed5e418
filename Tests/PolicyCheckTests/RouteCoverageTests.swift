import Testing
@testable import PolicyCheck
import PolicyModel

@Suite struct RouteCoverageTests {
    @Test(arguments: [
        ("/api/**", "/api/v1/*", true), ("/api/**", "/api", true), ("/**", "/anything/**", true), ("/api/*/x", "/api/a/x", true),
        ("/api/*", "/api/**", false), ("/api/v1/*", "/api/**", false), ("/api/a*", "/api/ab*", true), ("/api/ab*", "/api/a*", false),
        ("/api/*", "/api/*", true), ("/api/x", "/api/*", false), ("/a/**/c", "/a/b/**/c", true), ("/a/b/**/c", "/a/**/c", false),
        ("/api/*x", "/api/*y", false), ("/*/**", "/api/**", true),
    ])
    func covers(_ earlier: String, _ later: String, _ expected: Bool) {
        #expect(RouteGlob(earlier).covers(RouteGlob(later)) == expected)
    }
}

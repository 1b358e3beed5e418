import Testing

/// Starts one throwaway cluster for the whole suite it is attached to and stops it afterwards, also when a
/// test fails or throws. Tests reach it through ``PostgresCluster/current`` and each uses its own database.
struct ClusterTrait: SuiteTrait, TestScoping {
    var isRecursive: Bool { false }

    func scopeProvider(for test: Test, testCase: Test.Case?) -> ClusterTrait? {
        test.isSuite ? self : nil
    }

    func provideScope(for test: Test, testCase: Test.Case?, performing function: @Sendable () async throws -> Void)
        async throws
    {
        let cluster = try await PostgresCluster.start()
        do {
            try await PostgresCluster.$current.withValue(cluster) { try await function() }
        } catch {
            await cluster.stop()
            throw error
        }
        await cluster.stop()
    }
}

extension Trait where Self == ClusterTrait {
    /// A throwaway PostgreSQL cluster for the suite (see ``PostgresCluster``).
    static var postgresCluster: Self { ClusterTrait() }
}

/// Every test that talks to PostgreSQL lives in a suite nested in this one, so that one cluster serves them all.
@Suite(.postgresCluster)
struct PostgresTests {
    /// A fresh database for one test, named after it.
    static func database(_ name: String) async throws -> Database {
        guard let cluster = PostgresCluster.current else {
            throw HarnessError(description: "no cluster: the test must be nested in PostgresTests")
        }
        return try await cluster.createDatabase("tierc_" + name)
    }
}

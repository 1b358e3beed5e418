import Testing
import PolicyCompiler

@Test func compilerVersionIsSet() {
    #expect(!PolicyCompiler.version.isEmpty)
}

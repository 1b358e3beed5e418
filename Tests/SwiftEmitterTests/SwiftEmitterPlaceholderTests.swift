import Testing
import PolicyCompiler

@Test func compilerVersionIsSemantic() {
    #expect(PolicyCompiler.version.split(separator: ".").count == 3)
}

import FuzzSupport
import PolicyCheck
import PolicyDiff
import PolicySource

/// `tierc diff --set PATH=VALUE`: the input is up to 8 arguments, one per line, as the command line gives them
/// (text, so invalid UTF-8 is repaired as Swift's `CommandLine.arguments` repairs it). They are parsed, applied to a
/// fixed policy and the result checked and rendered, exactly as `tierc diff` does; every diagnostic must name a
/// place inside one of the two files.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzSetArgument(_ data: UnsafePointer<UInt8>?, _ size: Int) -> Int32 {
    let bytes = UnsafeBufferPointer(start: data, count: data == nil ? 0 : size)
    let arguments = bytes.split(separator: 0x0A, maxSplits: 7, omittingEmptySubsequences: false)
        .map { String(decoding: $0, as: UTF8.self) }
    let editor = PolicyEditor(arguments: arguments)
    let result = editor.check(policy: Fixture.policy)
    for diagnostic in result.diagnostics {
        let file = result.sources.first { $0.name == diagnostic.file }
        precondition(file != nil, "a diagnostic names a file that is not a source: \(diagnostic.file)")
    }
    _ = HumanRenderer().render(result)
    return 0
}

enum Fixture {
    static let policy = SourceFile(name: "tiers.yaml", text: """
        format: 1
        policy: fuzz
        currency: EUR
        meters:
          api_calls: { kind: counter }
          storage_gb: { kind: gauge }
        features:
          exports: {}
        routes:
          - { match: /api/exports/**, feature: exports, cost: 5 }
        tiers:
          free:
            price: 0
            limits:
              api_calls: { minute: 10, month: 1000 }
              storage_gb: 1
          team:
            extends: free
            price: 49
            features: [exports]
        """)
}

/// The process entry point `FuzzSetArgument_main` (FuzzSupport's `runLibFuzzer` says why).
@_cdecl("FuzzSetArgument_main")
public func entry(_ argc: Int32, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> Int32 {
    runLibFuzzer(argc, argv, fuzzSetArgument)
}

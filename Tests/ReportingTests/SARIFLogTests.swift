import Diagnostics
import Reporting
import Testing

/// The SARIF 2.1.0 log of Reporting as check, compile, inspect and diff fill it (docs/cli.md#findings,
/// docs/diff.md): rules and their indices, levels, results with and without a location, regions by lines or by
/// bytes, related locations, fixes, URIs. The schema itself is checked by scripts/validate-sarif.sh.
@Suite("SARIF log")
struct SARIFLogTests {
    static let range = SourceRange(start: SourceLocation(offset: 10, line: 2, column: 3),
                                   end: SourceLocation(offset: 14, line: 2, column: 7), in: .none)
    static let rules = [
        SARIFLog.Rule(id: "tier-added", shortDescription: "A tier only NEW has.", fullDescription: "Full.", help: "Help.", level: .note),
        SARIFLog.Rule(id: "price-increased", shortDescription: "A dearer tier.", fullDescription: "Full text.", help: "See docs.",
                      level: .error),
    ]

    /// What `tierc diff` writes for a breaking change with no place (a `--set` argument, a snapshot): a result
    /// with its rule's index and an empty `locations`.
    @Test func aResultWithoutAPlaceHasEmptyLocations() {
        let log = SARIFLog(toolVersion: "9.9", rules: Self.rules,
                           results: [SARIFLog.Result(ruleID: "price-increased", level: .error, message: "up (`tiers.starter.price`)",
                                                     place: nil)])
        #expect(log.serialized() == """
            {
              "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
              "version": "2.1.0",
              "runs": [
                {
                  "tool": {
                    "driver": {
                      "name": "tierc",
                      "version": "9.9",
                      "informationUri": "https://github.com/tierc/tierc",
                      "rules": [
                        {
                          "id": "tier-added",
                          "shortDescription": {
                            "text": "A tier only NEW has."
                          },
                          "fullDescription": {
                            "text": "Full."
                          },
                          "help": {
                            "text": "Help."
                          },
                          "defaultConfiguration": {
                            "level": "note"
                          }
                        },
                        {
                          "id": "price-increased",
                          "shortDescription": {
                            "text": "A dearer tier."
                          },
                          "fullDescription": {
                            "text": "Full text."
                          },
                          "help": {
                            "text": "See docs."
                          },
                          "defaultConfiguration": {
                            "level": "error"
                          }
                        }
                      ]
                    }
                  },
                  "columnKind": "unicodeCodePoints",
                  "results": [
                    {
                      "ruleId": "price-increased",
                      "ruleIndex": 1,
                      "level": "error",
                      "message": {
                        "text": "up (`tiers.starter.price`)"
                      },
                      "locations": []
                    }
                  ]
                }
              ]
            }

            """)
    }

    /// A rule that the log does not list gets no `ruleIndex`; a run without results has `"results": []`.
    @Test func ruleIndexOnlyForListedRules() throws {
        let unlisted = SARIFLog(toolVersion: "1", rules: Self.rules,
                                results: [SARIFLog.Result(ruleID: "other", level: .warning, message: "m", place: nil)])
        #expect(!unlisted.serialized().contains("ruleIndex"))
        #expect(unlisted.serialized().contains("\"level\": \"warning\""))
        #expect(SARIFLog(toolVersion: "1", rules: [], results: []).serialized().contains("\"results\": []"))
    }

    @Test func aLocatedResultWithRelatedPlacesAndAFix() {
        let place = SARIFLog.Place(file: "new tiers.yaml", range: Self.range)
        let result = SARIFLog.Result(ruleID: "tier-added", level: .note, message: "m", place: place,
                                     related: [SARIFLog.Place(file: "<stdin>", range: Self.range, message: "first here")],
                                     fixes: [SARIFLog.Fix(description: "replace", place: place, replacement: "limits")])
        let text = SARIFLog(toolVersion: "1", rules: Self.rules, results: [result]).serialized()
        #expect(text.contains("""
                      "locations": [
                        {
                          "physicalLocation": {
                            "artifactLocation": {
                              "uri": "new%20tiers.yaml"
                            },
                            "region": {
                              "startLine": 2,
                              "startColumn": 3,
                              "endLine": 2,
                              "endColumn": 7
                            }
                          }
                        }
                      ],
                      "relatedLocations": [
                        {
                          "id": 1,
                          "physicalLocation": {
                            "artifactLocation": {
                              "uri": "%3Cstdin%3E"
                            },
            """))
        #expect(text.contains("\"message\": {\n                \"text\": \"first here\"\n              }"))
        #expect(text.contains("\"insertedContent\": {\n                        \"text\": \"limits\""))
        #expect(text.contains("\"deletedRegion\": {\n                        \"startLine\": 2,"))
    }

    /// A binary file (a snapshot) is located by `byteOffset` and `byteLength`, never by lines.
    @Test func aPlaceInABinaryFileHasAByteRegion() {
        let result = SARIFLog.Result(ruleID: "x", level: .error, message: "m",
                                     place: SARIFLog.Place(file: "p.tierc", bytes: ByteSpan(offset: 120, length: 32)))
        let text = SARIFLog(toolVersion: "1", rules: [], results: [result]).serialized()
        #expect(text.contains("\"region\": {\n                  \"byteOffset\": 120,\n                  \"byteLength\": 32\n                }"))
        #expect(!text.contains("startLine"))
    }

    /// The findings renderer is the same log: the catalogue's rules, each diagnostic's level and place.
    @Test func findingsFillTheSameLog() {
        let warning = Diagnostic(.warning, "unknown-key", "unknown key", file: "tiers.yaml", range: Self.range,
                                 notes: [DiagnosticNote("unplaced"), DiagnosticNote("placed", range: Self.range)])
        let log = SARIFRenderer(toolVersion: "1").log([warning])
        #expect(log.rules == SARIFRenderer.rules)
        #expect(log.results == [SARIFLog.Result(ruleID: "unknown-key", level: .warning, message: "unknown key (note: unplaced)",
                                                place: SARIFLog.Place(file: "tiers.yaml", range: Self.range),
                                                related: [SARIFLog.Place(file: "tiers.yaml", range: Self.range, message: "placed")])])
        #expect(SARIFRenderer(toolVersion: "1").render(Findings([warning])) == log.serialized())
    }
}

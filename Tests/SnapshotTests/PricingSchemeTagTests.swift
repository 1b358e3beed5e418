import Testing

@testable import SnapshotCodec

/// The reader's error for an unknown pricing scheme tag lists the tags from `PricingSchemeTag` itself
/// (docs/pricing-models.md#snapshot), in the words it has always used.
@Suite("Pricing scheme tags in the reader's errors")
struct PricingSchemeTagTests {
    @Test func theUnknownTagErrorNamesEveryTag() {
        #expect(PricingSchemeTag.expected == "0 (unit), 1 (graduated), 2 (volume) or 3 (package)")
    }
}

/// The keys of a meter (docs/policy-format.md#meters): spelt once here for the decoder, the JSON Schema and the
/// change paths.
public enum MeterKey: String, CaseIterable, Hashable, Sendable {
    case kind, unit
}

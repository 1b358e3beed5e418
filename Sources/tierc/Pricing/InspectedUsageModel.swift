import PolicyCheck
import PolicyModel

/// A usage price model as `tierc inspect` shows it (docs/pricing-models.md#reports, docs/cli.md): a line for
/// people and the model's keys of the JSON object. No defaults: ``SnapshotReport``'s one switch over the models
/// does not compile until a new one is here.
protocol InspectedUsageModel: UsagePriceModel {
    /// The price for people with `per` (`per 1000`), before `, N free`.
    func inspectText(per: String) -> String
    /// The model's keys of the price's JSON object, after `per` and before `free`.
    var inspectJSON: [(String, JSONValue)] { get }
}

extension PriceBand {
    /// `up to 1000 at 0.02`, `+ 5 flat` with a flat fee: a band in `tierc inspect`'s text.
    var inspectText: String { "up to \(upTo) at \(price)" + (flat.isZero ? "" : " + \(flat) flat") }

    /// `{"up_to": "1000", "price": "0.02"}`, with `flat` when there is one.
    var inspectJSON: JSONValue {
        .object([("up_to", .string(upTo.description)), ("price", .string(price.description))]
                + (flat.isZero ? [] : [("flat", .string(flat.description))]))
    }
}

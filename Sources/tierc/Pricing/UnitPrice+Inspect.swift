import PolicyCheck
import PolicyModel

/// The unit form in `tierc inspect`: `0.01 per 1000`; `"flat": "0.01"`.
extension UnitPrice: InspectedUsageModel {
    func inspectText(per: String) -> String { "\(price) \(per)" }

    var inspectJSON: [(String, JSONValue)] { [("flat", .string(price.description))] }
}

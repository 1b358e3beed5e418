import PolicyCheck
import PolicyModel

/// A package price in `tierc inspect`: `5 per package of 100`; `"package": 100, "price": "5"`.
extension PackagePrice: InspectedUsageModel {
    func inspectText(per: String) -> String { "\(price) per package of \(size)" }

    var inspectJSON: [(String, JSONValue)] { [("package", .int(Int(size))), ("price", .string(price.description))] }
}

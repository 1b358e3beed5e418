import PolicyCheck
import PolicyModel

/// A graduated price in `tierc inspect`: `graduated per 1: up to 1000 at 0.02, …`; `"graduated": [bands]`.
extension GraduatedPrice: InspectedUsageModel {
    func inspectText(per: String) -> String {
        "graduated \(per): " + bands.map(\.inspectText).joined(separator: ", ")
    }

    var inspectJSON: [(String, JSONValue)] { [("graduated", .array(bands.map(\.inspectJSON)))] }
}

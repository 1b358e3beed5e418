import PolicyCheck
import PolicyModel

/// A volume price in `tierc inspect`: `volume per 1: up to 1000 at 0.02, …`; `"volume": [bands]`.
extension VolumePrice: InspectedUsageModel {
    func inspectText(per: String) -> String {
        "volume \(per): " + bands.map(\.inspectText).joined(separator: ", ")
    }

    var inspectJSON: [(String, JSONValue)] { [("volume", .array(bands.map(\.inspectJSON)))] }
}

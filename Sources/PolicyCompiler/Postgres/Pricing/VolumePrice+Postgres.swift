import PolicyModel

/// A volume price's row: scheme `volume`, its bands in `tierc.price_bands`.
extension VolumePrice: PostgresPricedModel {
    var sqlColumns: PostgresPriceColumns { PostgresPriceColumns(bands: bands) }
}

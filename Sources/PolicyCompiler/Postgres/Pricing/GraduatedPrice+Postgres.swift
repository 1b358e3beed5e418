import PolicyModel

/// A graduated price's row: scheme `graduated`, its bands in `tierc.price_bands`.
extension GraduatedPrice: PostgresPricedModel {
    var sqlColumns: PostgresPriceColumns { PostgresPriceColumns(bands: bands) }
}

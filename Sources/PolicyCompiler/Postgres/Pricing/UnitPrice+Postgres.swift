import PolicyModel

/// The unit form's row: scheme `flat`, its price in `flat_price`.
extension UnitPrice: PostgresPricedModel {
    var sqlColumns: PostgresPriceColumns { PostgresPriceColumns(flatPrice: .decimal(price)) }
}

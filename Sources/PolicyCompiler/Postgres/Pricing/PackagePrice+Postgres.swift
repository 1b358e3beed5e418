import PolicyModel

/// A package price's row: scheme `package`, the price of a package in `flat_price`, the size in `package_size`.
extension PackagePrice: PostgresPricedModel {
    var sqlColumns: PostgresPriceColumns { PostgresPriceColumns(flatPrice: .decimal(price), packageSize: .integer(size)) }
}

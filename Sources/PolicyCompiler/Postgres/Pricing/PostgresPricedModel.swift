import PolicyModel

/// A usage price model in the generated SQL (docs/pricing-models.md#postgresql, docs/postgres.md): its row of
/// `tierc.usage_prices` (the `scheme` column is the model's ``UsagePriceModel/name``) and its rows of
/// `tierc.price_bands`. `tierc.usage_amount` in SQL/usage_amount.sql prices each `scheme` and
/// SQL/usage_price_constraints.fragment.sql lists the schemes and their columns: a new model is added there too.
protocol PostgresPricedModel: UsagePriceModel {
    /// The `flat_price` and `package_size` columns (NULL when the model has none) and the bands (none for most).
    var sqlColumns: PostgresPriceColumns { get }
}

/// The model-specific columns of one `tierc.usage_prices` row and its `tierc.price_bands` rows.
struct PostgresPriceColumns: Sendable, Hashable {
    var flatPrice: SQLValue = .null
    var packageSize: SQLValue = .null
    var bands: [PriceBand] = []
}

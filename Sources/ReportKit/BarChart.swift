internal import PolicyModel

/// A bar chart as inline SVG, followed by the table of its numbers (visually hidden, read by screen readers):
/// axes, tick labels, a legend, bars stacked (one bar per category, a segment per series) or grouped (bars side
/// by side). Colours are the Okabe–Ito palette, safe for the common colour-vision deficiencies, and every series
/// after the first also has its own pattern, so no reading depends on colour alone. Values are whole numbers of
/// units (counts, or minor units of a currency: `fractionDigits` says how many digits are decimals); pixel
/// geometry is integer arithmetic, and every number shown is exact (never a binary float). Same chart, same
/// bytes.
public struct BarChart: Sendable {
    public enum Layout: Sendable { case stacked, grouped }

    /// A prefix for the chart's element ids (its patterns), unique in the page.
    public var id: String
    public var title: String
    public var categories: [String]
    public var series: [String]
    /// `values[category][series]`, in units.
    public var values: [[Int128]]
    /// Digits after the decimal point of a value (2 for cents of USD, 0 for counts).
    public var fractionDigits: Int
    public var layout: Layout
    /// The names of the axes.
    public var xTitle: String
    public var yTitle: String
    /// Palette indices per series (default: 0, 1, 2, …).
    public var colors: [Int]?

    public init(id: String, title: String, categories: [String], series: [String], values: [[Int128]],
                fractionDigits: Int = 0, layout: Layout = .stacked, xTitle: String, yTitle: String, colors: [Int]? = nil) {
        self.id = id
        self.title = title
        self.categories = categories
        self.series = series
        self.values = values
        self.fractionDigits = fractionDigits
        self.layout = layout
        self.xTitle = xTitle
        self.yTitle = yTitle
        self.colors = colors
    }

    /// The Okabe–Ito palette (Okabe and Ito, 2008), black last.
    public static let palette = ["#0072B2", "#E69F00", "#009E73", "#D55E00", "#CC79A7", "#56B4E9", "#F0E442", "#000000"]

    /// A value as the JSON report writes it (`1256.67`, `-3.00`, `17`).
    public func exact(_ value: Int128) -> String {
        ExactDecimal(significand: value, scale: fractionDigits).formatted(fractionDigits: fractionDigits)
    }

    /// A value for people: exact, with thousands separators.
    public func shown(_ value: Int128) -> String { Grouping.decimal(exact(value)) }

    static let width = 760
    static let height = 320
    static let left = 96
    static let right = 12
    static let top = 34
    static let bottom = 58

    /// The figure: a caption, the SVG, and the table of the numbers.
    public func node() -> HTMLNode {
        el("figure", ["class": "chart", "id": id],
           el("figcaption", ["id": id + "-title"], text(title)),
           svg(),
           table())
    }

    /// The highest value the axis must reach, and the tick step: 1, 2 or 5 times a power of ten units.
    func scale() -> (top: Int128, step: Int128) {
        var maximum: Int128 = 0
        for row in values {
            switch layout {
            case .stacked: maximum = max(maximum, row.reduce(0) { $0 + max($1, 0) })
            case .grouped: maximum = max(maximum, row.map { max($0, 0) }.max() ?? 0)
            }
        }
        if maximum <= 0 { maximum = ExactDecimal.powerOfTen(fractionDigits) ?? 1 }
        var power: Int128 = 1
        while power * 10 <= maximum / 5 { power *= 10 }
        var step = power
        for factor: Int128 in [1, 2, 5, 10] where power * factor * 5 >= maximum {
            step = power * factor
            break
        }
        if step * 5 < maximum { step = power * 10 }
        let ticks = (maximum + step - 1) / step
        return (ticks * step, step)
    }

    func fill(_ series: Int) -> String { "url(#\(id)-p\(series))" }

    func color(_ series: Int) -> String {
        let index = colors.map { series < $0.count ? $0[series] : series } ?? series
        return Self.palette[index % Self.palette.count]
    }

    /// One pattern per series: its colour, and for series after the first a white texture (diagonal lines,
    /// dots, cross-hatch, horizontal lines, …).
    func patterns() -> HTMLNode {
        let marks: [[HTMLNode]] = [
            [],
            [el("path", ["d": "M0,8 L8,0", "stroke": "#fff", "stroke-width": "1.6"])],
            [el("circle", ["cx": "4", "cy": "4", "r": "1.5", "fill": "#fff"])],
            [el("path", ["d": "M0,8 L8,0 M0,0 L8,8", "stroke": "#fff", "stroke-width": "1.2"])],
            [el("path", ["d": "M0,4 L8,4", "stroke": "#fff", "stroke-width": "1.6"])],
            [el("path", ["d": "M4,0 L4,8", "stroke": "#fff", "stroke-width": "1.6"])],
            [el("path", ["d": "M0,0 L8,8", "stroke": "#fff", "stroke-width": "1.6"])],
            [el("rect", ["x": "2", "y": "2", "width": "3", "height": "3", "fill": "#fff"])],
        ]
        return el("defs", [:], children: series.indices.map { index in
            el("pattern", attributes: [("id", "\(id)-p\(index)"), ("width", "8"), ("height", "8"),
                                       ("patternUnits", "userSpaceOnUse")],
               children: [el("rect", attributes: [("width", "8"), ("height", "8"), ("fill", color(index))], children: [])]
                   + marks[index % marks.count])
        })
    }

    func svg() -> HTMLNode {
        let (topValue, step) = scale()
        let plotWidth = Self.width - Self.left - Self.right
        let plotHeight = Self.height - Self.top - Self.bottom
        func y(_ value: Int128) -> Int { Self.top + plotHeight - Int(Int128(plotHeight) * max(value, 0) / topValue) }
        var nodes: [HTMLNode] = [patterns()]

        // Legend, left to right above the plot.
        var legendX = Self.left
        for (index, name) in series.enumerated() {
            nodes.append(el("rect", attributes: [("x", String(legendX)), ("y", "8"), ("width", "14"), ("height", "14"),
                                                 ("fill", fill(index)), ("stroke", "#333"), ("stroke-width", "0.5")], children: []))
            nodes.append(el("text", attributes: [("x", String(legendX + 19)), ("y", "19")], children: [text(name)]))
            legendX += 19 + 7 * name.count + 18
        }

        // Grid lines and tick labels of the value axis.
        var tick: Int128 = 0
        while tick <= topValue {
            let position = y(tick)
            nodes.append(el("line", attributes: [("x1", String(Self.left)), ("x2", String(Self.left + plotWidth)),
                                                 ("y1", String(position)), ("y2", String(position)),
                                                 ("stroke", tick == 0 ? "#333" : "#ddd")], children: []))
            nodes.append(el("text", attributes: [("x", String(Self.left - 6)), ("y", String(position + 4)),
                                                 ("text-anchor", "end")], children: [text(shown(tick))]))
            tick += step
        }
        nodes.append(el("line", attributes: [("x1", String(Self.left)), ("x2", String(Self.left)), ("y1", String(Self.top)),
                                             ("y2", String(Self.top + plotHeight)), ("stroke", "#333")], children: []))

        // Bars.
        let count = max(categories.count, 1)
        let slot = plotWidth / count
        let barWidth = max(1, slot * 7 / 10)
        // Every n-th category is labelled, n such that labels (about 6.5 pixels a character) never overlap.
        let widest = categories.map(\.count).max() ?? 0
        let labelEvery = max(1, (widest * 13 / 2 + 10 + slot - 1) / max(slot, 1))
        for (index, category) in categories.enumerated() {
            let x0 = Self.left + index * slot + (slot - barWidth) / 2
            var running: Int128 = 0
            for (seriesIndex, name) in series.enumerated() {
                let value = index < values.count && seriesIndex < values[index].count ? values[index][seriesIndex] : 0
                guard value > 0 else { continue }
                let (x, width, low, high): (Int, Int, Int128, Int128)
                switch layout {
                case .stacked:
                    (x, width, low, high) = (x0, barWidth, running, running + value)
                    running += value
                case .grouped:
                    let each = max(1, barWidth / max(series.count, 1))
                    (x, width, low, high) = (x0 + seriesIndex * each, each, 0, value)
                }
                let yHigh = y(high)
                let yLow = y(low)
                nodes.append(el("rect", attributes: [("x", String(x)), ("y", String(yHigh)), ("width", String(width)),
                                                     ("height", String(max(yLow - yHigh, 1))), ("fill", fill(seriesIndex))],
                                children: [el("title", [:], text("\(category), \(name): \(shown(value))"))]))
            }
            if index % labelEvery == 0 {
                nodes.append(el("text", attributes: [("x", String(x0 + barWidth / 2)), ("y", String(Self.top + plotHeight + 16)),
                                                     ("text-anchor", "middle")], children: [text(category)]))
            }
        }
        nodes.append(el("text", attributes: [("x", String(Self.left + plotWidth / 2)), ("y", String(Self.height - 8)),
                                             ("text-anchor", "middle")], children: [text(xTitle)]))
        nodes.append(el("text", attributes: [("x", "12"), ("y", String(Self.top + plotHeight / 2)), ("text-anchor", "middle"),
                                             ("transform", "rotate(-90 12 \(Self.top + plotHeight / 2))")],
                        children: [text(yTitle)]))
        return el("svg", attributes: [("viewBox", "0 0 \(Self.width) \(Self.height)"), ("width", String(Self.width)),
                                      ("height", String(Self.height)), ("role", "img"), ("aria-labelledby", id + "-title")],
                  children: nodes)
    }

    /// The chart's numbers: one row per category, one column per series, and the total when stacked. Each
    /// cell's `data-value` is the exact value as the JSON report writes it.
    func table() -> HTMLNode {
        var header = [el("th", ["scope": "col"], text(xTitle))]
        header += series.map { el("th", attributes: [("scope", "col"), ("class", "num")], children: [text($0)]) }
        if layout == .stacked { header.append(el("th", ["scope": "col", "class": "num"], text("total"))) }
        let rows = categories.enumerated().map { index, category -> HTMLNode in
            let row = index < values.count ? values[index] : []
            var cells = [el("th", ["scope": "row"], text(category))]
            cells += series.indices.map { seriesIndex in
                let value = seriesIndex < row.count ? row[seriesIndex] : 0
                return el("td", attributes: [("class", "num"), ("data-value", exact(value))], children: [text(shown(value))])
            }
            if layout == .stacked {
                let total = row.reduce(0, +)
                cells.append(el("td", attributes: [("class", "num"), ("data-value", exact(total))], children: [text(shown(total))]))
            }
            return el("tr", [:], children: cells)
        }
        return el("table", ["class": "sr-only chart-data", "data-chart": id],
                  el("caption", [:], text(title + " (" + yTitle + ")")),
                  el("thead", [:], el("tr", [:], children: header)),
                  el("tbody", [:], children: rows))
    }
}

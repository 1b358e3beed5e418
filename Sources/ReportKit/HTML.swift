import PolicyModel

/// A small structured HTML (and inline SVG) document: elements, attributes and text, rendered by one function
/// that escapes every text and attribute value. Reports build nodes, never markup strings.
public indirect enum HTMLNode: Sendable, Hashable {
    /// An element: its name, its attributes in the order given, its children.
    case element(String, [(String, String)], [HTMLNode])
    /// Text, escaped when rendered.
    case text(String)
    /// The text of a `<style>` or `<script>` element: tierc's own constants, never data; rendered as is after
    /// checking that it cannot close its element.
    case code(String)

    public static func == (lhs: HTMLNode, rhs: HTMLNode) -> Bool { lhs.rendered() == rhs.rendered() }
    public func hash(into hasher: inout Hasher) { hasher.combine(rendered()) }

    /// Elements without an end tag.
    static let void: Set<String> = ["meta", "br", "hr", "img", "input", "link", "col"]

    /// The node's markup.
    public func rendered() -> String {
        var out = ""
        render(into: &out)
        return out
    }

    public func render(into out: inout String) {
        switch self {
        case .text(let text):
            out += Self.escape(text)
        case .code(let code):
            precondition(!code.lowercased().contains("</"), "inline code must not contain `</`")
            out += code
        case .element(let name, let attributes, let children):
            out += "<" + name
            for (key, value) in attributes { out += " " + key + "=\"" + Self.escape(value) + "\"" }
            out += ">"
            if Self.void.contains(name) { return }
            for child in children { child.render(into: &out) }
            out += "</" + name + ">"
        }
    }

    /// The start tag of an element whose children are written one at a time (a long table's rows), escaped
    /// like ``rendered()``; ``endTag(_:)`` closes it.
    public static func startTag(_ name: String, _ attributes: [(String, String)] = []) -> String {
        var out = "<" + name
        for (key, value) in attributes { out += " " + key + "=\"" + escape(value) + "\"" }
        return out + ">"
    }

    public static func endTag(_ name: String) -> String { "</" + name + ">" }

    /// `&`, `<`, `>`, `"` and `'` as character references. Scalar by scalar, as a browser reads them: a quote
    /// followed by a combining mark is one Character in Swift but still ends an attribute value.
    public static func escape(_ text: String) -> String {
        text.escapingScalars { scalar in
            switch scalar {
            case "&": "&amp;"
            case "<": "&lt;"
            case ">": "&gt;"
            case "\"": "&quot;"
            case "'": "&#39;"
            default: nil
            }
        }
    }
}

/// Shorthands for building nodes: `el("td", ["class": "num"], .text("12"))`.
public func el(_ name: String, _ attributes: KeyValuePairs<String, String> = [:], _ children: HTMLNode...) -> HTMLNode {
    .element(name, attributes.map { ($0.key, $0.value) }, children)
}

public func el(_ name: String, _ attributes: KeyValuePairs<String, String> = [:], children: [HTMLNode]) -> HTMLNode {
    .element(name, attributes.map { ($0.key, $0.value) }, children)
}

public func el(_ name: String, attributes: [(String, String)], children: [HTMLNode]) -> HTMLNode {
    .element(name, attributes, children)
}

public func text(_ value: String) -> HTMLNode { .text(value) }

/// A self-contained HTML page: a strict Content-Security-Policy (nothing may be fetched: no image, font,
/// stylesheet, script or connection; only the inline style and script), inline CSS, the body's nodes, and a
/// few lines of inline script for sorting, searching and expanding tables. Everything works without the
/// script except sorting and searching; invoice lines use `<details>`.
public struct HTMLPage {
    public var title: String
    public var body: [HTMLNode]

    public init(title: String, body: [HTMLNode]) {
        self.title = title
        self.body = body
    }

    /// The Content-Security-Policy of every page tierc writes.
    public static let contentSecurityPolicy =
        "default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'"

    /// The page's head and the opening of its body, then `body` rendered, then the closing tags: written to
    /// `sink` in pieces, with the nodes of `rows` (a long table's rows) rendered one at a time.
    public func head() -> String {
        "<!DOCTYPE html>\n<html lang=\"en\">" + el("head", [:],
            el("meta", ["charset": "utf-8"]),
            el("meta", ["http-equiv": "Content-Security-Policy", "content": Self.contentSecurityPolicy]),
            el("meta", ["name": "viewport", "content": "width=device-width, initial-scale=1"]),
            el("title", [:], text(title)),
            el("style", [:], .code(Self.css))
        ).rendered() + "<body>\n"
    }

    public func tail() -> String {
        el("script", [:], .code(Self.script)).rendered() + "\n</body></html>\n"
    }

    /// The whole page as one string.
    public func rendered() -> String {
        var out = head()
        for node in body { node.render(into: &out); out += "\n" }
        return out + tail()
    }

    static let css = """
    body{font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;margin:24px auto;max-width:1100px;\
    padding:0 16px;color:#1b1b1b;background:#fff}
    h1{font-size:22px;margin:0 0 4px}h2{font-size:18px;margin:28px 0 8px;border-bottom:1px solid #ddd;padding-bottom:4px}
    .sub{color:#555;margin:0 0 16px}
    .cards{display:flex;flex-wrap:wrap;gap:12px}
    .card{border:1px solid #ddd;border-radius:6px;padding:10px 14px;min-width:150px}
    .card .label{color:#555;font-size:12px}.card .value{font-size:20px;font-weight:600}
    table{border-collapse:collapse;margin:8px 0}th,td{padding:3px 8px;border-bottom:1px solid #eee;text-align:left;\
    vertical-align:top}
    th{background:#f6f6f6}td.num,th.num{text-align:right;font-variant-numeric:tabular-nums}
    th[data-sort]{cursor:pointer}th[data-sort]::after{content:" \\2195";color:#999}
    figure{margin:8px 0 16px}figcaption{font-weight:600;margin-bottom:4px}
    .sr-only{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0);white-space:nowrap}
    details summary{cursor:pointer;color:#0072B2}
    .neg{color:#0072B2}.pos{color:#D55E00}
    input[type=search]{padding:4px 8px;margin:4px 0;width:260px}
    svg text{font:11px system-ui,sans-serif;fill:#1b1b1b}
    """

    static let script = """
    function tiercCmp(x,y,numeric){if(!numeric)return x.localeCompare(y);if(x===""||y==="")return x===""?(y===""?0:-1):1;
    var nx=x[0]==="-",ny=y[0]==="-";if(nx!==ny)return nx?-1:1;var a=x.replace("-","").split("."),b=y.replace("-","").split(".");
    var r=a[0].length-b[0].length||(a[0]<b[0]?-1:a[0]>b[0]?1:0);if(!r){var fa=a[1]||"",fb=b[1]||"",l=Math.max(fa.length,fb.length);
    fa=fa.padEnd(l,"0");fb=fb.padEnd(l,"0");r=fa<fb?-1:fa>fb?1:0;}return nx?-r:r;}
    document.querySelectorAll("th[data-sort]").forEach(function(th){th.addEventListener("click",function(){
    var table=th.closest("table"),body=table.tBodies[0],index=Array.prototype.indexOf.call(th.parentNode.children,th);
    var numeric=th.dataset.sort==="num",asc=th.dataset.dir!=="asc";th.dataset.dir=asc?"asc":"desc";
    var rows=Array.prototype.slice.call(body.rows);rows.sort(function(a,b){var c=a.cells[index],d=b.cells[index];
    var r=tiercCmp(c.dataset.value!==undefined?c.dataset.value:c.textContent,d.dataset.value!==undefined?d.dataset.value:d.textContent,numeric);
    return asc?r:-r;});rows.forEach(function(r){body.appendChild(r);});});});
    document.querySelectorAll("input[data-filter]").forEach(function(input){input.hidden=false;
    input.addEventListener("input",function(){var q=input.value.toLowerCase();
    document.getElementById(input.dataset.filter).tBodies[0].querySelectorAll("tr").forEach(function(r){
    r.hidden=q!==""&&r.textContent.toLowerCase().indexOf(q)<0;});});});
    """
}

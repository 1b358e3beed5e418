/// Builds the ``YAMLNode`` tree from libyaml's events with an explicit stack (never recursion), enforcing the
/// budgets and the strict subset, and collecting diagnostics.
///
/// Problems outside the subset (tags, merge keys, duplicate or non-scalar keys) are recorded and parsing goes on;
/// a syntax error or an exceeded budget is fatal: it is recorded and ``isFinished`` turns true at once.
struct YAMLComposer {
    private let source: SourceFile
    private let budget: YAMLBudget
    private var marks: MarkTable

    private(set) var diagnostics: [Diagnostic] = []
    /// True after the stream's end or a fatal problem: feed no more events.
    private(set) var isFinished = false
    private var failed = false

    private var stack: [Frame] = []
    private var anchors: [String: Anchored] = [:]
    private var root: YAMLNode?
    private var firstDocument: SourceRange?
    private var documentCount = 0
    private var aliasCount = 0
    /// Nodes so far, counting every alias as the full size of what it repeats.
    private var nodeCount = 0

    /// A collection being built.
    private struct Frame {
        var isMapping: Bool
        var isFlow: Bool
        var start: SourceLocation
        /// The end of the start event: `[`, `{`, or the properties before a block collection.
        var headerEnd: SourceLocation
        var anchor: String?
        var items: [YAMLNode] = []
        var pairs: [YAMLPair] = []
        /// A mapping's key waiting for its value.
        var pendingKey: YAMLNode?
        var pendingKeyNodes = 0
        /// False when the pending key is rejected (duplicate, merge key, not a scalar): its pair is dropped.
        var keepsPendingPair = true
        /// Each key's text and where it was first written, once the mapping is too big to search its pairs.
        var keyIndex: [String: SourceRange]?
        /// This collection's node count after alias expansion, itself included.
        var expandedNodes = 1
        /// The levels of collections from this one down to its deepest, after alias expansion (1 when flat).
        var height = 1
        /// Where the text of the last child ends (an alias's own text, not its anchor's).
        var lastChildEnd: SourceLocation?
    }

    private struct Anchored {
        var node: YAMLNode
        var expandedNodes: Int
        /// 0 for a scalar; see ``Frame/height``.
        var height: Int
    }

    init(source: SourceFile, budget: YAMLBudget, marks: MarkTable) {
        self.source = source
        self.budget = budget
        self.marks = marks
    }

    // MARK: Events

    mutating func consume(_ event: LibYAMLEvent) {
        guard !isFinished else { return }
        switch event {
        case .streamStart, .documentEnd:
            break
        case .streamEnd:
            isFinished = true
        case .documentStart(let start, let end):
            documentCount += 1
            let range = range(start, end)
            if documentCount > 1 {
                fail(.multipleDocuments(source, at: range))
            } else {
                firstDocument = range
            }
        case .scalar(let value, let byteCount, let style, let properties, let start, let end):
            scalar(value, byteCount: byteCount, style: style, properties, start: start, end: end)
        case .alias(let name, let start, let end):
            alias(name, range: range(start, end))
        case .sequenceStart(let properties, let isFlow, let start, let end):
            startCollection(isMapping: false, isFlow: isFlow, properties, start: start, end: end)
        case .mappingStart(let properties, let isFlow, let start, let end):
            startCollection(isMapping: true, isFlow: isFlow, properties, start: start, end: end)
        case .sequenceEnd(_, let end), .mappingEnd(_, let end):
            endCollection(end: end)
        }
    }

    /// Records the error that stopped libyaml.
    mutating func fail(with error: LibYAMLError) {
        guard !isFinished else { return }
        fail(.syntax(error, source: source, marks: marks))
    }

    /// The document built so far: the root unless a fatal problem was found, and every diagnostic.
    func makeDocument() -> YAMLDocument {
        var diagnostics = diagnostics
        var root = failed ? nil : root
        if !failed {
            if documentCount == 0 {
                diagnostics.append(.noDocument(source))
            } else if let node = root, case .scalar("", .plain) = node.content {
                diagnostics.append(.emptyDocument(source, at: firstDocument ?? source.startRange))
                root = nil
            } else if root == nil {
                diagnostics.append(.noDocument(source))
            }
        }
        return YAMLDocument(source: source, root: root, diagnostics: diagnostics)
    }

    private mutating func scalar(
        _ value: String?, byteCount: Int, style: ScalarStyle, _ properties: LibYAMLProperties,
        start: LibYAMLMark, end: LibYAMLMark
    ) {
        var range = range(start, end)
        if style == .literal || style == .folded {
            range.end = trimmedEnd(of: range, endIndex: end.index)
        }
        guard let value else {
            return fail(.scalarLimit(source, byteCount: byteCount, limit: budget.maxScalarBytes, at: range))
        }
        guard count(nodes: 1, byAlias: false, at: range) else { return }
        if let tag = properties.tag { reportTag(tag, nodeStart: range.start, fallback: range) }
        let node = YAMLNode(.scalar(value, style), range: range)
        if let anchor = properties.anchor { anchors[anchor] = Anchored(node: node, expandedNodes: 1, height: 0) }
        deliver(node, expandedNodes: 1, height: 0, writtenAt: range)
    }

    private mutating func alias(_ name: String, range: SourceRange) {
        aliasCount += 1
        guard aliasCount <= budget.maxAliases else {
            return fail(.aliasLimit(source, limit: budget.maxAliases, at: range))
        }
        if let open = stack.last(where: { $0.anchor == name }) {
            let anchor = source.range(open.start, open.headerEnd)
            return fail(.recursiveAlias(source, name: name, at: range, anchor: anchor))
        }
        guard let anchored = anchors[name] else {
            return fail(.undefinedAlias(source, name: name, at: range))
        }
        // What an alias repeats nests as deep as the original below the alias's place: without this check, a chain
        // of anchors, each nesting the previous alias a few levels down, builds a tree deep enough to overflow the
        // stack of any recursive walk (even deinit) within the other budgets.
        guard stack.count + anchored.height <= budget.maxDepth else {
            return fail(.depthLimit(source, limit: budget.maxDepth, byAlias: true, at: range))
        }
        guard count(nodes: anchored.expandedNodes, byAlias: true, at: range) else { return }
        deliver(anchored.node, expandedNodes: anchored.expandedNodes, height: anchored.height, writtenAt: range)
    }

    private mutating func startCollection(
        isMapping: Bool, isFlow: Bool, _ properties: LibYAMLProperties, start: LibYAMLMark, end: LibYAMLMark
    ) {
        let header = range(start, end)
        guard stack.count < budget.maxDepth else {
            return fail(.depthLimit(source, limit: budget.maxDepth, at: header))
        }
        guard count(nodes: 1, byAlias: false, at: header) else { return }
        if let tag = properties.tag { reportTag(tag, nodeStart: header.start, fallback: header) }
        stack.append(Frame(
            isMapping: isMapping, isFlow: isFlow, start: header.start, headerEnd: header.end,
            anchor: properties.anchor))
    }

    private mutating func endCollection(end: LibYAMLMark) {
        guard let frame = stack.popLast() else { return }
        // A block collection ends where libyaml sees the dedent, often lines later; end it at its last child.
        let endLocation = frame.isFlow ? marks.location(ofCharacter: end.index) : frame.lastChildEnd ?? frame.headerEnd
        let content: YAMLNode.Content = frame.isMapping ? .mapping(frame.pairs) : .sequence(frame.items)
        let node = YAMLNode(content, range: source.range(frame.start, endLocation))
        if let anchor = frame.anchor {
            anchors[anchor] = Anchored(node: node, expandedNodes: frame.expandedNodes, height: frame.height)
        }
        deliver(node, expandedNodes: frame.expandedNodes, height: frame.height, writtenAt: node.range)
    }

    /// Adds a finished node to the collection being built, or makes it the root. `writtenAt` is the node's own text:
    /// for an alias, the `*name`, where `node.range` is the anchored node's.
    private mutating func deliver(_ node: YAMLNode, expandedNodes: Int, height: Int, writtenAt written: SourceRange) {
        guard !stack.isEmpty else {
            root = node
            return
        }
        let top = stack.count - 1
        stack[top].lastChildEnd = written.end
        stack[top].height = max(stack[top].height, height + 1)
        guard stack[top].isMapping else {
            stack[top].items.append(node)
            stack[top].expandedNodes += expandedNodes
            return
        }
        if let key = stack[top].pendingKey.take() {
            if stack[top].keepsPendingPair {
                stack[top].pairs.append(YAMLPair(key: key, value: node))
                stack[top].expandedNodes += stack[top].pendingKeyNodes + expandedNodes
            }
        } else {
            stack[top].pendingKey = node
            stack[top].pendingKeyNodes = expandedNodes
            stack[top].keepsPendingPair = acceptKey(node, writtenAt: written, frame: top)
        }
    }

    /// Checks a key of the mapping at `stack[frame]`; false (with a diagnostic at `written`) when its pair must be
    /// dropped.
    private mutating func acceptKey(_ key: YAMLNode, writtenAt written: SourceRange, frame: Int) -> Bool {
        guard case .scalar(let text, let style) = key.content else {
            report(.nonScalarKey(source, kind: key.kindDescription, at: written))
            return false
        }
        if style == .plain, text == "<<" {
            report(.mergeKey(source, at: written))
            return false
        }
        if let first = firstRange(ofKey: text, frame: frame) {
            report(.duplicateKey(source, key: text, at: written, first: first))
            return false
        }
        stack[frame].keyIndex?[text] = key.range
        return true
    }

    /// Where `key` was first written in the mapping at `stack[frame]`, or nil. Small mappings (most of them) are
    /// searched, which costs less than hashing; a big one gets an index, so no mapping is quadratic.
    private mutating func firstRange(ofKey key: String, frame: Int) -> SourceRange? {
        if let index = stack[frame].keyIndex { return index[key] }
        let pairs = stack[frame].pairs
        for pair in pairs {
            if case .scalar(let text, _) = pair.key.content, text == key { return pair.key.range }
        }
        if pairs.count >= Self.searchedKeys {
            var index: [String: SourceRange] = [:]
            index.reserveCapacity(pairs.count * 2)
            for pair in pairs {
                if case .scalar(let text, _) = pair.key.content { index[text] = pair.key.range }
            }
            stack[frame].keyIndex = index
        }
        return nil
    }

    /// The number of pairs up to which a mapping's keys are searched rather than indexed.
    private static let searchedKeys = 16

    // MARK: Budgets and failure

    private mutating func count(nodes: Int, byAlias: Bool, at range: SourceRange) -> Bool {
        nodeCount += nodes
        guard nodeCount <= budget.maxNodes else {
            fail(.nodeLimit(source, limit: budget.maxNodes, byAlias: byAlias, at: range))
            return false
        }
        return true
    }

    /// Records a problem that does not stop parsing. Past ``maxProblems`` the file is refused: a 16 MiB file of
    /// duplicate keys would otherwise cost gigabytes of diagnostics.
    private mutating func report(_ diagnostic: Diagnostic) {
        guard diagnostics.count < Self.maxProblems else {
            return fail(.problemLimit(source, limit: Self.maxProblems, at: diagnostic.range))
        }
        diagnostics.append(diagnostic)
    }

    /// The most problems reported before the file is refused.
    static let maxProblems = 1_000

    private mutating func fail(_ diagnostic: Diagnostic) {
        diagnostics.append(diagnostic)
        failed = true
        isFinished = true
    }

    /// Reports an explicit tag, underlining it as written when it can be found after `nodeStart`.
    private mutating func reportTag(_ tag: String, nodeStart: SourceLocation, fallback: SourceRange) {
        if let written = Self.writtenTag(in: source, from: nodeStart) {
            report(.tag(source, text: written.text, at: written.range))
        } else {
            let text =
                tag.hasPrefix("tag:yaml.org,2002:") ? "!!" + tag.dropFirst("tag:yaml.org,2002:".count)
                : tag.hasPrefix("!") ? tag : "!<\(tag)>"
            report(.tag(source, text: text, at: fallback))
        }
    }

    /// The tag among the properties (`&anchor !tag` or `!tag &anchor`) that start at `start`, as written.
    static func writtenTag(in source: SourceFile, from start: SourceLocation) -> (text: String, range: SourceRange)? {
        let bytes = source.bytes
        func ends(_ byte: UInt8) -> Bool {
            switch byte {
            case UInt8(ascii: " "), UInt8(ascii: "\t"), UInt8(ascii: "\r"), UInt8(ascii: "\n"), UInt8(ascii: ","),
                UInt8(ascii: "["), UInt8(ascii: "]"), UInt8(ascii: "{"), UInt8(ascii: "}"):
                true
            default: false
            }
        }
        let limit = min(bytes.count, start.offset + 4096)
        var offset = start.offset
        for _ in 0..<2 where offset < limit {
            if bytes[offset] == UInt8(ascii: "!") {
                var end = offset + 1
                if end < limit, bytes[end] == UInt8(ascii: "<") {
                    // A verbatim tag, `!<tag:example.com,2000:x>`, may hold flow indicators.
                    while end < limit, bytes[end] != UInt8(ascii: ">"), bytes[end] != UInt8(ascii: "\n") { end += 1 }
                    if end < limit, bytes[end] == UInt8(ascii: ">") { end += 1 }
                } else {
                    while end < limit, !ends(bytes[end]) { end += 1 }
                }
                let tagStart = SourceLocation(
                    offset: offset, line: start.line,
                    column: start.column + SourceFile.scalarCount(bytes, from: start.offset, to: offset))
                let tagEnd = SourceLocation(
                    offset: end, line: start.line,
                    column: tagStart.column + SourceFile.scalarCount(bytes, from: offset, to: end))
                let text = String(decoding: bytes[offset..<end], as: UTF8.self)
                return (text, source.range(tagStart, tagEnd))
            }
            guard bytes[offset] == UInt8(ascii: "&") else { return nil }
            while offset < limit, !ends(bytes[offset]) { offset += 1 }
            while offset < limit, bytes[offset] == UInt8(ascii: " ") || bytes[offset] == UInt8(ascii: "\t") {
                offset += 1
            }
        }
        return nil
    }

    // MARK: Locations

    private mutating func range(_ start: LibYAMLMark, _ end: LibYAMLMark) -> SourceRange {
        source.range(marks.location(ofCharacter: start.index), marks.location(ofCharacter: end.index))
    }

    /// The end of a block scalar without the line breaks and blank lines libyaml includes after its text.
    private mutating func trimmedEnd(of range: SourceRange, endIndex: Int) -> SourceLocation {
        let bytes = source.bytes
        var offset = min(range.end.offset, bytes.count)
        var index = endIndex
        while offset > range.start.offset {
            let byte = bytes[offset - 1]
            guard byte == UInt8(ascii: "\n") || byte == UInt8(ascii: "\r") || byte == UInt8(ascii: " ")
                || byte == UInt8(ascii: "\t")
            else { break }
            offset -= 1
            index -= 1
        }
        return index == endIndex ? range.end : marks.location(ofCharacter: index)
    }
}

public import PolicyModel

/// `tierc keys list` (docs/cli.md, "keys"): the `keys:` entries of tenants.yaml with their state on a given day,
/// as an aligned table or JSON. Never a key: only what the file holds (hash, display prefix, label, dates).
public struct KeyListing: Sendable {
    public var entries: [APIKeyEntry]
    /// The day the state is judged on (today, by default).
    public var day: CalendarDay

    public init(entries: [APIKeyEntry], on day: CalendarDay) {
        self.entries = entries
        self.day = day
    }

    /// `active`, `revoked since DATE`, or `active, revoked from DATE` for a revocation still to come.
    public func state(of entry: APIKeyEntry) -> String {
        guard let revoked = entry.revoked else { return "active" }
        return entry.isRevoked(on: day) ? "revoked since \(revoked)" : "active, revoked from \(revoked)"
    }

    /// An aligned table: TENANT, NAME, PREFIX, CREATED, STATE; `-` for what the entry does not say. Texts from
    /// the file are shown with control characters escaped.
    public func human() -> String {
        guard !entries.isEmpty else { return "no `keys:` entries\n" }
        let header = ["TENANT", "NAME", "PREFIX", "CREATED", "STATE"]
        let rows = entries.map { entry in
            [entry.tenant, entry.name ?? "-", entry.prefix ?? "-", entry.created?.description ?? "-", state(of: entry)]
                .map(HumanRenderer.displayable)
        }
        let widths = header.indices.map { column in ([header] + rows).map { $0[column].count }.max() ?? 0 }
        return ([header] + rows).map { row in
            row.enumerated().map { column, text in
                column == row.count - 1 ? text : text + String(repeating: " ", count: widths[column] - text.count)
            }.joined(separator: "  ")
        }.joined(separator: "\n") + "\n"
    }

    /// `{"on": DATE, "keys": [{"tenant", "name", "prefix", "hash", "created", "revoked", "state"}]}`; absent
    /// fields are `null`, `state` is `active` or `revoked`.
    public func json() -> String {
        func text(_ value: String?) -> String { value.map(JSONText.quoted) ?? "null" }
        var out = "{\n  \"on\": \(JSONText.quoted(day.description)),\n  \"keys\": ["
        for (index, entry) in entries.enumerated() {
            out += index == 0 ? "\n" : ",\n"
            out += "    {\"tenant\": \(text(entry.tenant)), \"name\": \(text(entry.name)), \"prefix\": \(text(entry.prefix)), "
                + "\"hash\": \(text("sha256:" + entry.hash)), \"created\": \(text(entry.created?.description)), "
                + "\"revoked\": \(text(entry.revoked?.description)), "
                + "\"state\": \(text(entry.isRevoked(on: day) ? "revoked" : "active"))}"
        }
        out += entries.isEmpty ? "]\n}\n" : "\n  ]\n}\n"
        return out
    }
}

extension Diagnostic {
    /// This diagnostic with its ``file`` and its notes' files named after the files their ranges are in, where
    /// that file is one of `files` (docs/pipeline.md#source-ranges): a stage that reports about a node names the
    /// file it was given, which for a node `tierc diff --set` wrote is not the file the node's range is in.
    public func placed(in files: [SourceFile]) -> Diagnostic {
        var placed = self
        if let file = files.first(where: { $0.id == range.file }) { placed.file = file.name }
        for index in placed.notes.indices {
            guard let range = placed.notes[index].range, let file = files.first(where: { $0.id == range.file }) else {
                continue
            }
            placed.notes[index].file = file.name
        }
        return placed
    }
}

import Synchronization

extension SourceFile {
    /// A small number that tells one ``SourceFile`` from every other of the process, given when the file is made,
    /// and carried by every ``SourceRange`` in it (docs/pipeline.md#source-ranges). It is never shown: output names
    /// a file by its ``SourceFile/name``.
    public struct ID: Sendable, Hashable, CustomStringConvertible {
        let rawValue: UInt32

        /// The file of ranges made without a ``SourceFile`` (``SourceRange/fileStart``).
        public static let none = ID(rawValue: 0)

        /// A new id, never given before in this process.
        static func next() -> ID {
            ID(rawValue: counter.wrappingAdd(1, ordering: .relaxed).newValue)
        }

        private static let counter = Atomic<UInt32>(0)

        public var description: String { "file#\(rawValue)" }
    }
}
